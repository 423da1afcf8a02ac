from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "kesu.assessment"
    label = "assessment"
    verbose_name = "科学素质测评"
