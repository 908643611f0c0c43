"""Changes to the concept that are more than saving one form: creating a concept, the
Fortschreibung (a new version copying the previous one), progress updates. Each in one
transaction with an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.concept.models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalIndicator,
    Measure,
    MeasureUpdate,
    SelfCommitment,
)
from wegweiser.directory.models import Region
from wegweiser.editorial import audit


class Refused(Exception):
    pass


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def create_concept(region: Region, title: str, *, actor: Any, request: Any = None) -> Concept:
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).values_list("pk").first()
        latest = Concept.objects.filter(region=region).order_by("-version").first()
        concept = Concept(
            region=region, title=title.strip(), version=(latest.version + 1) if latest else 1
        )
        concept.full_clean()
        concept.save()
        audit.record(
            "concept.create",
            actor=actor,
            obj=concept,
            region=region,
            summary=f"Angelegt: Fassung {concept.version}",
            request=request,
        )
    return concept


def _copy(obj: Any, **changes: Any) -> Any:
    """A new row with ``obj``'s field values and ``changes`` (many-to-many relations apart)."""
    model = type(obj)
    values = {
        field.attname: getattr(obj, field.attname)
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name != "lock_version"
    }
    values.update(changes)
    return model.objects.create(**values)


def continue_concept(concept: Concept, *, actor: Any, request: Any = None) -> Concept:
    """The Fortschreibung: a new draft version with everything of ``concept`` copied (fields of
    action, goals, indicators, measures with partners and offers, self-commitments); the
    progress updates stay with the measures they were written on. ``concept`` stays unchanged."""
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=concept.region_id).values_list("pk").first()
        if Concept.objects.filter(previous=concept).exists():
            raise Refused(_("Diese Fassung ist schon fortgeschrieben."))
        latest = Concept.objects.filter(region_id=concept.region_id).order_by("-version").first()
        new = _copy(
            concept,
            version=(latest.version if latest else concept.version) + 1,
            previous_id=concept.pk,
            state=Concept.State.DRAFT,
            adopted_on=None,
            adopted_by="",
            consultation_start=None,
            consultation_end=None,
        )
        for field in FieldOfAction.objects.filter(concept=concept):
            new_field = _copy(field, concept_id=new.pk)
            for goal in Goal.objects.filter(action_field=field):
                new_goal = _copy(goal, action_field_id=new_field.pk)
                for indicator in GoalIndicator.objects.filter(goal=goal):
                    _copy(indicator, goal_id=new_goal.pk)
                for measure in Measure.objects.filter(goal=goal).prefetch_related(
                    "partners", "offers"
                ):
                    new_measure = _copy(measure, goal_id=new_goal.pk, link_nonce="")
                    new_measure.partners.set(measure.partners.all())
                    new_measure.offers.set(measure.offers.all())
                for commitment in SelfCommitment.objects.filter(goal=goal):
                    _copy(commitment, goal_id=new_goal.pk)
        audit.record(
            "concept.continue",
            actor=actor,
            obj=new,
            region=concept.region,
            summary=f"Fortschreibung von Fassung {concept.version} als Fassung {new.version}",
            request=request,
        )
    return new


def add_update(
    measure: Measure,
    date: dt.date,
    text: str,
    *,
    actor: Any,
    actor_label: str = "",
    request: Any = None,
    source: str = "web",
) -> MeasureUpdate:
    with transaction.atomic():
        user = _user(actor)
        update = MeasureUpdate(
            measure=measure,
            date=date,
            text=text.strip(),
            author=user,
            author_label=actor_label or (user.email if user else ""),
        )
        update.full_clean()
        update.save()
        audit.record(
            "concept.measure.update",
            actor=user,
            actor_label=actor_label,
            obj=measure,
            region=measure.goal.action_field.concept.region,
            summary=f"Fortschrittsbericht vom {date:%d.%m.%Y}",
            request=request,
            source=source,
        )
    return update
