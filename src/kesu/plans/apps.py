from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "kesu.plans"
    label = "plans"
    verbose_name = "年度计划"

    def ready(self) -> None:
        from kesu.indicators import targets
        from kesu.plans.selectors import plan_target

        targets.install(plan_target)
