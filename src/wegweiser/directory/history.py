"""One version per save: a model and its many-valued relations recorded together.

django-simple-history records a version on every ``save()`` and on every change of a tracked
many-to-many relation, so saving an offer with six relations would leave up to seven versions,
six of them half-done. ``save_with_relations`` saves the object and its relations in one
transaction with history switched off and then records exactly one version of the result.

``record_versions`` records the versions of many objects at once (the import writes thousands):
the same rows ``record_version`` writes one object at a time, with one ``bulk_create`` per model
and per tracked relation instead of about a dozen queries per object.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from wegweiser.directory.bulk import chunks


class TrackedHistory(HistoricalRecords):
    """``HistoricalRecords`` that can be found again from the model it records."""

    by_model: dict[type[models.Model], TrackedHistory] = {}  # noqa: RUF012 (a registry)

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        super().contribute_to_class(cls, name)
        TrackedHistory.by_model[cls] = self


def record_version(
    instance: models.Model, *, created: bool, user: Any = None, reason: str = ""
) -> None:
    """Record the current state of ``instance`` (fields and tracked relations) as a version."""
    history = TrackedHistory.by_model[type(instance)]
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    try:
        history.create_historical_record(instance, "+" if created else "~")
    finally:
        del instance._history_user  # type: ignore[attr-defined]
        del instance._change_reason  # type: ignore[attr-defined]


def record_versions(
    instances: Sequence[models.Model],
    *,
    created: bool | Sequence[bool],
    user: Any = None,
    reason: str = "",
) -> None:
    """Record the stored state of every instance in ``instances`` as one version each.

    Writes exactly the rows ``record_version`` writes for each instance (the fields, the tracked
    many-to-many relations, history type ``+`` where ``created`` else ``~``, the user and the
    reason; tested field by field), all with the same ``history_date``. The database copies
    the rows itself: per model and flag one ``INSERT … SELECT`` from the model's table into the
    historical table (``RETURNING`` the new version ids), and per tracked relation one
    ``INSERT … SELECT`` from the link table into the historical link table, joined to the new
    versions; both in parts where the database limits the number of query parameters (SQLite).
    Nothing passes through Python row by row, which for ten thousand offers with six relations
    each saves most of the time ``bulk_create`` would take.

    So the instances must be saved (the version is what is stored, not unsaved changes in
    memory), with their relations set; each may appear once. ``created`` is one flag for all
    instances or one per instance.

    Unlike ``record_version`` it sends none of django-simple-history's per-record signals
    (``pre_create_historical_record`` and the like), as simple-history's own bulk functions do
    not either; Wegweiser connects no receiver to them. Where the database cannot return rows
    from an insert (SQLite before 3.35), it falls back to ``record_version``.
    """
    flags = [created] * len(instances) if isinstance(created, bool) else list(created)
    if len(flags) != len(instances):
        raise ValueError("record_versions: one 'created' flag per instance")
    by_model: dict[type[models.Model], dict[bool, list[Any]]] = {}
    seen: set[tuple[type[models.Model], Any]] = set()
    for instance, flag in zip(instances, flags, strict=True):
        if instance.pk is None:
            raise ValueError(f"record_versions: {instance!r} is not saved")
        if (type(instance), instance.pk) in seen:
            raise ValueError(f"record_versions: {instance!r} appears twice")
        seen.add((type(instance), instance.pk))
        by_model.setdefault(type(instance), {}).setdefault(flag, []).append(instance.pk)
    if not connection.features.can_return_rows_from_bulk_insert:
        for instance, flag in zip(instances, flags, strict=True):
            record_version(instance, created=flag, user=user, reason=reason)
        return
    now = timezone.now()
    with transaction.atomic():
        for model, pks_by_flag in by_model.items():
            history = TrackedHistory.by_model[model]
            version_ids = [
                version_id
                for flag, pks in pks_by_flag.items()
                for version_id in _copy_rows(
                    history,
                    model,
                    pks,
                    {
                        "history_date": now,
                        "history_type": "+" if flag else "~",
                        "history_change_reason": reason,
                        "history_user": user,
                    },
                )
            ]
            for field in history.get_m2m_fields_from_model(model):
                _record_links(history, field, version_ids)


def _copy_rows(
    history: HistoricalRecords, model: type[models.Model], pks: list[Any], extra: dict[str, Any]
) -> list[Any]:
    """Copy the stored rows ``pks`` of ``model`` into its historical table with the ``extra``
    history fields; returns the new version ids."""
    history_model: Any = getattr(model, history.manager_name).model
    quote = connection.ops.quote_name
    tracked = history.fields_included(model)
    target: list[str] = [history_model._meta.get_field(field.name).column for field in tracked]
    source = [f"live.{quote(field.column)}" for field in tracked]
    params: list[Any] = []
    for name, value in extra.items():
        field = history_model._meta.get_field(name)
        target.append(field.column)
        source.append("%s")
        if field.is_relation:
            value = value.pk if value is not None else None
        params.append(field.get_db_prep_save(value, connection))
    live_key: Any = model._meta.pk
    live_key = quote(live_key.column)
    if hasattr(history_model, "history_relation"):
        target.append(history_model._meta.get_field("history_relation").column)
        source.append(f"live.{live_key}")
    version_key = quote(history_model._meta.pk.column)
    version_ids: list[Any] = []
    for part in chunks(pks):
        sql = (
            f"INSERT INTO {quote(history_model._meta.db_table)} "  # noqa: S608 (quoted names)
            f"({', '.join(quote(column) for column in target)}) "
            f"SELECT {', '.join(source)} FROM {quote(model._meta.db_table)} live "
            f"WHERE live.{live_key} IN ({', '.join(['%s'] * len(part))}) "
            f"ORDER BY live.{live_key} "
            f"RETURNING {version_key}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *part])
            version_ids.extend(row[0] for row in cursor.fetchall())
    return version_ids


def _record_links(
    history: HistoricalRecords, field: models.ManyToManyField, version_ids: list[Any]
) -> None:
    """The historical rows of one many-to-many relation: every current link of every object,
    tied to that object's new version. The database copies them itself (``INSERT … SELECT``
    joining the link table with the new versions), so no link passes through Python."""
    link_history_model = history.m2m_models[field]
    through: Any = field.remote_field.through
    history_model: Any = link_history_model._meta.get_field("history").related_model
    quote = connection.ops.quote_name
    copied = list(through._meta.concrete_fields)
    target_columns = [
        *(link_history_model._meta.get_field(column.name).column for column in copied),
        link_history_model._meta.get_field("history").column,
    ]
    own = through._meta.get_field(field.m2m_field_name()).column
    version_key = history_model._meta.pk.column
    object_key = history_model._meta.get_field(field.model._meta.pk.name).column
    for part in chunks(version_ids):
        sql = (  # names from the models, quoted; values as parameters
            f"INSERT INTO {quote(link_history_model._meta.db_table)} "  # noqa: S608
            f"({', '.join(quote(column) for column in target_columns)}) "
            f"SELECT {', '.join(f'link.{quote(column.column)}' for column in copied)}, "
            f"version.{quote(version_key)} "
            f"FROM {quote(through._meta.db_table)} link "
            f"INNER JOIN {quote(history_model._meta.db_table)} version "
            f"ON version.{quote(object_key)} = link.{quote(own)} "
            f"WHERE version.{quote(version_key)} IN ({', '.join(['%s'] * len(part))}) "
            f"ORDER BY version.{quote(version_key)}, link.{quote(through._meta.pk.column)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, list(part))


class versions_paused:
    """Within the block, saves of ``instance`` and its relations record no version."""

    def __init__(self, instance: models.Model) -> None:
        self.instance = instance

    def __enter__(self) -> models.Model:
        self.instance.skip_history_when_saving = True  # type: ignore[attr-defined]
        return self.instance

    def __exit__(self, *exc: object) -> None:
        del self.instance.skip_history_when_saving  # type: ignore[attr-defined]


def save_with_relations(
    instance: models.Model,
    relations: Mapping[str, Iterable[models.Model]] | None = None,
    *,
    user: Any = None,
    reason: str = "",
) -> None:
    """Save ``instance``, set its many-to-many ``relations``, and record one version."""
    from wegweiser.directory.search import index

    created = instance._state.adding
    with transaction.atomic(), index.batch():
        with versions_paused(instance):
            instance.save()
            for name, values in (relations or {}).items():
                _set_in_order(getattr(instance, name), list(values))
        record_version(instance, created=created, user=user, reason=reason)


def _set_in_order(manager: Any, values: list[models.Model]) -> None:
    """``manager.set(values)``, but new links are made in the order of ``values``.

    ``set()`` adds the missing targets from a Python set, in no particular order; for an offer's
    locations the order of the links matters (the first is the main location).
    """
    for value in values:
        if not isinstance(value, manager.model):
            raise TypeError(f"'{manager.model.__name__}' instance expected, got {value!r}")
    wanted = list(dict.fromkeys(value.pk for value in values))
    current = set(manager.values_list("pk", flat=True))
    stale = current.difference(wanted)
    if stale:
        manager.remove(*stale)
    for pk in wanted:
        if pk not in current:
            manager.add(pk)
