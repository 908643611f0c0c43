"""One version per save: a model and its many-valued relations recorded together.

django-simple-history records a version on every ``save()`` and on every change of a tracked
many-to-many relation, so saving an offer with six relations would leave up to seven versions,
six of them half-done. ``save_with_relations`` saves the object and its relations in one
transaction with history switched off and then records exactly one version of the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from simple_history.models import HistoricalRecords


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
                getattr(instance, name).set(list(values))
        record_version(instance, created=created, user=user, reason=reason)
