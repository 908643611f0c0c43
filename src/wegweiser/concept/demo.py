"""The demo integration concept of Stadt Kassel (``data/kassel_concept.toml``), loaded by
``wegweiser load_demo`` after the directory's demo data."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from wegweiser.concept.models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalIndicator,
    Measure,
    SelfCommitment,
)
from wegweiser.directory.models import Offer, Provider, Region

DATA = Path(__file__).resolve().parent / "data" / "kassel_concept.toml"
REGION = "stadt-kassel"


class DemoConceptError(Exception):
    pass


def _provider(name: str) -> Provider:
    provider = Provider.objects.filter(name=name).first()
    if provider is None:
        raise DemoConceptError(f"Träger „{name}“ fehlt in den Demodaten.")
    return provider


def _saved(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


def load() -> str:
    """Create the demo concept unless the region has it already; one line for the report."""
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    region = Region.objects.get(slug=REGION)
    head = data["concept"]
    if Concept.objects.filter(region=region, title=head["title"]).exists():
        return "Integrationskonzept (Demo): schon vorhanden, unverändert"
    with transaction.atomic():
        version = Concept.objects.filter(region=region).order_by("-version").first()
        concept = _saved(
            Concept(
                region=region,
                version=(version.version + 1) if version else 1,
                **{key: head[key] for key in head},
            )
        )
        goals = measures = 0
        for field_position, field in enumerate(data["fields"]):
            action_field = _saved(
                FieldOfAction(concept=concept, title=field["title"], position=field_position)
            )
            for goal_position, item in enumerate(field.get("goals", [])):
                goal = _saved(
                    Goal(
                        action_field=action_field,
                        title=item["title"],
                        description=item.get("description", ""),
                        position=goal_position,
                    )
                )
                goals += 1
                for position, spec in enumerate(item.get("indicators", [])):
                    values = dict(spec)
                    for key in ("baseline_value", "target_value"):
                        values[key] = Decimal(str(values[key]))
                    _saved(GoalIndicator(goal=goal, position=position, **values))
                for position, spec in enumerate(item.get("measures", [])):
                    values = dict(spec)
                    provider = values.pop("responsible_provider", None)
                    titles = values.pop("offers", [])
                    measure = _saved(
                        Measure(
                            goal=goal,
                            position=position,
                            responsible_provider=_provider(provider) if provider else None,
                            **values,
                        )
                    )
                    measure.offers.set(Offer.objects.filter(region=region, title__in=titles))
                    measures += 1
                for spec in item.get("commitments", []):
                    values = dict(spec)
                    _saved(
                        SelfCommitment(
                            goal=goal, provider=_provider(values.pop("provider")), **values
                        )
                    )
    return f"Integrationskonzept (Demo): {goals} Ziele, {measures} Maßnahmen angelegt"
