"""Organisation forms and the organisation picker used by every form that chooses an org.

The picker yields an organisation *code*; views resolve it with access.get_org_for_user, so
a code outside the user's subtree answers 404 exactly like a missing one.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.orgs import access
from kesu.orgs.models import Kind, Level

# Up to this many organisations in scope the picker is a plain <select>; above it, a text
# box with suggestions fetched by htmx (a 10,000-option select is slow to render and use).
SELECT_LIMIT = 200
CHOOSE_ORG = _("请选择组织")


class OrgPickerWidget(forms.TextInput):
    template_name = "orgs/widgets/org_picker.html"

    def __init__(self, attrs=None):
        base = {"autocomplete": "off", "placeholder": _("输入名称或编码搜索")}
        super().__init__({**base, **(attrs or {})})


class OrgPickerField(forms.CharField):
    """An organisation code, offered from the user's scope."""

    def __init__(self, *args, blank_label=CHOOSE_ORG, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)
        self.blank_label = blank_label
        self.widget = OrgPickerWidget()

    def set_scope(self, user, action: str = access.VIEW) -> None:
        orgs = access.orgs_for(user, action)
        if orgs.count() > SELECT_LIMIT:
            return
        rows = list(orgs.order_by("path").values_list("code", "name", "depth"))
        top = min((depth for _c, _n, depth in rows), default=0)
        choices = [("", self.blank_label)] + [
            (code, f"{'　' * (depth - top)}{name}（{code}）") for code, name, depth in rows
        ]
        self.widget = forms.Select(choices=choices)


class OrgCreateForm(forms.Form):
    code = forms.CharField(
        label=_("编码"),
        max_length=40,
        help_text=_("字母、数字、下划线或短横线，创建后不可修改，例如 HZ-A-1-02"),
    )
    name = forms.CharField(label=_("名称"), max_length=120)
    level = forms.ChoiceField(label=_("层级"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices, initial=Kind.UNION)


class OrgEditForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=120)
    level = forms.ChoiceField(label=_("层级"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices)
    is_active = forms.BooleanField(label=_("启用"), required=False)


class OrgMoveForm(forms.Form):
    parent = OrgPickerField(label=_("新的上级组织"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].set_scope(user, access.MANAGE)


class ScopedForm(forms.Form):
    """A form whose organisation pickers list the user's organisations for `action`."""

    def __init__(self, *args, user, action=access.CHANGE, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, OrgPickerField):
                field.set_scope(user, action)
