"""Fast multi-row INSERT for large imports and demo data.

Django's bulk_create on SQLite is capped at 999 parameters per statement (≈40 member rows),
so big loads spend their time building SQL. One prepared INSERT run with executemany is an
order of magnitude faster on SQLite; on PostgreSQL the rows stream through COPY (psycopg's
copy API: no statement per row at all), with the same values and the same errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from itertools import islice
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _adapter(field: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField | models.DecimalField):
        return lambda v, f=field: f.get_db_prep_save(v, connection)
    return None


def bulk_insert(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]] | Iterable[Sequence[Any]],
    *,
    batch: int = 5000,
    columns: Sequence[str] | None = None,
    common: Mapping[str, Any] | None = None,
) -> int:
    """Insert rows: dicts (field name -> value) or, with `columns`, sequences of values in
    that field order (large imports: no dict per row). `common` holds values shared by every
    row (e.g. the organisation). Missing fields take their default; auto_now and
    auto_now_add timestamps are filled with one shared `now`. Returns rows inserted.
    The caller owns the transaction."""
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    by_key = {f.name: f for f in fields} | {f.attname: f for f in fields}
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
    for key, value in (common or {}).items():
        defaults[by_key[key].attname] = value
    # Defaults (the shared `now` above all) are adapted once, not once per row.
    adapted_defaults = {}
    for f in fields:
        if f.attname in defaults:
            value, adapt = defaults[f.attname], _adapter(f)
            adapted_defaults[f.attname] = adapt(value) if adapt and value is not None else value
    if columns is not None:
        given = [by_key[c] for c in columns]
        fields = given + [f for f in fields if f not in given]
    quote = connection.ops.quote_name
    # Identifiers come from model metadata, quoted; values are always parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    if columns is not None:
        # Fields not given are the same for every row: one tail of adapted defaults.
        tail = [adapted_defaults[f.attname] for f in fields[len(given) :]]
        convert = [(i, a) for i, f in enumerate(given) if (a := _adapter(f)) is not None]
        make_params = partial(_sequence_params, tail=tail, convert=convert)
    else:
        adapters = [(_adapter(f), f.attname, f.name) for f in fields]
        make_params = partial(_mapping_params, adapters=adapters, defaults=adapted_defaults)
    total = 0
    iterator = iter(rows)
    if connection.vendor == "postgresql":
        copy_sql = "COPY {} ({}) FROM STDIN".format(  # noqa: S608 (identifiers from metadata)
            quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
        )
        with connection.cursor() as cursor, connection.wrap_database_errors:
            with cursor.cursor.copy(copy_sql) as copy:
                while chunk := list(islice(iterator, batch)):
                    for values in make_params(chunk):
                        copy.write_row(values)
                    total += len(chunk)
        return total
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, batch)):
            cursor.executemany(sql, make_params(chunk))
            total += len(chunk)
    return total


def _sequence_params(
    chunk: list[Sequence[Any]], *, tail: list[Any], convert: list[tuple[int, Callable]]
) -> list[list[Any]]:
    params = []
    for row in chunk:
        values = [*row, *tail]
        for i, adapt in convert:
            if (value := values[i]) is not None:
                values[i] = adapt(value)
        params.append(values)
    return params


def _mapping_params(
    chunk: list[Mapping[str, Any]], *, adapters: list, defaults: dict[str, Any]
) -> list[list[Any]]:
    params = []
    for row in chunk:
        values = []
        for adapt, attname, name in adapters:
            if name in row:
                value = row[name]
            elif attname in row:
                value = row[attname]
            else:
                values.append(defaults[attname])
                continue
            values.append(adapt(value) if adapt is not None and value is not None else value)
        params.append(values)
    return params
