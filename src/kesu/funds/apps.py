from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "kesu.funds"
    label = "funds"
    verbose_name = "工作经费"
