from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "kesu.orgs"
    label = "orgs"
    verbose_name = "工会组织"
