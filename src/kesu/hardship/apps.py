from django.apps import AppConfig


class HardshipConfig(AppConfig):
    name = "kesu.hardship"
    label = "hardship"
    verbose_name = "困难职工帮扶"
