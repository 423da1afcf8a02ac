from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "kesu.contests"
    label = "contests"
    verbose_name = "知识竞赛"

    def ready(self) -> None:
        from kesu.contests.demo import contests_demo
        from kesu.demo.services import register_demo_step

        register_demo_step("contests", contests_demo)
