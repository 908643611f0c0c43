"""The public consultation on a concept (issue 8, point 6): which version is open for comments
and when, taking a comment from the public, moderating it, and the summary for the council.

A concept is *in consultation* when the city's editors set its state to ``consultation``; it
takes comments from ``consultation_start`` to ``consultation_end`` (both days included; a date
left empty leaves that side open). Before the start the public sees only when it begins; after
the end, until the concept is adopted, it sees the draft and the approved comments without a
form. A version that went through a consultation (its dates set) and was adopted keeps its
approved comments readable. Drafts without a consultation are never public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.accounts import permissions
from wegweiser.concept.models import Comment, Concept, Goal
from wegweiser.directory.models import Region
from wegweiser.editorial import audit


class Refused(Exception):
    """The action is not possible in the comment's or the concept's current state."""


# --- Which version, and is it open? ------------------------------------------------------------


def public_consultation(region: Region) -> Concept | None:
    """The version the public consultation pages of ``region`` show: the latest one in
    consultation, else the latest adopted or superseded one that had a consultation."""
    concepts = Concept.objects.filter(region=region).select_related("region")
    return (
        concepts.filter(state=Concept.State.CONSULTATION).order_by("-version").first()
        or concepts.filter(
            state__in=(Concept.State.ADOPTED, Concept.State.SUPERSEDED),
            consultation_start__isnull=False,
        )
        .order_by("-version")
        .first()
    )


@dataclass(frozen=True)
class Period:
    """Where ``day`` lies in a concept's consultation."""

    concept: Concept
    day: dt.date

    @property
    def in_consultation(self) -> bool:
        return self.concept.state == Concept.State.CONSULTATION

    @property
    def not_yet(self) -> bool:
        start = self.concept.consultation_start
        return self.in_consultation and start is not None and self.day < start

    @property
    def is_open(self) -> bool:
        end = self.concept.consultation_end
        return self.in_consultation and not self.not_yet and (end is None or self.day <= end)


def period(concept: Concept, day: dt.date | None = None) -> Period:
    return Period(concept, day or timezone.localdate())


def consultation_goal(concept: Concept, pk: int) -> Goal | None:
    return (
        Goal.objects.filter(pk=pk, action_field__concept=concept)
        .select_related("action_field")
        .first()
    )


# --- Actions -------------------------------------------------------------------------------------


def submit_comment(
    concept: Concept,
    *,
    text: str,
    goal: Goal | None = None,
    name: str = "",
    email: str = "",
    day: dt.date | None = None,
) -> Comment:
    """A comment from the public; it waits for moderation. Refused outside the period."""
    with transaction.atomic():
        Concept.objects.select_for_update().filter(pk=concept.pk).values_list("pk").first()
        concept.refresh_from_db()
        if not period(concept, day).is_open:
            raise Refused(_("Die Beteiligung ist nicht geöffnet; Kommentare sind nicht möglich."))
        if goal is not None and goal.action_field.concept_id != concept.pk:
            raise Refused(_("Dieses Ziel gehört nicht zum Entwurf in der Beteiligung."))
        comment = Comment(
            concept=concept, goal=goal, text=text.strip(), name=name.strip(), email=email.strip()
        )
        comment.full_clean()
        comment.save()
        # The audit entry names neither the commenter nor the address.
        audit.record(
            "concept.comment.create",
            obj=comment,
            region=concept.region,
            summary=f"Kommentar zu „{_about(comment)}“",
            source="public",
            actor_label="Öffentlichkeit",
        )
    return comment


def moderate_comment(
    comment: Comment, *, approve: bool, actor: Any, request: Any = None, source: str = "web"
) -> Comment:
    """Approve (it appears publicly) or reject a pending comment; the e-mail address is
    deleted either way."""
    with transaction.atomic():
        Comment.objects.select_for_update().filter(pk=comment.pk).values_list("pk").first()
        comment.refresh_from_db()
        region = comment.concept.region
        if not permissions.can_moderate_comments(actor, region):
            raise PermissionDenied
        if comment.state != Comment.State.PENDING:
            raise Refused(_("Dieser Kommentar ist schon geprüft."))
        comment.state = Comment.State.APPROVED if approve else Comment.State.REJECTED
        comment.email = ""
        comment.moderated_at = timezone.now()
        comment.moderated_by = actor
        comment.save(update_fields=["state", "email", "moderated_at", "moderated_by"])
        audit.record(
            "concept.comment.approve" if approve else "concept.comment.reject",
            actor=actor,
            obj=comment,
            region=region,
            summary=f"{'Freigegeben' if approve else 'Nicht freigegeben'}: Kommentar zu „{_about(comment)}“",
            request=request,
            source=source,
        )
    return comment


def _about(comment: Comment) -> str:
    return comment.goal.title if comment.goal is not None else comment.concept.title


# --- Reading -------------------------------------------------------------------------------------


def approved(concept: Concept) -> QuerySet[Comment]:
    return Comment.objects.filter(concept=concept, state=Comment.State.APPROVED).order_by(
        "created_at", "pk"
    )


def concepts_with_consultation(region_ids: set[int]) -> QuerySet[Concept]:
    """The versions of these regions in consultation or with comments, with their counts."""
    return (
        Concept.objects.filter(region_id__in=region_ids)
        .filter(
            Q(state=Concept.State.CONSULTATION)
            | Q(consultation_start__isnull=False)
            | Q(comments__isnull=False)
        )
        .annotate(
            pending=Count("comments", filter=Q(comments__state=Comment.State.PENDING)),
            approved=Count("comments", filter=Q(comments__state=Comment.State.APPROVED)),
            rejected=Count("comments", filter=Q(comments__state=Comment.State.REJECTED)),
        )
        .select_related("region")
        .distinct()
        .order_by("region__name", "-version")
    )


@dataclass
class GoalSummary:
    """The comments on one goal (or, with ``goal`` None, on the concept as a whole)."""

    goal: Goal | None
    field_title: str
    approved: list[Comment] = field(default_factory=list)
    pending: int = 0
    rejected: int = 0

    @property
    def title(self) -> str:
        return self.goal.title if self.goal is not None else _("Das Konzept insgesamt")

    @property
    def received(self) -> int:
        return len(self.approved) + self.pending + self.rejected


def summary(concept: Concept) -> list[GoalSummary]:
    """Per goal (the concept as a whole first, then the goals in their order): the approved
    comments in full and how many are pending or rejected. Rejected texts are not repeated."""
    entries: dict[int | None, GoalSummary] = {None: GoalSummary(None, "")}
    goals = Goal.objects.filter(action_field__concept=concept).select_related("action_field")
    for goal in goals.order_by("action_field__position", "action_field__pk", "position", "pk"):
        entries[goal.pk] = GoalSummary(goal, goal.action_field.title)
    for comment in Comment.objects.filter(concept=concept).order_by("created_at", "pk"):
        entry = entries.get(comment.goal_id)
        if entry is None:
            continue
        if comment.state == Comment.State.APPROVED:
            entry.approved.append(comment)
        elif comment.state == Comment.State.PENDING:
            entry.pending += 1
        else:
            entry.rejected += 1
    return list(entries.values())


def summary_lines(concept: Concept) -> tuple[list[list[Any]], list[list[Any]]]:
    """The summary as tables: (counts per goal, approved comments), each with a header."""
    counts: list[list[Any]] = [
        [
            _("Handlungsfeld"),
            _("Ziel"),
            _("eingegangen"),
            _("freigegeben"),
            _("nicht freigegeben"),
            _("wartet auf Freigabe"),
        ]
    ]
    comments: list[list[Any]] = [
        [_("Handlungsfeld"), _("Ziel"), _("eingegangen am"), _("Name"), _("Kommentar")]
    ]
    for entry in summary(concept):
        counts.append(
            [
                entry.field_title,
                entry.title,
                entry.received,
                len(entry.approved),
                entry.rejected,
                entry.pending,
            ]
        )
        for comment in entry.approved:
            comments.append(
                [
                    entry.field_title,
                    entry.title,
                    timezone.localtime(comment.created_at).date(),
                    comment.name,
                    comment.text,
                ]
            )
    return counts, comments


def summary_csv(concept: Concept) -> bytes:
    """One line per approved comment, with its goal (CSV for spreadsheets)."""
    from wegweiser.reports import exports

    _counts, comments = summary_lines(concept)
    dated = [
        [value.isoformat() if isinstance(value, dt.date) else value for value in line]
        for line in comments
    ]
    return exports.labelled_csv(dated)


def summary_xlsx(concept: Concept) -> bytes:
    """Two sheets: the counts per goal and the approved comments."""
    from wegweiser.reports import exports

    counts, comments = summary_lines(concept)
    return exports.workbook([(_("Übersicht je Ziel"), counts), (_("Kommentare"), comments)])
