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
    to the database. Returns the number of rows."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField))
    ]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (  # names from the model, quoted; values as parameters
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({placeholders})"
    )
    values = [
        [
            field.get_db_prep_save(
                row[field.attname] if field.attname in row else field.get_default(), connection
            )
            for field in fields
        ]
        for row in rows
    ]
    if values:
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
    return len(values)


def update(objects: Sequence[models.Model], field_names: Iterable[str]) -> int:
    """Write the fields ``field_names`` of every object in ``objects`` (all of one model): one
    ``UPDATE … WHERE pk = …`` run with ``executemany``. Django's ``bulk_update`` builds one
    ``CASE WHEN`` expression per field and object in Python, which for ten thousand offers
    takes longer than everything else an import does. No signals, no ``auto_now``: the caller
    sets such fields itself."""
    if not objects:
        return 0
    meta = type(objects[0])._meta
    fields: list[Any] = [meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608 (quoted names)
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    values = [
        [
            *(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields),
            obj.pk,
        ]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)
    return len(values)
