from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "kesu.archive"
    label = "archive"
    verbose_name = "科学素质档案"
