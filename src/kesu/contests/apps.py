from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "kesu.contests"
    label = "contests"
    verbose_name = "知识竞赛"

    def ready(self) -> None:
        from kesu.contests.demo import contests_demo
        from kesu.demo.services import register_demo_step

        register_demo_step("contests", contests_demo)

        from kesu.contests.results import contest_titles, rank_panel
        from kesu.quiz.extensions import register_result_panel, register_titles

        register_titles(contest_titles)
        register_result_panel(rank_panel)
