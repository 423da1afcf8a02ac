from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "kesu.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self) -> None:
        # Every app declares its figures in its own indicators.py; importing them registers
        # them, and a duplicate code fails here, at start-up.
        from kesu.core.discovery import app_modules

        app_modules("indicators")
