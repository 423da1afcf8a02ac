from django.apps import AppConfig


class HardshipConfig(AppConfig):
    name = "kesu.hardship"
    label = "hardship"
    verbose_name = "困难职工帮扶"

    def ready(self) -> None:
        from kesu.demo.services import register_demo_step
        from kesu.hardship.demo import hardship_demo

        register_demo_step("hardship", hardship_demo)
