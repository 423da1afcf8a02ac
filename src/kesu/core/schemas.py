"""Schema bases shared by the apps' APIs."""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, WithJsonSchema, create_model
from pydantic_core import PydanticCustomError

from kesu.core.codes import decode_codes

# Bounds every number the API accepts, so that an out-of-range value is refused as a field
# error (422) instead of reaching the database or `datetime` and failing there; pydantic
# writes the same bounds into the OpenAPI document.
BIGINT_MAX = 2**63 - 1  # the primary keys are 64-bit on both databases
INT_MAX = 2**31 - 1  # IntegerField / PositiveIntegerField on PostgreSQL
YEAR_MIN, YEAR_MAX = 1900, 2100
PAGE_MAX = 10**6

Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
Page = Annotated[int, Field(ge=1, le=PAGE_MAX, description="页码，从1开始")]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
SmallInt = Annotated[int, Field(ge=-INT_MAX, le=INT_MAX)]

# A date written YYYY-MM-DD, as the schema's format says: pydantic alone would also take "0"
# or 1700000000 as a Unix timestamp.
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _written_as_iso_day(value: Any) -> Any:
    if not isinstance(value, dt.date) and not (isinstance(value, str) and _ISO_DAY.match(value)):
        raise PydanticCustomError("date_parsing", "")
    return value


Day = Annotated[dt.date, BeforeValidator(_written_as_iso_day)]


def BoundedDecimal(max_digits: int, places: int, *, signed: bool = False) -> Any:  # noqa: N802
    """A decimal that fits `DecimalField(max_digits, decimal_places=places)`.

    A JSON number is rounded to `places` (a float carries no exact decimals to keep); a string
    must be written as the schema's pattern says, with at most `places` decimals.
    """
    step = Decimal(1).scaleb(-places)
    limit = Decimal(10) ** (max_digits - places) - step
    low = -limit if signed else Decimal(0)
    decimals = rf"(\.\d{{1,{places}}})?" if places else ""
    pattern = re.compile(rf"^{'-?' if signed else ''}\d{{1,{max_digits - places}}}{decimals}$")

    def written_plainly(value: Any) -> Any:
        if isinstance(value, str) and not pattern.match(value):
            raise PydanticCustomError("decimal_format", "")
        return value

    def rounded(value: Decimal) -> Decimal:
        too_fine = int(value.as_tuple().exponent) < -places
        return value.quantize(step, rounding=ROUND_HALF_UP) if too_fine else value

    schema = {
        "anyOf": [
            {"type": "number", "minimum": float(low), "maximum": float(limit)},
            {"type": "string", "pattern": pattern.pattern},
        ]
    }
    return Annotated[
        Decimal,
        BeforeValidator(written_plainly),
        Field(ge=low, le=limit, allow_inf_nan=False),
        AfterValidator(rounded),
        WithJsonSchema(schema),
    ]


# Loose input types: a request field that accepts what people and spreadsheets send (a number
# as text, a date as "2026/5/1", a list as "a、b") and leaves the reading to the service's own
# parser (kesu.core.parsing), so a form, an import and the API refuse the same values the same way.
Loose = str | None
LooseInt = int | str | None
LooseDate = dt.date | str | None
LooseDateTime = dt.datetime | str | None
LooseBool = bool | str | None
LooseDecimal = Decimal | float | int | str | None
LooseList = list[Any] | str | None
LooseCodes = list[str] | str | None  # choice codes or labels, as a list or "a、b"


def display(field: str) -> Any:
    """A resolver for `<field>_name`: the Chinese label of the record's choice `field`
    (``resolve_kind_name = display("kind")``)."""

    def resolve(obj: Any) -> str:
        return str(getattr(obj, f"get_{field}_display")())

    return staticmethod(resolve)


def attr(path: str) -> Any:
    """A resolver that reads a dotted attribute path of the record
    (``resolve_venue = attr("venue_id")``, ``resolve_org = attr("venue.org.code")``)."""

    def resolve(obj: Any) -> Any:
        for name in path.split("."):
            obj = getattr(obj, name)
        return obj

    return staticmethod(resolve)


def codes(field: str) -> Any:
    """A resolver for a multiple-choice field stored as codes in one text column: the list of
    codes (``resolve_topics = codes("topics")``)."""

    def resolve(obj: Any) -> list[str]:
        return decode_codes(getattr(obj, field))

    return staticmethod(resolve)


class PartialIn(Schema):
    """A request body that refuses unknown keys; `data()` keeps only the keys sent (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    def data(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class OrgNamed(Schema):
    """An answer about a record owned by an organisation: its `org` and `org_name` fields (where
    the schema declares them) are the organisation's code and name."""

    resolve_org = attr("org.code")
    resolve_org_name = attr("org.name")


class OrgRecordOut(OrgNamed):
    """A record owned by an organisation: its id and the organisation's code and name."""

    id: int
    org: str = Field(description="所属组织编码")
    org_name: str


def patch_of(create: type[PartialIn], *, drop: tuple[str, ...] = (), **given: Any) -> Any:
    """The PATCH body of a create body: the same fields but `drop`, each optional (a key left
    out keeps its value); `given` replaces a field's definition (``org=Field(None)``). Named
    after `create` ("VenueCreateIn" → "VenuePatchIn") in the caller's module."""
    fields: dict[str, Any] = {}
    for name, info in create.model_fields.items():
        if name in given:
            fields[name] = (info.annotation | None, given[name])
        elif name not in drop:
            # The bounds and parsers stay on the value itself, so that null is still "unset".
            value = (
                Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
            )
            fields[name] = (value | None, Field(None, description=info.description))
    return create_model(
        create.__name__.replace("CreateIn", "PatchIn"),
        __base__=PartialIn,
        __module__=sys._getframe(1).f_globals["__name__"],
        **fields,
    )
