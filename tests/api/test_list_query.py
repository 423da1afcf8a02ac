"""A list's query schema is declared from its selector's filters dataclass (list_query)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kesu.core.filters import Filters
from kesu.members.choices import Gender
from kesu.web.api_schemas import code_list, list_query


@dataclass
class ThingFilters(Filters):
    q: str = ""
    kind: str = ""
    org: str = ""
    secret: str = ""


def test_fields_follow_the_dataclass_with_the_common_descriptions():
    query = list_query(ThingFilters, {"kind": "a/b"}, omit=("secret",))
    assert query.__name__ == "ThingListQuery"
    assert list(query.model_fields) == ["page", "page_size", "q", "kind", "org"]
    fields = query.model_fields
    assert (fields["q"].description, fields["org"].description) == (
        "名称包含",
        "组织编码（含下级）",
    )
    assert fields["kind"].description == "a/b"
    assert query(kind=" x ").kind == " x " and query().org == ""


def test_a_filter_the_list_lacks_or_an_undescribed_one_is_refused():
    with pytest.raises(TypeError, match="no field colour"):
        list_query(ThingFilters, {"kind": "", "secret": "", "colour": ""})
    with pytest.raises(TypeError, match="no description for secret"):
        list_query(ThingFilters, {"kind": ""})


def test_code_list_spells_the_choices_codes():
    assert code_list(Gender, " / ") == "M / F"
