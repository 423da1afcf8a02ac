from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "kesu.members"
    label = "members"
    verbose_name = "会员"

    def ready(self) -> None:
        from kesu.accounts.services import install_member_lookup
        from kesu.members.selectors import member_by_id_number

        install_member_lookup(member_by_id_number)
