"""Forms for logins, users and tokens. Rules live in accounts.services; forms only collect input."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from kesu.accounts.models import Role
from kesu.orgs.forms import OrgPickerField


class LoginForm(AuthenticationForm):
    """Django's form (it passes the request to authenticate, which django-axes needs)."""

    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续输错5次后账号将被锁定15分钟。"),
        "inactive": _("该账号已停用，请联系单位管理员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})


class KesuPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("当前密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password1"].help_text = _("至少12个字符，不能全是数字，不能与用户名相近。")
        self.fields["new_password2"].label = _("确认新密码")


def _member_field(help_text: str) -> forms.CharField:
    return forms.CharField(
        label=_("对应会员（身份证号）"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=help_text,
    )


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=60, required=False)
    org = OrgPickerField(label=_("所属组织"))
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少12个字符；请通过安全渠道告知本人，并提醒其登录后修改。"),
    )
    member = _member_field(
        _("仅“会员”角色：填写本辖区名册中该会员的完整身份证号，以便其登录后一键签到。")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].set_scope(user, "manage")


class UserEditForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=60, required=False)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    is_active = forms.BooleanField(label=_("启用"), required=False)
    password = forms.CharField(
        label=_("重置密码"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("留空表示不修改；新密码至少12个字符。"),
    )
    member = _member_field(_("仅“会员”角色：填写完整身份证号以对应名册中的会员；留空表示不修改。"))
    unlink_member = forms.BooleanField(label=_("解除会员对应"), required=False)

    def __init__(self, *args, linked=None, **kwargs):
        super().__init__(*args, **kwargs)
        if linked is None:
            del self.fields["unlink_member"]
        else:
            self.fields["member"].help_text = _(
                "当前对应：%(member)s。填写其他会员的完整身份证号可改为对应该会员；留空表示不修改。"
            ) % {"member": linked}


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("令牌名称"), max_length=60, required=False, help_text=_("例如：统计报表脚本")
    )
