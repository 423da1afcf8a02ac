"""What the record apps' forms share: widgets, the optional boxes they are made of and the
filter bar above a record list.

The forms only collect text; the services judge it and answer in Chinese, so numbers and
dates are text boxes (a browser's own number check would speak the browser's language).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kesu.orgs.forms import OrgPickerField, ScopedForm

ALL = [("", _("全部"))]
SUBTREE = _("组织（含下级）")  # the label of a filter by organisation
DATE = forms.DateInput(attrs={"type": "date"})
NUMBER = forms.TextInput(attrs={"inputmode": "numeric"})
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal"})


def text(label: Any, widget: Any = None, **kwargs: Any) -> forms.CharField:
    """An optional text box (or `widget`)."""
    return forms.CharField(label=label, required=False, widget=widget, **kwargs)


def number(label: Any, **kwargs: Any) -> forms.CharField:
    return text(label, NUMBER, **kwargs)


def decimal(label: Any, **kwargs: Any) -> forms.CharField:
    return text(label, DECIMAL, **kwargs)


def date(label: Any, **kwargs: Any) -> forms.CharField:
    return text(label, DATE, **kwargs)


def paragraphs(label: Any, rows: int = 3, **kwargs: Any) -> forms.CharField:
    """An optional text area of `rows` lines."""
    return text(label, forms.Textarea(attrs={"rows": rows}), **kwargs)


def ticks(label: Any, choices: Iterable[Any] = (), **kwargs: Any) -> forms.MultipleChoiceField:
    """Optional tick boxes, one a choice (or choices the form sets later)."""
    widget = forms.CheckboxSelectMultiple
    return forms.MultipleChoiceField(
        label=label, required=False, choices=choices, widget=widget, **kwargs
    )


def any_of(label: Any, choices: Iterable[Any], **kwargs: Any) -> forms.ChoiceField:
    """An optional filter: one of `choices`, or 全部."""
    return forms.ChoiceField(label=label, required=False, choices=ALL + list(choices), **kwargs)


def search(placeholder: Any) -> forms.CharField:
    """The search box of a filter bar (搜索), its `placeholder` saying what it finds."""
    return text(_("搜索"), forms.TextInput(attrs={"type": "search", "placeholder": placeholder}))


def org_filter(label: Any = SUBTREE) -> OrgPickerField:
    """A filter bar's organisation (and its subtree); left blank, all of the user's scope."""
    return OrgPickerField(label=label, required=False, blank_label=_("全部组织"))


class RecordFilterForm(ScopedForm):
    """The filter bar of a record list: a search box and an organisation (with its subtree),
    named by `search_label` and `org_label`; subclasses add their own filters after them, and
    name as `filters` the Filters class the list's selector reads (see Frame.list_view)."""

    search_label: Any = _("名称")
    org_label: Any = _("组织（含下级）")

    q = forms.CharField(required=False)
    org = OrgPickerField(required=False, blank_label=_("全部组织"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].label = self.search_label
        self.fields["org"].label = self.org_label


class OrgRecordForm(ScopedForm):
    """The form of a record an organisation owns: the organisation first (from the user's
    scope), named by `org_label`; subclasses declare the record's own fields after it."""

    org_label: Any = _("所属组织")

    org = OrgPickerField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].label = self.org_label
