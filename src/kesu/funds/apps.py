from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "kesu.funds"
    label = "funds"
    verbose_name = "工作经费"

    def ready(self) -> None:
        from kesu.demo.services import register_demo_step
        from kesu.funds.demo import funds_demo

        register_demo_step("funds", funds_demo)
