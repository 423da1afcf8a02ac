from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AuditConfig(AppConfig):
    name = "kesu.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        # Every app declares its audit actions (with Chinese labels) in its own
        # audit_actions.py; a code declared twice fails here, at start-up.
        from kesu.audit import registry

        autodiscover_modules("audit_actions")
        registry.load()
