"""Closed rounds for the reports: their snapshots as a source of offer rows.

``SurveysConfig.ready()`` registers ``load`` and ``rounds`` with
``wegweiser.reports.sources.register_snapshot_loader``, so the cross-table page and
``wegweiser offers_report --round`` count a closed round's frozen offers exactly like the offers of
a date, and two rounds compare cell by cell. A round's key is its id (as in
``/staff/befragungen/<id>/``); only closed rounds have a snapshot.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from wegweiser.directory.models import Region
from wegweiser.reports import sources
from wegweiser.surveys import services
from wegweiser.surveys.models import SurveyRound

# Snapshot key (format 1, docs/surveys.md) → the reports' field (``reports.dimensions.FIELDS``).
LISTS = {
    "age_groups": "age_group",
    "target_groups": "target_group",
    "languages": "language",
    "districts": "district",
    "networks": "network",
}
SINGLE = ("area", "kind", "gender", "provider_type")


def offer_values(row: dict[str, Any]) -> dict[str, list[str]]:
    """One snapshot row's codes per reported field (a missing or empty value: no code)."""
    values = {name: [row[name]] for name in SINGLE if row.get(name)}
    values.update({field: list(row.get(key) or []) for key, field in LISTS.items()})
    return values


def closing_day(survey_round: SurveyRound) -> dt.date:
    """The day (Europe/Berlin) the round closed: the date of its snapshot."""
    closed = survey_round.closed_at or survey_round.opened_at
    return closed.astimezone(sources.BERLIN).date()


def _closed_round(key: str) -> SurveyRound | None:
    if not str(key).isdigit():
        return None
    return SurveyRound.objects.closed().select_related("region").filter(pk=int(key)).first()


def load(key: str) -> sources.OfferRows | None:
    """The closed round's snapshot as offer rows (None: no closed round with that key)."""
    survey_round = _closed_round(key)
    if survey_round is None:
        return None
    frozen = services.snapshot_rows(survey_round)
    rows = [
        # The snapshot's offers are numbered in its order; the number only tells them apart.
        sources.OfferRow(number, offer_values(row))
        for number, row in enumerate(frozen, start=1)
    ]
    # The report columns of the provider types as they were when the round closed.
    columns = {
        row["provider_type"]: row["provider_type_column"]
        for row in frozen
        if row.get("provider_type") and row.get("provider_type_column")
    }
    return sources.OfferRows(
        ("survey_round", survey_round.pk),
        rows,
        region=survey_round.region,
        at=closing_day(survey_round),
        label=label(survey_round),
        short_label=survey_round.title,
        provider_columns=columns,
    )


def label(survey_round: SurveyRound) -> str:
    return _("%(title)s (abgeschlossen am %(day)s)") % {
        "title": survey_round.title,
        "day": formats.date_format(closing_day(survey_round), "SHORT_DATE_FORMAT"),
    }


def rounds(region: Region) -> list[tuple[str, str]]:
    """The region's closed rounds, newest first, as (key, label)."""
    return [
        (str(survey_round.pk), label(survey_round))
        for survey_round in services.closed_rounds(region)
    ]


def register() -> None:
    sources.register_snapshot_loader(load, rounds=rounds)
