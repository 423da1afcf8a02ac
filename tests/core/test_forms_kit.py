"""web.forms_kit: the boxes forms are made of and the two shared form bases."""

from django.utils.translation import gettext_lazy as _

from kesu.web import forms_kit as kit


class _Filter(kit.RecordFilterForm):
    search_label = _("标题")
    year = kit.number(_("年份"))


class _Record(kit.OrgRecordForm):
    org_label = _("主办工会")
    title = kit.text(_("名称"))


def test_filter_bar_puts_search_and_org_first_with_their_labels(users):
    form = _Filter({"q": "科普", "org": "HZ-A", "year": "2026"}, user=users.staff_a)
    assert list(form.fields) == ["q", "org", "year"]
    assert (str(form.fields["q"].label), str(form.fields["org"].label)) == (
        "标题",
        "组织（含下级）",
    )
    assert form.is_valid()
    assert form.cleaned_data == {"q": "科普", "org": "HZ-A", "year": "2026"}
    assert _Filter({}, user=users.staff_a).is_valid()  # every filter is optional


def test_record_form_requires_its_organisation_and_names_it(users):
    form = _Record({"title": ""}, user=users.staff_a)
    assert list(form.fields) == ["org", "title"]
    assert str(form.fields["org"].label) == "主办工会"
    assert not form.is_valid()
    assert set(form.errors) == {"org"}


def test_optional_boxes_and_the_all_choice():
    assert kit.number(_("人数")).widget.attrs["inputmode"] == "numeric"
    assert kit.decimal(_("金额")).widget.attrs["inputmode"] == "decimal"
    assert kit.date(_("日期")).widget.input_type == "date"
    assert kit.paragraphs(_("说明"), 5).widget.attrs["rows"] == 5
    field = kit.any_of(_("类型"), [("a", "甲")])
    assert not field.required
    assert field.choices[0][0] == "" and field.choices[1] == ("a", "甲")
