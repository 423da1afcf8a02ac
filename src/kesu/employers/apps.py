from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "kesu.employers"
    label = "employers"
    verbose_name = "企业建会与工资协商"
