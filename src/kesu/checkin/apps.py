from django.apps import AppConfig


class CheckinConfig(AppConfig):
    name = "kesu.checkin"
    label = "checkin"
    verbose_name = "签到"
