from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "kesu.contests"
    label = "contests"
    verbose_name = "知识竞赛"
