"""The public consultation pages: read the concept in consultation and comment on the whole or
on one goal, without an account. The form is the public forms' (honeypot, optional e-mail
address, the per-client limit of ``editorial.ratelimit``); no session is created."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from wegweiser.concept import consultation
from wegweiser.concept.consultation_forms import CommentForm
from wegweiser.concept.models import Concept, Goal
from wegweiser.directory.models import Region
from wegweiser.editorial import ratelimit

RATE_BUCKET = "concept-comment"


def _consultation(slug: str) -> tuple[Region, Concept | None]:
    region = get_object_or_404(Region, slug=slug)
    return region, consultation.public_consultation(region)


def _comment(
    request: HttpRequest, concept: Concept, goal: Goal | None
) -> tuple[CommentForm, int, HttpResponse | None]:
    """The form, the page's status, and a redirect once a comment is taken."""
    form = CommentForm(request.POST or None)
    if request.method != "POST":
        return form, 200, None
    thanks = redirect("public:concept_consultation_thanks", region=concept.region.slug)
    if form.is_bot():
        return form, 200, thanks
    if not consultation.period(concept).is_open:
        return form, 403, None
    if ratelimit.exceeded(request, RATE_BUCKET):
        return form, 429, None
    if not form.is_valid():
        return form, 200, None
    ratelimit.count(request, RATE_BUCKET)
    try:
        consultation.submit_comment(
            concept,
            goal=goal,
            text=form.cleaned_data["message"],
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
        )
    except consultation.Refused:
        return form, 403, None  # closed meanwhile
    return form, 200, thanks


def _context(concept: Concept, form: CommentForm, status: int) -> dict[str, Any]:
    return {
        "concept": concept,
        "region": concept.region,
        "period": consultation.period(concept),
        "form": form,
        "rate_limited": status == 429,
        "closed_post": status == 403,
    }


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_page(request: HttpRequest, region: str) -> HttpResponse:
    place, concept = _consultation(region)
    if concept is None:
        return render(request, "concept/consultation_none.html", {"region": place})
    form, status, done = _comment(request, concept, None)
    if done is not None:
        return done
    context = _context(concept, form, status)
    fields: dict[int, dict[str, Any]] = {}
    counts: dict[int | None, int] = {}
    comments = list(consultation.approved(concept))
    for comment in comments:
        counts[comment.goal_id] = counts.get(comment.goal_id, 0) + 1
    goals = (
        Goal.objects.filter(action_field__concept=concept)
        .select_related("action_field")
        .order_by("action_field__position", "action_field__pk", "position", "pk")
    )
    for goal in goals:
        entry = fields.setdefault(goal.action_field_id, {"field": goal.action_field, "goals": []})
        entry["goals"].append({"goal": goal, "comments": counts.get(goal.pk, 0)})
    context.update(
        fields=list(fields.values()),
        comments=[comment for comment in comments if comment.goal_id is None],
    )
    return render(request, "concept/consultation.html", context, status=status)


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_goal(request: HttpRequest, region: str, pk: int) -> HttpResponse:
    _place, concept = _consultation(region)
    goal = consultation.consultation_goal(concept, pk) if concept is not None else None
    if concept is None or goal is None or consultation.period(concept).not_yet:
        raise Http404
    form, status, done = _comment(request, concept, goal)
    if done is not None:
        return done
    context = _context(concept, form, status)
    context.update(
        goal=goal,
        indicators=list(goal.indicators.all()),
        measures=list(goal.measures.select_related("responsible_provider")),
        comments=list(consultation.approved(concept).filter(goal=goal)),
    )
    return render(request, "concept/consultation_goal.html", context, status=status)


@require_safe
def consultation_thanks(request: HttpRequest, region: str) -> HttpResponse:
    place = get_object_or_404(Region, slug=region)
    return render(request, "concept/consultation_thanks.html", {"region": place})
