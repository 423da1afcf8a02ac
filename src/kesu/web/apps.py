from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kesu.web"
    label = "web"
    verbose_name = "网页与接口工具"
