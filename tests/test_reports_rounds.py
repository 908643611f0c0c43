"""Survey rounds in the reports: a closed round's snapshot (frozen by the surveys app when the round
closes) is counted like the offers of a date, on the cross-table page and by the command, and two
rounds compare cell by cell. Real rounds, opened and closed through the surveys app's actions."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import make_offer, make_provider
from tests.editorial_cast import Cast, as_client, build_cast
from tests.survey_cast import open_round
from wegweiser.directory.models import (
    Area,
    District,
    EditorialStatus,
    Language,
    Offer,
    ProviderType,
    Region,
)
from wegweiser.reports import sources
from wegweiser.reports.dimensions import DIMENSIONS, ReportError
from wegweiser.reports.engine import crosstab, offers_report
from wegweiser.surveys import actions as survey_actions
from wegweiser.surveys import reporting
from wegweiser.surveys.models import SurveyRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(kassel: Region, landkreis: Region) -> Cast:
    return build_cast(kassel, landkreis)


def close(cast: Cast, title: str) -> SurveyRound:
    survey_round = open_round(cast, cast.kassel, title=title)
    return survey_actions.close_round(survey_round, actor=cast.city_editor)


@pytest.fixture
def varied(cast: Cast) -> None:
    """Besides the cast's three published offers of Kassel: offers with districts, languages,
    region-wide, for women, of a welfare association, one without an area (a draft)."""
    kassel = cast.kassel
    districts = list(District.objects.filter(region=kassel).order_by("code")[:3])
    de, tr, ar = (Language.objects.get(code=code) for code in ("de", "tr", "ar"))
    diakonie = make_provider("Diakonie", "wohlfahrtsverband")
    make_offer(
        kassel,
        "Nähcafé",
        provider=diakonie,
        gender="frauen",
        area="kultur",
        relations={"districts": districts[:2], "languages": [ar, tr]},
    )
    make_offer(kassel, "Beratung", area="spezielle-beratungen", citywide=True)
    make_offer(kassel, "Deutsch", relations={"districts": districts[2:], "languages": [de]})
    make_offer(kassel, "Ohne Bereich", area=None, status=EditorialStatus.DRAFT)


def test_a_closed_round_counts_exactly_the_offers_published_when_it_closed(
    cast: Cast, varied: None
) -> None:
    survey_round = close(cast, "Befragung 2025")
    data = sources.dataset(sources.snapshot(str(survey_round.pk), cast.kassel))

    assert len(data) == Offer.objects.filter(region=cast.kassel, status="published").count() == 5
    assert data.at == sources.today()  # the day it closed
    for rows, cols in [
        ("district", "language"),
        ("area", "gender"),
        ("provider_type_seed", "age_group_seed"),
        ("kind", "network"),
        ("target_group", "provider_type"),
    ]:
        frozen = crosstab(data, rows, cols).contract()
        now = offers_report(cast.kassel, rows, cols).contract()
        assert frozen == now, (rows, cols)


def test_later_changes_do_not_change_a_closed_rounds_counts(cast: Cast, varied: None) -> None:
    survey_round = close(cast, "Befragung 2025")
    before = crosstab(sources.dataset(sources.snapshot(str(survey_round.pk))), "area").contract()

    offer = Offer.objects.get(title="Nähcafé")
    offer.area = Area.objects.get(code="bildung")
    offer.save()
    make_offer(cast.kassel, "Neu danach")

    after = crosstab(sources.dataset(sources.snapshot(str(survey_round.pk))), "area").contract()
    assert after == before
    assert offers_report(cast.kassel, "area").total == before["total"] + 1


def test_only_closed_rounds_of_the_region_are_offered(cast: Cast, varied: None) -> None:
    first = close(cast, "Befragung 2024")
    second = close(cast, "Befragung 2025")
    current = open_round(cast, cast.kassel, title="Befragung 2026")

    keys = [key for key, _label in sources.snapshot_rounds(cast.kassel)]
    assert keys == [str(second.pk), str(first.pk)]  # newest first
    assert sources.snapshot_rounds(cast.landkreis) == []
    assert reporting.load(str(current.pk)) is None  # open: no snapshot yet
    assert reporting.load("keine-zahl") is None
    with pytest.raises(ReportError, match="Unbekannte Befragungsrunde"):
        sources.snapshot(str(first.pk), cast.landkreis)
    with pytest.raises(ReportError, match="Unbekannte Befragungsrunde"):
        sources.snapshot(str(current.pk))


# --- the cross-table page ----------------------------------------------------------------------


@pytest.fixture
def two_rounds(cast: Cast, varied: None) -> tuple[SurveyRound, SurveyRound]:
    """Befragung 2024: the five published offers; then "Nähcafé" moves to Bildung and two offers are added
    (one Arabic); Befragung 2025 freezes that."""
    first = close(cast, "Befragung 2024")
    offer = Offer.objects.get(title="Nähcafé")
    offer.area = Area.objects.get(code="bildung")
    offer.save()
    arabic = Language.objects.get(code="ar")
    make_offer(cast.kassel, "Hausaufgaben", area="bildung", relations={"languages": [arabic]})
    make_offer(cast.kassel, "Sport", area="freizeit-sport")
    second = close(cast, "Befragung 2025")
    return first, second


def _page(response: Any) -> str:
    return response.content.decode().replace("\n", "")


def _cells(*numbers: int | str) -> str:
    return "".join(f'<td class="number">{number}</td>' for number in numbers)


def test_two_rounds_compare_on_the_page_with_a_difference_column(
    cast: Cast, two_rounds: tuple[SurveyRound, SurveyRound]
) -> None:
    first, second = two_rounds
    response = as_client(cast.statistics).get(
        "/staff/berichte/",
        {
            "region": "stadt-kassel",
            "rows": "area",
            "cols": "language",
            "round": str(second.pk),
            "compare_round": str(first.pk),
        },
    )

    page = _page(response)
    assert response.status_code == 200
    assert "Gezählte veröffentlichte Angebote: 7" in page
    assert "eingefrorener Stand der Befragungsrunde Befragung 2025 (abgeschlossen am" in page
    assert "Vergleich: Befragung 2024 (abgeschlossen am" in page
    # Per language (ar, de, tr, ohne_angabe) and in all: 2024, 2025, difference.
    # Bildung: "Nähcafé" (ar, tr) moved here, "Hausaufgaben" (ar) is new.
    bildung = _cells(0, 2, "+2", 0, 0, 0, 0, 1, "+1", 0, 0, 0, 0, 2, "+2")
    assert '<th scope="row">Bildung</th>' + bildung in page
    kultur = _cells(1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 1, 0, -1)
    assert '<th scope="row">Kultur</th>' + kultur in page
    # The footer: distinct offers per language and in all.
    footer = _cells(1, 2, "+1", 1, 1, 0, 1, 1, 0, 3, 4, "+1", 5, 7, "+2")
    assert '<th scope="row">Angebote gesamt</th>' + footer in page


def test_a_rounds_comparison_downloads_with_the_rounds_as_headings(
    cast: Cast, two_rounds: tuple[SurveyRound, SurveyRound]
) -> None:
    first, second = two_rounds
    response = as_client(cast.city_editor).get(
        "/staff/berichte/",
        {"rows": "area", "round": str(second.pk), "compare_round": str(first.pk), "format": "csv"},
    )

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == [
        "Bereich",
        "Angebote gesamt Befragung 2024",
        "Angebote gesamt Befragung 2025",
        "Differenz",
    ]
    assert ["Bildung", "0", "2", "2"] in lines
    end = lines.index([])
    assert lines[end - 1] == ["Angebote gesamt", "5", "7", "2"]
    notes = [line[0] for line in lines[end + 1 :]]
    assert notes[0].startswith("Vergleich: Befragung 2024 (abgeschlossen am ")
    assert notes[1].startswith("Gezählte veröffentlichte Angebote: 5 (Stadt Kassel), eingefr")
    assert notes[2].startswith("Gezählte veröffentlichte Angebote: 7 (Stadt Kassel), eingefr")


def test_a_round_compares_with_today(
    cast: Cast, two_rounds: tuple[SurveyRound, SurveyRound]
) -> None:
    first, _second = two_rounds
    make_offer(cast.kassel, "Heute neu", area="religion")

    page = _page(
        as_client(cast.observer).get(
            "/staff/berichte/", {"rows": "area", "compare_round": str(first.pk)}
        )
    )

    assert '<th scope="row">Religion</th>' + _cells(0, 1, "+1") in page
    assert '<th scope="row">Angebote gesamt</th>' + _cells(5, 8, "+3") in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"round": "second", "at": "2024-01-01"}, "nicht beides"),
        ({"compare_round": "first", "compare": "2024-01-01"}, "nicht beides"),
        ({"round": "open"}, "gültige"),  # Django: "Wählen Sie eine gültige Option."
        ({"round": "9999"}, "gültige"),
        ({"round": "<script>"}, "gültige"),
    ],
)
def test_bad_round_choices_are_refused_with_a_message(
    cast: Cast, two_rounds: tuple[SurveyRound, SurveyRound], query: dict[str, str], message: str
) -> None:
    first, second = two_rounds
    current = open_round(cast, cast.kassel, title="Befragung 2026")
    keys = {"first": str(first.pk), "second": str(second.pk), "open": str(current.pk)}
    query = {name: keys.get(value, value) for name, value in query.items()}

    response = as_client(cast.city_editor).get("/staff/berichte/", {"rows": "area", **query})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_another_regions_round_is_no_choice(
    cast: Cast, two_rounds: tuple[SurveyRound, SurveyRound]
) -> None:
    """The Landkreis's city editor counts the Landkreis: Kassel's rounds are not offered, and
    asking for one is refused."""
    first, _second = two_rounds
    client = as_client(cast.county_editor)

    form = client.get("/staff/berichte/").content.decode()
    assert "Befragung 2024" not in form
    assert "Noch keine abgeschlossene Befragungsrunde." in form

    response = client.get("/staff/berichte/", {"rows": "area", "round": str(first.pk)})
    assert response.status_code == 400
    assert (
        client.get(
            "/staff/berichte/", {"rows": "area", "round": str(first.pk), "region": "stadt-kassel"}
        ).status_code
        == 404
    )


@pytest.fixture
def without_surveys() -> Iterator[None]:
    """An installation without the surveys app: nothing registered with the reports."""
    sources.unregister_snapshot_loader()
    try:
        yield
    finally:
        reporting.register()


def test_without_the_surveys_app_there_is_no_round_to_choose(
    cast: Cast, without_surveys: None
) -> None:
    client = as_client(cast.statistics)
    assert 'name="round"' not in client.get("/staff/berichte/").content.decode()
    with pytest.raises(ReportError, match="nicht verfügbar"):
        sources.snapshot("1")


# --- the command -----------------------------------------------------------------------------


def report(*args: str) -> str:
    out = io.StringIO()
    call_command("offers_report", *args, stdout=out)
    return out.getvalue()


def test_the_command_counts_a_closed_round(
    cast: Cast, two_rounds: tuple[SurveyRound, SurveyRound]
) -> None:
    first, second = two_rounds
    make_offer(cast.kassel, "Nicht eingefroren")

    older = json.loads(report("--rows", "area", "--round", str(first.pk), "--format", "json"))
    newer = json.loads(
        report("--rows", "area", "--round", str(second.pk), "--region", "stadt-kassel",
               "--format", "json")
    )  # fmt: skip

    bildung = older["row_values"].index("bildung")
    assert (older["total"], newer["total"]) == (5, 7)
    assert (older["row_totals"][bildung], newer["row_totals"][bildung]) == (0, 2)
    assert older["at"] == reporting.closing_day(first).isoformat()
    assert list(older) == [*newer]  # the contract's keys, in its order


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--round", "first", "--at", "2024-01-01"], "nicht beides"),
        (["--round", "9999"], "Unbekannte Befragungsrunde „9999“"),
        (["--round", "open"], "Unbekannte Befragungsrunde"),
        (["--round", "first", "--region", "landkreis-kassel"], "Unbekannte Befragungsrunde"),
        (["--round", "first", "--region", "atlantis"], "Unbekannte Region „atlantis“"),
    ],
)
def test_the_command_refuses_bad_rounds(
    cast: Cast, two_rounds: tuple[SurveyRound, SurveyRound], arguments: list[str], message: str
) -> None:
    current = open_round(cast, cast.kassel, title="Befragung 2026")
    keys = {"first": str(two_rounds[0].pk), "open": str(current.pk)}
    arguments = [keys.get(argument, argument) for argument in arguments]

    with pytest.raises(CommandError, match=message):
        report("--rows", "area", *arguments, "--format", "csv")


def test_every_dimension_counts_in_a_round(cast: Cast, varied: None) -> None:
    survey_round = close(cast, "Befragung 2025")
    for name in DIMENSIONS:
        frozen = json.loads(report("--rows", name, "--round", str(survey_round.pk), "--format",
                                   "json"))  # fmt: skip
        now = json.loads(report("--rows", name, "--region", "stadt-kassel", "--format", "json"))
        assert frozen == now, name


def test_a_round_folds_provider_types_into_the_columns_they_had_when_it_closed(
    cast: Cast, varied: None
) -> None:
    """A provider type moved to another report column later: the round keeps the old column."""
    survey_round = close(cast, "Befragung 2025")
    migrant = ProviderType.objects.get(code="migrantenorganisation")  # Bengi's type
    migrant.report_column = "wohlfahrtsverbaende"
    migrant.save()

    frozen = crosstab(sources.dataset(sources.snapshot(str(survey_round.pk))), "provider_type_seed")
    now = offers_report(cast.kassel, "provider_type_seed")

    columns = ["stadt-land", "wohlfahrtsverbaende", "sonstige"]
    assert [frozen.cell(column) for column in columns] == [0, 2, 3]
    assert [now.cell(column) for column in columns] == [0, 3, 2]
