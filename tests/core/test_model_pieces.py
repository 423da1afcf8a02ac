"""The pieces models share (core.labels, core.fields.notes_field, the Meta pieces and
once_per_member of core.constraints) give each model exactly what it used to spell out, and the
constraints they declare still refuse the rows they are there to refuse."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kesu.activities.models import Activity
from kesu.core.constraints import newest_by_org, once_per_member, unique, yearly
from kesu.core.fields import notes_field
from kesu.core.labels import Named, Titled
from kesu.leadership.models import LeadingGroup, Meeting, WorkArea
from kesu.orgs.models import Organization


def test_notes_field_is_the_optional_text_it_replaces():
    assert notes_field().deconstruct() == models.TextField(_("备注"), blank=True).deconstruct()
    assert (
        notes_field(_("困难情况说明")).deconstruct()
        == models.TextField(_("困难情况说明"), blank=True).deconstruct()
    )


def test_once_per_member_leaves_rows_without_a_member_alone():
    assert once_per_member(["team"], "x_once", _("已存在")) == unique(
        ["team", "member"], "x_once", _("已存在"), condition=Q(member__isnull=False)
    )


def test_meta_pieces_reach_the_models_that_inherit_them():
    assert Meeting._meta.ordering == ["-held_on", "-id"]
    assert Meeting._meta.indexes == [
        models.Index(fields=["org", "held_on"], name="meeting_org_date")
    ]
    assert WorkArea._meta.ordering == ["-year", "org_id", "area"]
    assert WorkArea._meta.constraints == [
        unique(["org", "year", "area"], "workarea_one_per_year", _("该组织本年度已有此项分工"))
    ]
    # Each call builds its own index: Django names and binds indexes per model.
    assert newest_by_org("on", "a").indexes[0] is not newest_by_org("on", "a").indexes[0]
    assert yearly("venue", "x").ordering == ["-year", "venue_id"]


def test_records_read_as_their_name_or_title_and_the_bases_add_no_column():
    assert str(Organization(name="西湖区总工会")) == "西湖区总工会"
    assert str(Activity(title="科普讲座")) == "科普讲座"
    for base in (Named, Titled):
        assert base._meta.abstract and not base._meta.local_fields


@pytest.mark.django_db
def test_a_yearly_record_is_refused_a_second_time_with_its_message(tree):
    LeadingGroup.objects.create(org=tree.a, year=2025)
    again = LeadingGroup(org=tree.a, year=2025)
    with pytest.raises(ValidationError, match="该组织本年度已有领导小组"):
        again.full_clean()
    LeadingGroup(org=tree.a, year=2026).full_clean()
