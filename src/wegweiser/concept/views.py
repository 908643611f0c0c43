"""The integration concept on the public site: the concept with its fields of action and goals,
and each goal with its indicators (chart and table), measures and self-commitments."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from wegweiser.concept import values
from wegweiser.concept.models import Concept, Goal, SelfCommitment
from wegweiser.concept.progress import indicator_entry
from wegweiser.concept.report import ConceptMissing, current_concept, goals
from wegweiser.concept.status import shown as shown_status
from wegweiser.concept.status import worst
from wegweiser.directory.models import EditorialStatus, Region


def _concept(slug: str) -> tuple[Region, Concept]:
    region = get_object_or_404(Region, slug=slug)
    try:
        return region, current_concept(region)
    except ConceptMissing:
        raise Http404 from None


def concept_index(request: HttpRequest) -> HttpResponse:
    """The regions with a concept; with only one, its concept at once."""
    regions = list(Region.objects.filter(concepts__isnull=False).distinct().order_by("name"))
    if len(regions) == 1:
        return redirect("public:concept", region=regions[0].slug)
    return render(request, "concept/public_index.html", {"regions": regions})


def concept_detail(request: HttpRequest, region: str) -> HttpResponse:
    place, concept = _concept(region)
    fields: dict[int, dict[str, Any]] = {}
    for goal in goals(concept):
        entry = fields.setdefault(goal.action_field_id, {"field": goal.action_field, "goals": []})
        entry["goals"].append(
            {
                "goal": goal,
                "status": shown_status(values.goal_status(goal)),
                "indicators": len(goal.indicators.all()),
                "measures": len(goal.measures.all()),
            }
        )
    return render(
        request,
        "concept/public_concept.html",
        {"region": place, "concept": concept, "fields": list(fields.values())},
    )


def goal_detail(request: HttpRequest, region: str, pk: int) -> HttpResponse:
    place, concept = _concept(region)
    goal = get_object_or_404(
        Goal.objects.select_related("action_field__concept__region"),
        pk=pk,
        action_field__concept=concept,
    )
    shown = [indicator_entry(indicator) for indicator in goal.indicators.all()]
    measures = goal.measures.select_related("responsible_provider").prefetch_related("updates")
    return render(
        request,
        "concept/public_goal.html",
        {
            "region": place,
            "concept": concept,
            "goal": goal,
            "status": shown_status(worst(item.status["code"] for item in shown)),
            "indicators": shown,
            "measures": [
                {
                    "measure": measure,
                    "offers": measure.offers.filter(status=EditorialStatus.PUBLISHED),
                    "updates": list(measure.updates.all()[:3]),
                }
                for measure in measures
            ],
            "commitments": goal.commitments.exclude(state=SelfCommitment.State.WITHDRAWN)
            .select_related("provider")
            .order_by("date", "pk"),
        },
    )
