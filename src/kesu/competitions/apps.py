from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "kesu.competitions"
    label = "competitions"
    verbose_name = "劳动技能竞赛与文体活动"

    def ready(self) -> None:
        from kesu.competitions.demo import competitions_demo
        from kesu.demo.services import register_demo_step

        register_demo_step("competitions", competitions_demo)
