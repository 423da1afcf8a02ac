"""kesu's own number formats (settings.FORMAT_MODULE_PATH), read before Django's locale."""
