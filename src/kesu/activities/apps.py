from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "kesu.activities"
    label = "activities"
    verbose_name = "科普活动"
