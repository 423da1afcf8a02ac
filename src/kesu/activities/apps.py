from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "kesu.activities"
    label = "activities"
    verbose_name = "科普活动"

    def ready(self) -> None:
        # Registers the demo step (kesu.demo.services.register_demo_step).
        from kesu.activities import demo, demo_campaigns  # noqa: F401
