from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "kesu.training"
    label = "training"
    verbose_name = "培训"
