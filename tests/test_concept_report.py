"""The concept's indicators take their latest values from their sources (published monitoring
and external indicators, counts of published offers), and `concept_report --format json`
reports every goal with its status and measures."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tests.conftest import make_offer, make_provider
from wegweiser.concept.models import Concept, FieldOfAction, Goal, GoalIndicator, Measure
from wegweiser.directory.models import AgeGroup, EditorialStatus
from wegweiser.monitoring.models import IndicatorValue

pytestmark = pytest.mark.django_db
D = dt.date


def indicator(goal: Goal, **fields) -> GoalIndicator:
    item = GoalIndicator(goal=goal, **fields)
    item.full_clean()
    item.save()
    return item


@pytest.fixture
def concept(kassel) -> Concept:
    concept = Concept.objects.create(
        region=kassel, title="Integrationskonzept Kassel", state=Concept.State.ADOPTED
    )
    return concept


@pytest.fixture
def goal(concept) -> Goal:
    field = FieldOfAction.objects.create(concept=concept, title="Sprache und Bildung")
    return Goal.objects.create(action_field=field, title="Mehr Sprachförderung für Kinder")


def published(kassel, stichtag, indikator, wert, gebiet="00", status="ok") -> None:
    IndicatorValue.objects.create(
        region=kassel,
        stichtag=stichtag,
        gebiet=gebiet,
        indikator=indikator,
        zaehler=None if status == "gesperrt" else 10,
        nenner=None if status == "gesperrt" else 100,
        wert="" if status == "gesperrt" else wert,
        status=status,
    )


def run(tmp_path, *args) -> dict:
    path = tmp_path / "report.json"
    call_command(
        "concept_report",
        "--format",
        "json",
        "--output",
        str(path),
        "--region",
        "stadt-kassel",
        *args,
    )
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_suppressed_latest_value_falls_back_to_the_latest_published_one(
    kassel, goal, tmp_path
) -> None:
    indicator(
        goal,
        label="Kinder unter 6 mit Migrationshintergrund, Nord (Holland)",
        source="monitoring",
        code="mh_anteil_u6",
        gebiet="11",
        baseline_value=Decimal("50.0"),
        baseline_date=D(2015, 12, 31),
        target_value=Decimal("60.0"),
        target_date=D(2025, 12, 31),
        direction="increase",
    )
    published(kassel, D(2015, 12, 31), "mh_anteil_u6", "50.0", gebiet="11")
    published(kassel, D(2020, 12, 31), "mh_anteil_u6", "54.2", gebiet="11")
    published(kassel, D(2020, 12, 31), "mh_anteil_u6", "99.9", gebiet="12")  # another district
    published(kassel, D(2021, 12, 31), "mh_anteil_u6", "", gebiet="11", status="gesperrt")

    data = run(tmp_path)

    item = data["goals"][0]["indicators"][0]
    assert item["latest"] == {"value": 54.2, "date": "2020-12-31"}
    # 2015-12-31 → 2020-12-31 is 1,827 of 3,653 days: 50 + 10 · 1827/3653 = 55.0014
    assert item["expected"] == 55.0014
    assert item["status"] == "at_risk"  # 0.8 behind, tolerance 1.0
    assert data["goals"][0]["status"] == "at_risk"
    # Before the later value, the latest is the baseline's own: no value after the baseline.
    earlier = run(tmp_path, "--at", "2019-06-30")["goals"][0]["indicators"][0]
    assert earlier["latest"] == {"value": 50, "date": "2015-12-31"}  # the baseline itself
    assert earlier["status"] == "no_data" and earlier["expected"] is None


def test_an_external_indicator_and_a_count_of_offers(kassel, goal, tmp_path) -> None:
    indicator(
        goal,
        label="Beschäftigte der Stadt mit Migrationshintergrund",
        source="external",
        code="ext_personal_mh_anteil",
        baseline_value=Decimal("2.1"),
        baseline_date=D(2010, 12, 31),
        target_value=Decimal("10"),
        target_date=D(2030, 12, 31),
        direction="increase",
        demo_values=True,
    )
    seniors = AgeGroup.objects.filter(code="senioren")
    indicator(
        goal,
        label="Sprachförderung für Seniorinnen und Senioren",
        source="directory",
        offer_filters={"area": ["sprachfoerderung"], "age_group": ["senioren"]},
        baseline_value=Decimal("1"),
        baseline_date=D(2010, 12, 31),
        target_value=Decimal("3"),
        target_date=D(2020, 12, 31),
        direction="increase",
    )
    published(kassel, D(2024, 12, 31), "ext_personal_mh_anteil", "7.4")
    provider = make_provider("Seniorenbüro")
    for title in ("Deutsch ab 60", "Gesprächskreis 65+"):
        make_offer(kassel, title, provider=provider, relations={"age_groups": list(seniors)})
    make_offer(
        kassel, "Entwurf 60+", status=EditorialStatus.DRAFT, relations={"age_groups": list(seniors)}
    )
    make_offer(kassel, "Deutsch für Kinder")
    Measure.objects.create(goal=goal, title="Sprachcafé für Ältere", responsible_provider=provider)
    Measure.objects.create(
        goal=goal, title="Personalgewinnung", responsible_office="Personal- und Organisationsamt"
    )

    data = run(tmp_path)

    external, offers = data["goals"][0]["indicators"]
    assert external["latest"] == {"value": 7.4, "date": "2024-12-31"}
    # 2010-12-31 → 2024-12-31 is 5,114 of 7,305 days: 2.1 + 7.9 · 5114/7305 = 7.63054…
    assert external["expected"] == 7.6305 and external["status"] == "at_risk"
    assert offers["latest"]["value"] == 2  # published offers only, with both filters
    assert offers["expected"] == 3 and offers["status"] == "off_track"
    assert data["goals"][0]["status"] == "off_track"
    assert [(m["title"], m["status"], m["responsible"]) for m in data["goals"][0]["measures"]] == [
        ("Sprachcafé für Ältere", "planned", "Seniorenbüro"),
        ("Personalgewinnung", "planned", "Personal- und Organisationsamt"),
    ]


def test_a_goal_whose_direction_contradicts_its_target_cannot_be_saved(goal) -> None:
    with pytest.raises(ValidationError) as error:
        indicator(
            goal,
            label="Quote",
            source="external",
            code="ext_quote",
            baseline_value=Decimal("2.1"),
            baseline_date=D(2010, 1, 1),
            target_value=Decimal("5"),
            target_date=D(2020, 1, 1),
            direction="decrease",
        )
    assert "direction" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        indicator(
            goal,
            label="Angebote",
            source="directory",
            offer_filters={"farbe": ["blau"]},
            baseline_value=Decimal("1"),
            baseline_date=D(2010, 1, 1),
            target_value=Decimal("5"),
            target_date=D(2009, 1, 1),
            direction="increase",
        )
    assert set(error.value.message_dict) == {"offer_filters", "target_date"}
    assert not GoalIndicator.objects.exists()


def test_bad_command_input_is_refused_in_german(kassel, tmp_path) -> None:
    with pytest.raises(CommandError, match="kein Integrationskonzept"):
        run(tmp_path)
    with pytest.raises(
        CommandError, match=re.escape("--format muss json|pdf|xlsx|html sein, nicht 'docx'")
    ):
        call_command("concept_report", "--format", "docx")
    with pytest.raises(CommandError, match="Für --format pdf bitte mit --output"):
        call_command("concept_report", "--format", "pdf")
    with pytest.raises(CommandError, match="2024-12-31"):
        call_command("concept_report", "--format", "json", "--at", "31.12.2024")


def test_the_demo_concept_is_built_from_the_source_once(tmp_path) -> None:
    from wegweiser.concept import demo as concept_demo
    from wegweiser.directory import demo

    demo.load()
    assert "9 Ziele, 12 Maßnahmen" in concept_demo.load()
    assert "unverändert" in concept_demo.load()
    concept = Concept.objects.get()
    assert concept.state == Concept.State.ADOPTED
    staff = GoalIndicator.objects.get(source="external")
    # The one figure the source gives: 2.1 % of the staff in 2010; the target is assumed.
    assert (staff.baseline_value, staff.demo_values) == (Decimal("2.1"), True)
    parents = Measure.objects.get(title__startswith="Initiative „Aktive-Eltern“")
    assert parents.responsible == "Kulturzentrum Schlachthof e. V."
    assert [offer.title for offer in parents.offers.all()] == ["Aktive-Eltern"]
    assert parents.goal.commitments.get().actor == "Kulturzentrum Schlachthof e. V."
    data = run(tmp_path)
    assert len(data["goals"]) == 9
    assert {goal["status"] for goal in data["goals"]} >= {"on_track", "off_track", "no_data"}
