from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "kesu.members"
    label = "members"
    verbose_name = "会员"
