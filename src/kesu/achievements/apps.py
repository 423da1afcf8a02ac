from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    name = "kesu.achievements"
    label = "achievements"
    verbose_name = "创新成果与先进表彰"
