"""Export in the import template: columns, formula neutralisation, and the round trip."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.conftest import make_offer, make_provider
from tests.transfer_support import database_state, messages, run_import
from wegweiser.directory.models import (
    AgeGroup,
    District,
    EditorialStatus,
    Language,
    Location,
    Offer,
    OfferLocation,
    TargetGroup,
)
from wegweiser.directory.search import index
from wegweiser.editorial.models import AuditEntry
from wegweiser.editorial.transfer import export
from wegweiser.editorial.transfer.columns import COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(kassel):
    caritas = make_provider("Caritasverband Nordhessen-Kassel e. V.", "wohlfahrtsverband")
    vhs = make_provider("=Volkshochschule", "bildungstraeger")
    place = Location.objects.create(
        region=kassel, street="Die Freiheit 2", postcode="34117", city="Kassel"
    )
    first = make_offer(
        kassel,
        "=1+2 Sprachcafé",
        provider=caritas,
        external_id="K-1",
        kind="kurs",
        gender="frauen",
        description='Zeile eins\nZeile zwei; mit, Trennzeichen und "Anführung"',
        start_date=dt.date(2025, 2, 1),
        end_date=dt.date(2025, 7, 31),
        hours=Decimal("22.5"),
        funding_programme="@BAMF",
        cost="ermaessigt",
        barrier_free=False,
        contact_email="kurs@example.org",
        contact_phone="+49 561 7004-0",
        website="https://www.example.org/kurs",
        relations={
            "age_groups": list(AgeGroup.objects.filter(code__in=["kinder", "senioren"])),
            "target_groups": list(TargetGroup.objects.filter(code="betriebe-organisationen")),
            "languages": list(Language.objects.filter(code__in=["de", "ar"])),
            "districts": list(District.objects.filter(region=kassel, code__in=["01", "11"])),
            "locations": [place],
        },
    )
    second = make_offer(
        kassel,
        "'Zitat am Anfang",
        provider=vhs,
        citywide=True,
        hours=Decimal("645"),
        barrier_free=True,
        relations={"age_groups": list(AgeGroup.objects.filter(code="erwachsene"))},
    )
    make_offer(kassel, "Entwurf", provider=vhs, status=EditorialStatus.DRAFT)
    return first, second


def _snapshot(offer: Offer) -> dict:
    links = OfferLocation.objects.filter(offer=offer).order_by("pk").select_related("location")
    return {
        **{
            field: getattr(offer, field)
            for field in (
                "provider_id",
                "title",
                "description",
                "area_id",
                "kind_id",
                "gender_id",
                "citywide",
                "cost",
                "barrier_free",
                "start_date",
                "end_date",
                "funding_programme",
                "hours",
                "contact_email",
                "contact_phone",
                "website",
                "status",
            )
        },
        "age_groups": sorted(offer.age_groups.values_list("code", flat=True)),
        "target_groups": sorted(offer.target_groups.values_list("code", flat=True)),
        "languages": sorted(offer.languages.values_list("code", flat=True)),
        "districts": sorted(offer.districts.values_list("code", flat=True)),
        "address": [(k.location.street, k.location.postcode, k.location.city) for k in links],
    }


def test_the_csv_export_has_the_template_and_neutralises_formulas(kassel, offers) -> None:
    _first, second = offers

    text = export.export_bytes("csv", export.exportable_offers(kassel), kassel).decode("utf-8")

    assert text.startswith("\ufeff" + ";".join(COLUMNS) + "\r\n")
    assert "Entwurf" not in text
    assert "K-1;Caritasverband Nordhessen-Kassel e. V.;wohlfahrtsverband;'=1+2 Sprachcafé;" in text
    assert f"{second.uuid};'=Volkshochschule;bildungstraeger;''Zitat am Anfang;" in text
    assert (
        ";kinder, senioren;frauen;betriebe-organisationen;de, ar;01, 11;Die Freiheit 2;34117;Kassel;ermaessigt;nein;01.02.2025;31.07.2025;'@BAMF;22,5;kurs@example.org;'+49 561 7004-0;https://www.example.org/kurs\r\n"
        in text
    )
    assert ";00;;;;;ja;;;;645;;;\r\n" in text


def test_the_xlsx_export_writes_no_formula_and_real_dates(kassel, offers) -> None:
    data = export.export_bytes("xlsx", export.exportable_offers(kassel), kassel)

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == list(COLUMNS)
    cells = {cell.value for row in rows for cell in row}
    assert "'=1+2 Sprachcafé" in cells
    assert all(cell.data_type != "f" for row in rows for cell in row)
    row = next(row for row in rows if row[0].value == "K-1")
    by_column = dict(zip(COLUMNS, row, strict=True))
    assert by_column["beginn"].value == dt.datetime(2025, 2, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    assert by_column["stunden"].value == 22.5


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_reimports_without_any_change(kassel, offers, kind) -> None:
    data = export.export_bytes(kind, export.exportable_offers(kassel), kassel)
    before = database_state()

    result = run_import(data, kassel, filename=f"export.{kind}")

    assert result.ok, messages(result)
    assert result.counts()["unchanged"] == 2
    after = database_state()
    assert after.pop("audit") == before.pop("audit") + 1
    assert after == before
    assert AuditEntry.objects.get().summary == (
        f"Datei „export.{kind}“: 0 neu, 0 geändert, 0 Änderungsvorschläge, 2 unverändert, "
        "0 Träger neu."
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imported_into_an_empty_directory_gives_the_same_offers(
    kassel, offers, kind
) -> None:
    published = list(export.exportable_offers(kassel).order_by("title"))
    expected = [_snapshot(offer) for offer in published]
    data = export.export_bytes(kind, export.exportable_offers(kassel), kassel)
    with index.batch():  # one reindex after the deletion, not one per removed location link
        Offer.objects.all().delete()
        Location.objects.all().delete()

    result = run_import(data, kassel, filename=f"export.{kind}")

    assert result.ok, messages(result)
    assert result.counts()["created"] == 2
    assert [_snapshot(offer) for offer in Offer.objects.order_by("title")] == expected


def test_the_empty_templates_hold_only_the_header(kassel) -> None:
    assert (
        export.template_bytes("csv", kassel).decode("utf-8")
        == "\ufeff" + ";".join(COLUMNS) + "\r\n"
    )
    workbook = load_workbook(io.BytesIO(export.template_bytes("xlsx", kassel)))
    assert [[c.value for c in row] for row in workbook.worksheets[0].iter_rows()] == [list(COLUMNS)]
    allowed = {(row[0].value, row[1].value) for row in workbook.worksheets[1].iter_rows(min_row=2)}
    assert ("bereich", "sprachfoerderung") in allowed
    assert ("stadtteile", "00") in allowed
    assert ("stadtteile", "23") in allowed
