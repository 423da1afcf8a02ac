from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kesu.core"
    label = "core"
    verbose_name = "科素"
