from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "kesu.resources"
    label = "resources"
    verbose_name = "科普资源"

    def ready(self) -> None:
        from kesu.demo.services import register_demo_step
        from kesu.resources.demo import resources_demo

        register_demo_step("resources", resources_demo)
