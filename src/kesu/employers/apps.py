from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "kesu.employers"
    label = "employers"
    verbose_name = "企业建会与工资协商"

    def ready(self) -> None:
        from kesu.demo.services import register_demo_step
        from kesu.employers.demo import employers_demo

        register_demo_step("employers", employers_demo)
