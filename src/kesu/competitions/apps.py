from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "kesu.competitions"
    label = "competitions"
    verbose_name = "劳动技能竞赛与文体活动"
