from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kesu.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        # Every app declares its audit actions (with Chinese labels) in its own
        # audit_actions.py; a code declared twice fails here, at start-up.
        from kesu.audit import registry

        registry.load()
