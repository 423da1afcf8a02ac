from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "kesu.evaluations"
    label = "evaluations"
    verbose_name = "目标考评"
