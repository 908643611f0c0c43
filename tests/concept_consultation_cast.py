"""A concept in consultation for the consultation tests and the role × URL table: a draft
Fortschreibung of an adopted concept, open for comments from a week ago to a week ahead, with
one pending comment (with an e-mail address) and one approved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from wegweiser.concept.models import Comment, Concept, FieldOfAction, Goal, GoalIndicator
from wegweiser.directory.models import Region

COMMENTER = "kommentar@example.org"


@dataclass
class Consultation:
    concept: Concept
    goal: Goal
    pending: Comment
    approved: Comment


def open_consultation(region: Region, **period: dt.date | None) -> Consultation:
    today = timezone.localdate()
    # After the versions the region may have already (each region numbers its own).
    before = Concept.objects.filter(region=region).aggregate(Max("version"))["version__max"] or 0
    adopted = Concept.objects.create(
        region=region,
        title="Integrationskonzept 2011",
        state=Concept.State.ADOPTED,
        version=before + 1,
    )
    concept = Concept.objects.create(
        region=region,
        title="Fortschreibung 2026",
        version=before + 2,
        previous=adopted,
        state=Concept.State.CONSULTATION,
        consultation_start=period.get("start", today - dt.timedelta(days=7)),
        consultation_end=period.get("end", today + dt.timedelta(days=7)),
        introduction="Der Entwurf der Fortschreibung.",
    )
    field = FieldOfAction.objects.create(concept=concept, title="Sprache und Bildung")
    goal = Goal.objects.create(
        action_field=field, title="Sprachförderung in allen Kitas", description="Alle Kitas."
    )
    GoalIndicator.objects.create(
        goal=goal,
        label="Kitas mit Sprachförderung",
        source="external",
        code="ext_kitas_sprache",
        baseline_value=Decimal(40),
        baseline_date=dt.date(2020, 12, 31),
        target_value=Decimal(100),
        target_date=dt.date(2030, 12, 31),
        direction="increase",
    )
    pending = Comment.objects.create(
        concept=concept, goal=goal, text="Auch die Tagespflege!", email=COMMENTER
    )
    approved = Comment.objects.create(
        concept=concept,
        text="Ein guter Entwurf.",
        name="Aylin",
        state=Comment.State.APPROVED,
        moderated_at=timezone.now(),
    )
    return Consultation(concept, goal, pending, approved)
