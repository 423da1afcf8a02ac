from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "kesu.leadership"
    label = "leadership"
    verbose_name = "组织领导"

    def ready(self) -> None:
        from kesu.demo.services import register_demo_step
        from kesu.leadership.demo import leadership_demo

        register_demo_step("leadership", leadership_demo)
