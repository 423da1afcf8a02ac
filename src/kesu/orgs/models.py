from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.fields import Timestamped, optional_fk
from kesu.core.labels import Named
from kesu.orgs.choices import Kind, Level

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_-]{1,40}$", _("编码只能包含字母、数字、下划线和短横线，最多40个字符")
)


class Organization(Timestamped, Named):
    """A node of the union tree.

    `path` is a materialised path of codes ("/HZ/HZ-XH/…/"), so a subtree is one indexed
    prefix query. Codes are stable: moving a subtree rewrites paths, never codes.
    """

    code = models.CharField(_("编码"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("名称"), max_length=120)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices, default=Kind.UNION)
    parent = optional_fk("self", _("上级组织"), on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=800, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("工会组织")
        ordering = ["path"]

    def is_within(self, other: Organization) -> bool:
        """True when self is other or a descendant of other."""
        return self.path.startswith(other.path)
