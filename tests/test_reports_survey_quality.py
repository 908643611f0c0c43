"""The 2008 figures as read-only reference with their contradictions flagged; the data-quality
report for editors."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import make_offer, make_provider
from tests.editorial_cast import build_cast, client_for
from wegweiser.directory.models import AgeGroup, District, Language, Region
from wegweiser.reports import quality, survey2008

pytestmark = pytest.mark.django_db


def test_the_2008_figures_are_loaded_as_printed() -> None:
    data = survey2008.survey()

    ages = data.overviews["age_group_seed"]
    assert ages.rows["sprachfoerderung"] == [40, 70, 2]
    assert ages.row_totals["sprachfoerderung"] == 112
    assert ages.sums == [198, 411, 14] and ages.total == 623
    assert data.overviews["provider_type_seed"].total == 476
    assert data.overviews["gender"].total == 915
    assert data.areas["berufliche-qualifizierung"]["provider_type_seed"] == [9, 4, 32]


def test_every_known_contradiction_of_the_source_is_flagged(reference: None) -> None:
    messages = [flag.message for flag in survey2008.contradictions()]
    kinds = [flag.kind for flag in survey2008.contradictions()]

    assert (
        "Berufliche Qualifizierung nach Trägern: 9 / 4 / 32 in der eigenen Tabelle, aber "
        "10 / 3 / 32 in der Übersicht." in messages
    )
    assert (
        "Sonstiges nach Geschlecht: 20 / 21 in der eigenen Tabelle, aber 20 / 1 in der Übersicht."
        in messages
    )
    assert any(
        "Kultur wiederholt genau die Zeile von Freizeit / Sport (57 / 60)" in m for m in messages
    )
    assert any("umfasst aber alle Bereiche" in m for m in messages)
    assert any(
        "476 Angebote nach Trägern, aber 623 Nennungen nach Alter und 915" in m for m in messages
    )
    assert any(
        m.startswith("Sprachförderung: 202 Nennungen nach Geschlecht bei 85 Angeboten")
        for m in messages
    )
    # the printed sums themselves add up: nothing is flagged that is not wrong
    assert "column_sum" not in kinds and "row_total" not in kinds


def test_the_2008_page_sets_the_printed_figures_beside_todays(
    kassel: Region, landkreis: Region
) -> None:
    cast = build_cast(kassel, landkreis)
    make_offer(
        kassel,
        "Hausaufgabenhilfe",
        area="bildung",
        relations={"age_groups": [AgeGroup.objects.get(code="kinder")]},
    )

    response = client_for(cast.observer).get("/staff/berichte/befragung-2008/")
    page = response.content.decode()

    assert response.status_code == 200
    assert "Widersprüche in den Tabellen von 2008" in page
    assert "9 / 4 / 32 in der eigenen Tabelle" in page
    # Bildung, Kinder: 42 in 2008, 1 today
    assert '<th scope="row">Bildung</th><td class="number">42</td><td class="number">1</td>' in page
    tables = survey2008.beside_today(kassel)
    assert tables[0].total == (623, 3)


# --- data quality ----------------------------------------------------------------------------


def test_the_quality_report_finds_what_is_missing_stale_or_doubled(kassel: Region) -> None:
    provider = make_provider("Caritas", "wohlfahrtsverband")
    complete = {
        "age_groups": [AgeGroup.objects.get(code="erwachsene")],
        "languages": [Language.objects.get(code="de")],
        "districts": [District.objects.get(region=kassel, code="01")],
    }
    make_offer(kassel, "Vollständig", provider=provider, relations=complete)
    no_age = make_offer(kassel, "Ohne Alter", provider=provider, citywide=True,
                        relations={"languages": [Language.objects.get(code="de")]})  # fmt: skip
    draft = make_offer(kassel, "Entwurf ohne Bereich", provider=provider, area=None, status="draft")
    project = make_offer(
        kassel, "Projekt ohne Ende", kind="projekt", provider=provider, relations=complete
    )
    first = make_offer(kassel, "Deutschkurs A1 (Vormittag)", provider=provider, relations=complete)
    second = make_offer(kassel, "Deutschkurs A1 – Vormittag", provider=provider, relations=complete)
    make_offer(kassel, "Deutschkurs A1 (Vormittag)", relations=complete)  # another provider
    make_offer(kassel, "Archiviert ohne alles", provider=provider, status="archived")
    with time_machine.travel(timezone.now() - dt.timedelta(days=800), tick=False):
        old = make_offer(kassel, "Lange nicht bestätigt", provider=provider, relations=complete)
    lonely = make_provider("Träger ohne Angebote")

    report = quality.build(kassel)
    missing = {finding.key: [offer.title for offer in finding.offers] for finding in report.missing}

    assert missing["area"] == [draft.title]
    assert no_age.title in missing["age_group"] and "Vollständig" not in missing["age_group"]
    assert no_age.title not in missing["district"]  # region-wide counts as a district answer
    assert draft.title in missing["district"]
    assert "Archiviert ohne alles" not in missing["language"]
    assert [offer.title for offer in report.projects_without_end.offers] == [project.title]
    assert [offer.title for offer in report.stale.offers] == [old.title]
    pairs = {(pair.first.pk, pair.second.pk) for pair in report.duplicates}
    assert pairs == {(first.pk, second.pk)}
    assert lonely in report.providers_without_offers
    assert provider not in report.providers_without_offers


def test_the_quality_page_lists_entries_for_editors_only(kassel: Region, landkreis: Region) -> None:
    cast = build_cast(kassel, landkreis)

    page = client_for(cast.city_editor).get("/staff/berichte/datenqualitaet/").content.decode()

    assert "Ohne Altersgruppe" in page
    assert "Elterncafé" in page  # the cast's draft has no age group
    assert client_for(cast.statistics).get("/staff/berichte/datenqualitaet/").status_code == 403


def test_folded_titles_ignore_case_punctuation_and_umlauts() -> None:
    assert quality.folded_title("Frauen-Café: Größe!") == quality.folded_title("frauen cafe grosse")
