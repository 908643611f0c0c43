"""The cross-table engine: the counting basis of the report contract, now and at past dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from tests.conftest import make_offer, make_provider
from wegweiser.directory.history import save_with_relations
from wegweiser.directory.models import (
    AgeGroup,
    Area,
    District,
    EditorialStatus,
    Language,
    Network,
    Region,
)
from wegweiser.reports import sources
from wegweiser.reports.dimensions import ReportError
from wegweiser.reports.engine import compare, crosstab, offers_report

BERLIN = sources.BERLIN


def languages(*codes: str) -> list[Language]:
    return [Language.objects.get(code=code) for code in codes]


def districts(region: Region, *codes: str) -> list[District]:
    return [District.objects.get(region=region, code=code) for code in codes]


def ages(*codes: str) -> list[AgeGroup]:
    return [AgeGroup.objects.get(code=code) for code in codes]


@pytest.fixture
def offers(kassel: Region) -> dict[str, Any]:
    caritas = make_provider("Caritas", "wohlfahrtsverband")
    stadt = make_provider("Stadt Kassel", "kommune")
    return {
        "kurs": make_offer(
            kassel,
            "Deutschkurs",
            provider=caritas,
            relations={
                "languages": languages("de", "tr"),
                "districts": districts(kassel, "01", "02"),
                "age_groups": ages("erwachsene", "senioren"),
            },
        ),
        "cafe": make_offer(
            kassel,
            "Frauencafé",
            provider=stadt,
            area="kultur",
            gender="frauen",
            citywide=True,
            relations={"languages": languages("ar"), "age_groups": ages("kinder", "jugendliche")},
        ),
        "ohne": make_offer(kassel, "Ohne Angaben", provider=caritas, area="bildung"),
        "entwurf": make_offer(
            kassel,
            "Entwurf",
            provider=caritas,
            status=EditorialStatus.DRAFT,
            relations={"languages": languages("de")},
        ),
    }


def test_it_counts_distinct_published_offers_with_multi_valued_ones_in_every_cell(
    kassel: Region, offers: dict[str, Any]
) -> None:
    table = offers_report(kassel, "district", "language")

    assert table.col_values == ["ar", "de", "tr", "ohne_angabe"]
    assert table.row_values[:3] == ["00", "01", "02"]
    assert table.row_values[-1] == "ohne_angabe"
    assert table.cell("01", "de") == 1
    assert table.cell("01", "tr") == 1
    assert table.cell("02", "tr") == 1
    assert table.cell("00", "ar") == 1
    assert table.cell("00", "de") == 0  # the region-wide offer counts only under 00
    assert table.cell("ohne_angabe", "ohne_angabe") == 1
    assert table.total == 3  # the draft is not counted
    assert table.row_totals[table.row_values.index("01")] == 1
    assert table.col_totals == [1, 1, 1, 1]
    assert table.row_sums[table.row_values.index("01")] == 2
    assert table.sum_cells == 1 + 2 + 2 + 1  # 00×ar, 01×de/tr, 02×de/tr, none×none
    assert table.sum_cells == sum(table.row_sums) == sum(table.col_sums)


def test_it_lists_ohne_angabe_even_when_nobody_lacks_a_value(
    kassel: Region, offers: dict[str, Any]
) -> None:
    table = offers_report(kassel, "area")

    assert table.row_values[-1] == "ohne_angabe"
    assert table.cell("ohne_angabe") == 0
    assert table.row_values[:9] == [
        "arbeitsberatung",
        "berufliche-qualifizierung",
        "bildung",
        "freizeit-sport",
        "kultur",
        "religion",
        "spezielle-beratungen",
        "sprachfoerderung",
        "sonstiges",
    ]
    assert table.cols is None and table.cells == [] and table.col_values == []
    assert table.row_sums == table.row_totals
    assert table.sum_cells == 3


def test_it_counts_an_offer_for_everyone_under_both_genders(
    kassel: Region, offers: dict[str, Any]
) -> None:
    table = offers_report(kassel, "gender", "area")

    assert table.row_values == ["maenner", "frauen", "ohne_angabe"]
    assert table.row_totals == [2, 3, 0]
    assert table.total == 3
    assert table.sum_cells == 5


def test_it_folds_age_groups_and_provider_types_into_the_columns_of_2008(
    kassel: Region, offers: dict[str, Any]
) -> None:
    table = offers_report(kassel, "age_group_seed", "provider_type_seed")

    assert table.row_values == ["kinder", "erwachsene", "senioren", "ohne_angabe"]
    assert table.col_values == ["stadt-land", "wohlfahrtsverbaende", "sonstige", "ohne_angabe"]
    # kinder and jugendliche of one offer are one offer in the column "Kinder"
    assert table.cell("kinder", "stadt-land") == 1
    assert table.cell("erwachsene", "wohlfahrtsverbaende") == 1
    assert table.cell("senioren", "wohlfahrtsverbaende") == 1
    assert table.cell("ohne_angabe", "wohlfahrtsverbaende") == 1
    assert table.col_totals == [1, 2, 0, 0]


def test_it_filters_on_every_dimension_together(kassel: Region, offers: dict[str, Any]) -> None:
    table = offers_report(kassel, "area", filters={"language": ["de", "ar"], "gender": ["frauen"]})
    assert table.total == 2
    narrower = offers_report(
        kassel, "area", filters={"language": ["ar"], "provider_type_seed": ["stadt-land"]}
    )
    assert narrower.total == 1
    assert narrower.cell("kultur") == 1
    nothing = offers_report(kassel, "area", filters={"language": ["ohne_angabe"]})
    assert nothing.total == 1
    assert nothing.cell("bildung") == 1


def test_it_counts_the_networks_of_the_lead_provider(kassel: Region) -> None:
    network = Network.objects.get(code="arbeitskreis-integration")
    provider = make_provider("Im Netzwerk e. V.")
    save_with_relations(provider, {"networks": [network]})
    make_offer(kassel, "Im Netzwerk", provider=provider)
    make_offer(kassel, "Außerhalb")

    table = offers_report(kassel, "network")

    assert table.cell("arbeitskreis-integration") == 1
    assert table.cell("ohne_angabe") == 1


def test_it_counts_only_the_region_asked_for(kassel: Region, landkreis: Region) -> None:
    make_offer(kassel, "In der Stadt")
    make_offer(landkreis, "Im Landkreis")
    make_offer(landkreis, "Auch im Landkreis")

    assert offers_report(kassel, "area").total == 1
    county = offers_report(landkreis, "district")
    assert county.total == 2
    assert "06633026" in county.row_values
    assert "01" not in county.row_values


def test_it_refuses_bad_dimensions_and_the_same_dimension_twice(kassel: Region) -> None:
    with pytest.raises(ReportError, match="Unbekanntes Merkmal"):
        offers_report(kassel, "farbe")
    with pytest.raises(ReportError, match="verschiedene Merkmale"):
        offers_report(kassel, "area", "area")
    with pytest.raises(ReportError, match="Unbekannter Wert"):
        offers_report(kassel, "area", filters={"kind": ["nachtkurs"]})


def test_it_sees_a_change_made_after_a_table_was_counted(kassel: Region) -> None:
    offer = make_offer(kassel, "Beratung", area="arbeitsberatung")
    assert offers_report(kassel, "area").cell("arbeitsberatung") == 1

    offer.area = Area.objects.get(code="bildung")
    save_with_relations(offer)
    make_offer(kassel, "Noch eins", area="bildung")

    table = offers_report(kassel, "area")
    assert table.cell("arbeitsberatung") == 0
    assert table.cell("bildung") == 2


# --- at a past date ------------------------------------------------------------------------


def at(day: str, hour: int = 12) -> Any:
    moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=BERLIN)
    return time_machine.travel(moment, tick=False)


def test_it_counts_what_was_published_at_the_end_of_a_past_day(kassel: Region) -> None:
    with at("2024-03-01"):
        offer = make_offer(
            kassel, "Sprachcafé", area="kultur", relations={"languages": languages("tr")}
        )
        make_offer(kassel, "Entwurf", status=EditorialStatus.DRAFT)
    with at("2024-03-05"):
        offer.area = Area.objects.get(code="bildung")
        save_with_relations(offer, {"languages": languages("ar", "de")})
    with at("2024-03-10"):
        offer.status = EditorialStatus.ARCHIVED
        save_with_relations(offer)

    before = offers_report(kassel, "area", "language", at=dt.date(2024, 2, 28))
    first = offers_report(kassel, "area", "language", at=dt.date(2024, 3, 1))
    second = offers_report(kassel, "area", "language", at=dt.date(2024, 3, 9))
    archived = offers_report(kassel, "area", "language", at=dt.date(2024, 3, 10))

    assert before.total == 0
    assert first.total == 1
    assert first.cell("kultur", "tr") == 1
    assert first.at == dt.date(2024, 3, 1)
    assert second.cell("kultur", "tr") == 0
    assert second.cell("bildung", "ar") == 1
    assert second.cell("bildung", "de") == 1
    assert second.col_values == ["ar", "de", "ohne_angabe"]
    assert archived.total == 0


def test_it_reads_the_end_of_the_day_in_berlin_time(kassel: Region) -> None:
    # 23:30 in Berlin on 1 March is still 1 March, although it is 22:30 UTC.
    with at("2024-03-01", hour=23):
        make_offer(kassel, "Spät am Abend")

    assert offers_report(kassel, "area", at=dt.date(2024, 3, 1)).total == 1
    assert offers_report(kassel, "area", at=dt.date(2024, 2, 29)).total == 0


def test_it_uses_the_provider_type_in_force_at_the_date(kassel: Region) -> None:
    from wegweiser.directory.models import ProviderType

    with at("2024-01-10"):
        provider = make_provider("Verein, später Verband")
        make_offer(kassel, "Treff", provider=provider)
    with at("2024-02-10"):
        provider.provider_type = ProviderType.objects.get(code="wohlfahrtsverband")
        save_with_relations(provider)

    january = offers_report(kassel, "provider_type_seed", at=dt.date(2024, 1, 31))
    february = offers_report(kassel, "provider_type_seed", at=dt.date(2024, 2, 28))
    assert january.cell("sonstige") == 1
    assert february.cell("wohlfahrtsverbaende") == 1


def test_it_compares_two_dates_value_by_value(kassel: Region) -> None:
    with at("2024-01-10"):
        make_offer(kassel, "Alt", relations={"languages": languages("ru")})
    with at("2024-06-10"):
        make_offer(kassel, "Neu", relations={"languages": languages("uk")})

    before = offers_report(kassel, "language", at=dt.date(2024, 1, 31))
    after = offers_report(kassel, "language", at=dt.date(2024, 6, 30))
    comparison = compare(before, after)

    assert comparison.row_values == ["ru", "uk", "ohne_angabe"]
    lines = {line["value"]: line["total"] for line in comparison.lines()}
    assert lines["ru"] == (1, 1, 0)
    assert lines["uk"] == (0, 1, 1)
    assert comparison.total == (1, 2, 1)


def test_a_snapshot_is_just_another_source_of_offer_rows(kassel: Region) -> None:
    rows = [
        sources.OfferRow(1, {"area": ["bildung"], "gender": ["alle"], "language": ["de"]}),
        sources.OfferRow(2, {"area": ["bildung"], "gender": ["frauen"]}),
    ]
    data = sources.dataset(sources.OfferRows("runde-2025", rows, region=kassel))

    table = crosstab(data, "gender", "language")

    assert table.cell("maenner", "de") == 1
    assert table.cell("frauen", "ohne_angabe") == 1
    assert table.total == 2
