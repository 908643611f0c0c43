"""What other apps may call of the surveys (the reports read closed rounds' snapshots here)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Count, Q, QuerySet

from wegweiser.directory.models import Region
from wegweiser.surveys.models import Invitation, SnapshotOffer, SurveyRound


def closed_rounds(region: Region) -> QuerySet[SurveyRound]:
    """The region's closed rounds, newest first: each has a snapshot."""
    return SurveyRound.objects.closed().filter(region=region).order_by("-closed_at", "-pk")


def snapshot_rows(survey_round: SurveyRound) -> list[dict[str, Any]]:
    """The round's frozen offers, one dict each: ``offer``, ``title``, ``provider``,
    ``provider_name`` and the codes of ``values`` (format in docs/surveys.md)."""
    return [
        {
            "offer": str(row.offer_uuid),
            "title": row.title,
            "provider": str(row.provider_uuid),
            "provider_name": row.provider_name,
            **row.values,
        }
        for row in SnapshotOffer.objects.filter(survey_round=survey_round).order_by("title", "pk")
    ]


@dataclasses.dataclass(frozen=True)
class Progress:
    """How many invited providers have not opened their link, are at it, or have submitted."""

    label: str
    invited: int
    not_opened: int
    in_progress: int
    submitted: int

    @property
    def response_rate(self) -> float | None:
        """Submitted / invited, as a percentage (``None`` when nobody was invited)."""
        return 100 * self.submitted / self.invited if self.invited else None


_COUNTS = {
    "invited": Count("pk"),
    "not_opened": Count("pk", filter=Q(submitted_at__isnull=True, first_opened_at__isnull=True)),
    "in_progress": Count("pk", filter=Q(submitted_at__isnull=True, first_opened_at__isnull=False)),
    "submitted": Count("pk", filter=Q(submitted_at__isnull=False)),
}


def progress(survey_round: SurveyRound) -> Progress:
    counts = Invitation.objects.filter(survey_round=survey_round).aggregate(**_COUNTS)
    return Progress(label="", **counts)


def progress_by_provider_type(survey_round: SurveyRound) -> list[Progress]:
    rows = (
        Invitation.objects.filter(survey_round=survey_round)
        .values("provider__provider_type__label", "provider__provider_type__order")
        .annotate(**_COUNTS)
        .order_by("provider__provider_type__order", "provider__provider_type__label")
    )
    return [
        Progress(
            label=row["provider__provider_type__label"],
            invited=row["invited"],
            not_opened=row["not_opened"],
            in_progress=row["in_progress"],
            submitted=row["submitted"],
        )
        for row in rows
    ]
