"""kesu.web.views.apply_errors shows any service refusal on a form."""

from django import forms

from kesu.core.errors import ServiceError
from kesu.orgs.services import OrgError
from kesu.web.views import apply_errors


class NameForm(forms.Form):
    name = forms.CharField(required=False)


def _shown(error):
    form = NameForm({"name": "x"})
    form.is_valid()
    apply_errors(form, error)
    return dict(form.errors)


def test_field_errors_go_on_their_fields_and_the_rest_on_top():
    shown = _shown(ServiceError({"name": "名称重复", "code": "编码已存在"}))
    assert shown == {"name": ["名称重复"], "__all__": ["编码已存在"]}


def test_each_shape_of_domain_error_is_shown():
    assert _shown(OrgError("名称不能为空", "name")) == {"name": ["名称不能为空"]}
    assert _shown(OrgError("不能移动到自己的下级")) == {"__all__": ["不能移动到自己的下级"]}
    assert _shown({"name": "太长"}) == {"name": ["太长"]}
