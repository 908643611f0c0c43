"""Writing many rows at once, for the import: chunks that fit the database's parameter limit,
and inserts that need no model instance per row.

``bulk_create`` builds a model instance per row and prepares every field of it in Python; for
link rows (an offer and an age group) that is most of an import's time. ``insert`` writes the
same rows with one ``executemany``, the values prepared by the model's fields as Django would.
It sends no signals and records no history: callers do what signals would have done.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from django.db import connection, models

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


def parameter_limit() -> int:
    """How many values an ``__in`` filter may hold on this database (SQLite limits the number
    of query parameters; Django assumes its conservative 999)."""
    limit = connection.features.max_query_params
    return max(1, limit - 99) if limit else 1_000_000


def chunks(values: Sequence[T], size: int | None = None) -> Iterator[Sequence[T]]:
    """``values`` in parts of ``size`` (default: what an ``__in`` filter may hold)."""
    size = size or parameter_limit()
    for start in range(0, len(values), size):
        yield values[start : start + size]


def insert(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (attribute name → value, e.g. ``offer_id``) into ``model``'s table; a
    field a row leaves out gets its default (a new UUID, say), an auto-incremented key is left
    to the database. Returns the number of rows.

    SQLite runs one statement per row with ``executemany`` (cheap in-process). PostgreSQL gets
    each column as one array and ``INSERT … SELECT … FROM unnest(…)``: one statement for
    thousands of rows instead of a round trip each."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]
    values = [
        [
            field.get_db_prep_save(
                row[field.attname] if field.attname in row else field.get_default(), connection
            )
            for field in fields
        ]
        for row in rows
    ]
    if not values:
        return 0
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays})"  # noqa: S608
            for part in chunks(values, 10_000):
                cursor.execute(sql, [list(column) for column in zip(*part, strict=True)])
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, values)
    return len(values)


def create(objects: Sequence[M], *, key: str | None = "uuid") -> None:
    """Insert new model instances as ``bulk_create`` would (defaults, ``auto_now_add`` and
    ``auto_now`` filled in), without building a query expression per field and object. With
    ``key``, a unique field the instances already have a value for (their UUID), the primary
    keys are read back by it (one query per chunk) and set on the instances, on every database
    and SQLite version."""
    if not objects:
        return
    model = type(objects[0])
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]
    unique: Any = model._meta.get_field(key) if key is not None else None
    if unique is not None and not unique.unique:
        raise ValueError(f"bulk.create: {model.__name__}.{key} is not unique")
    insert(
        model, ({field.attname: field.pre_save(obj, True) for field in fields} for obj in objects)
    )
    if unique is None:
        return
    values = [getattr(obj, unique.attname) for obj in objects]
    found: dict[Any, Any] = {}
    for part in chunks(values):
        found.update(
            model._default_manager.filter(**{f"{key}__in": part}).values_list(unique.name, "pk")
        )
    for obj, value in zip(objects, values, strict=True):
        obj.pk = found[value]
        obj._state.adding = False
        obj._state.db = connection.alias


def update(objects: Sequence[models.Model], field_names: Iterable[str]) -> int:
    """Write the fields ``field_names`` of every object in ``objects`` (all of one model).

    Django's ``bulk_update`` builds one ``CASE WHEN`` expression per field and object in Python,
    which for ten thousand offers takes longer than everything else an import does. Here
    SQLite runs ``UPDATE … WHERE pk = …`` once per object with ``executemany``; PostgreSQL
    gets one ``UPDATE … FROM unnest(…)`` per ten thousand objects. No signals, no
    ``auto_now``: the caller sets such fields itself."""
    if not objects:
        return 0
    meta = type(objects[0])._meta
    pk: Any = meta.pk
    fields: list[Any] = [meta.get_field(name) for name in field_names]
    values = [
        [
            pk.get_db_prep_save(obj.pk, connection),
            *(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields),
        ]
        for obj in objects
    ]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in [pk, *fields])
            names = ", ".join(f"c{index}" for index in range(len(fields) + 1))
            assignments = ", ".join(
                f"{quote(field.column)} = new.c{index}"
                for index, field in enumerate(fields, start=1)
            )
            sql = (
                f"UPDATE {table} SET {assignments} "  # noqa: S608 (quoted names)
                f"FROM unnest({arrays}) AS new({names}) WHERE {table}.{quote(pk.column)} = new.c0"
            )
            for part in chunks(values, 10_000):
                cursor.execute(sql, [list(column) for column in zip(*part, strict=True)])
        else:
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
            sql = (
                f"UPDATE {table} SET {assignments} "  # noqa: S608 (quoted names)
                f"WHERE {quote(pk.column)} = %s"
            )
            cursor.executemany(sql, [[*row[1:], row[0]] for row in values])
    return len(values)
