from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "kesu.members"
    label = "members"
    verbose_name = "会员"

    def ready(self) -> None:
        from django.db.models import Q

        from kesu.accounts.services import install_member_lookup
        from kesu.members.choices import CURRENT_STATUSES
        from kesu.members.selectors import member_by_id_number
        from kesu.orgs.selectors import install_member_count

        install_member_lookup(member_by_id_number)
        install_member_count(Q(members__status__in=CURRENT_STATUSES))
