from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "kesu.resources"
    label = "resources"
    verbose_name = "科普资源"
