from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "kesu.dashboard"
    label = "dashboard"
    verbose_name = "数据看板"
