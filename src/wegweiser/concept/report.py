"""The progress report's data: every goal with its indicators' status and its measures.

The same structure feeds the JSON output of ``wegweiser concept_report`` (issue 8, point 7) and,
later, the HTML, PDF and XLSX reports and the public pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from wegweiser.concept import values
from wegweiser.concept.models import Concept, Goal, GoalIndicator, Measure
from wegweiser.concept.status import worst
from wegweiser.directory.models import Region


class ConceptMissing(Exception):
    pass


def current_concept(region: Region) -> Concept:
    """The region's concept in force: its latest adopted version, else its latest version."""
    concepts = Concept.objects.filter(region=region)
    concept = (
        concepts.filter(state=Concept.State.ADOPTED).order_by("-version").first()
        or concepts.order_by("-version").first()
    )
    if concept is None:
        raise ConceptMissing(
            _("Für %(region)s ist noch kein Integrationskonzept angelegt.")
            % {"region": region.name}
        )
    return concept


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _point(value: Decimal, date: dt.date) -> dict[str, Any]:
    return {"value": _number(value), "date": date.isoformat()}


def indicator_data(indicator: GoalIndicator, at: dt.date | None = None) -> dict[str, Any]:
    latest, result = values.assessment(indicator, at)
    return {
        "source": indicator.source,
        "code": indicator.code,
        "gebiet": indicator.gebiet if indicator.source != indicator.Source.DIRECTORY else "",
        "label": indicator.label,
        "baseline": _point(indicator.baseline_value, indicator.baseline_date),
        "target": _point(indicator.target_value, indicator.target_date),
        "latest": _point(latest.value, latest.date) if latest is not None else None,
        "expected": _number(result.expected),
        "status": str(result.status),
    }


def goals(concept: Concept) -> list[Goal]:
    return list(
        Goal.objects.filter(action_field__concept=concept)
        .select_related("action_field__concept__region")
        .prefetch_related(
            "indicators",
            Prefetch("measures", queryset=Measure.objects.select_related("responsible_provider")),
        )
        .order_by("action_field__position", "action_field__pk", "position", "pk")
    )


def goal_data(goal: Goal, at: dt.date | None = None) -> dict[str, Any]:
    indicators = [indicator_data(indicator, at) for indicator in goal.indicators.all()]
    return {
        "id": goal.pk,
        "field": goal.action_field.title,
        "title": goal.title,
        "status": str(worst(item["status"] for item in indicators)),
        "indicators": indicators,
        "measures": [
            {
                "id": measure.pk,
                "title": measure.title,
                "status": measure.state,
                "responsible": measure.responsible,
            }
            for measure in goal.measures.all()
        ],
    }


def report_data(concept: Concept, at: dt.date | None = None) -> dict[str, Any]:
    return {
        "concept": {
            "title": concept.title,
            "version": concept.version,
            "state": concept.state,
            "region": concept.region.slug,
            "adopted_on": concept.adopted_on.isoformat() if concept.adopted_on else None,
        },
        "at": at.isoformat() if at else None,
        "goals": [goal_data(goal, at) for goal in goals(concept)],
    }
