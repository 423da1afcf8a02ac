from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    name = "kesu.achievements"
    label = "achievements"
    verbose_name = "创新成果与先进表彰"

    def ready(self) -> None:
        from kesu.achievements.demo import achievements_demo
        from kesu.demo.services import register_demo_step

        register_demo_step("achievements", achievements_demo)
