from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "kesu.leadership"
    label = "leadership"
    verbose_name = "组织领导"
