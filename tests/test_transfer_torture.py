"""The import torture set (tests/files/transfer, made by make_files.py): every file is either
accepted with exactly the right values or rejected whole with the exact message, nothing changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import make_offer, make_provider
from tests.files.transfer import make_files
from tests.transfer_support import FILES, database_state, messages, run_import
from wegweiser.directory.models import EditorialStatus, Offer, Provider
from wegweiser.editorial.models import AuditEntry
from wegweiser.editorial.transfer.services import ImportResult

pytestmark = pytest.mark.django_db

ALLOWED_COLUMNS = (
    "angebot_id, traeger, traegerart, titel, beschreibung, bereich, art, altersgruppen, "
    "geschlecht, zielgruppen, sprachen, stadtteile, strasse, plz, ort, kosten, barrierefrei, "
    "beginn, ende, foerderprogramm, stunden, kontakt_email, kontakt_telefon, website"
)
KASSEL_CODES = ", ".join(f"{number:02d}" for number in range(1, 24))
NOT_XLSX = (
    "Die Datei ist keine gültige Excel-Arbeitsmappe (.xlsx). Bitte in Excel oder LibreOffice "
    "als .xlsx oder als CSV speichern."
)
DATE_HINT = "erwartet wird z. B. 31.12.2024, 2024-12-31 oder ein Excel-Datum."


@pytest.fixture
def providers(reference):
    make_provider("Caritasverband Nordhessen-Kassel e. V.", "wohlfahrtsverband")
    make_provider("Diakonie Kassel", "wohlfahrtsverband")


def _import(name: str, region) -> ImportResult:
    return run_import((FILES / name).read_bytes(), region, filename=name)


def _offer(key: str) -> Offer:
    return Offer.objects.get(external_id=key)


def _codes(values) -> list[str]:
    return sorted(value.code for value in values.all())


def test_the_committed_files_are_what_the_script_makes() -> None:
    made = make_files.csv_files()
    for name, data in made.items():
        assert (FILES / name).read_bytes() == data, name
    assert len(list(FILES.glob("*.csv")) + list(FILES.glob("*.xlsx"))) >= 15


def test_it_reads_every_column_of_a_utf8_file(kassel, providers) -> None:
    result = _import("utf8-all-columns.csv", kassel)

    assert result.ok, messages(result)
    offer = _offer("K-1")
    assert offer.status == EditorialStatus.PUBLISHED
    assert offer.provider.name == "Caritasverband Nordhessen-Kassel e. V."
    assert offer.title == "Integrationskurs für Frauen"
    assert offer.description == "Mit Kinderbetreuung.\nAnmeldung nötig."
    assert (offer.area.code if offer.area else None, offer.kind.code, offer.gender.code) == (
        "sprachfoerderung",
        "kurs",
        "frauen",
    )
    assert _codes(offer.age_groups) == ["erwachsene"]
    assert _codes(offer.target_groups) == ["gefluechtete", "neuzugewanderte"]
    assert _codes(offer.languages) == ["ar", "de", "fa"]
    assert not offer.citywide
    assert _codes(offer.districts) == ["01", "11"]
    location = offer.locations.get()
    assert (location.street, location.postcode, location.city) == (
        "Die Freiheit 2",
        "34117",
        "Kassel",
    )
    assert (offer.cost, offer.barrier_free) == ("kostenlos", True)
    assert (offer.start_date, offer.end_date) == (dt.date(2025, 2, 1), dt.date(2025, 7, 31))
    assert offer.funding_programme == "BAMF-Integrationskurs"
    assert offer.hours == Decimal("645")
    assert offer.contact_email == "kurs@example.org"
    assert offer.contact_phone == "0561 7004-0"
    assert offer.website == "https://www.example.org/kurs"


def test_it_reads_a_file_with_bom_commas_labels_and_lists_with_semicolons(
    kassel, providers
) -> None:
    result = _import("utf8-bom-comma-labels.csv", kassel)

    assert result.ok, messages(result)
    offer = _offer("K-2")
    assert offer.provider.name == "Neuer Verein Wesertor"  # spaces collapsed
    assert offer.provider.provider_type.code == "verein"
    assert offer.provider.status == EditorialStatus.PUBLISHED
    assert (offer.area.code if offer.area else None, offer.kind.code, offer.gender.code) == (
        "sprachfoerderung",
        "regelangebot",
        "frauen",
    )
    assert _codes(offer.age_groups) == ["jugendliche", "kinder"]
    assert _codes(offer.target_groups) == ["betriebe-organisationen", "eltern-familien"]
    assert _codes(offer.languages) == ["de", "tr"]
    assert _codes(offer.districts) == ["11", "14"]
    assert offer.cost == "ermaessigt"


def test_it_reads_windows_1252(kassel, providers) -> None:
    result = _import("cp1252.csv", kassel)

    assert result.ok, messages(result)
    offer = _offer("K-3")
    assert offer.title == "Hausaufgabenhilfe für Schüler"
    assert offer.provider.name == "Förderverein Süsterfeld e. V."
    assert _codes(offer.districts) == ["07"]
    assert offer.locations.get().street == "Heinrich-Schütz-Allee 12"


def test_it_reads_hours_with_a_decimal_comma_or_point(kassel, providers) -> None:
    result = _import("decimal-comma.csv", kassel)

    assert result.ok, messages(result)
    assert _offer("K-4").hours == Decimal("22.5")
    assert _offer("K-5").hours == Decimal("645")
    assert _offer("K-6").hours == Decimal("1.5")
    assert all(_offer(key).citywide for key in ("K-4", "K-5", "K-6"))
    assert Provider.objects.filter(name="Volkshochschule Region Kassel").count() == 1


def test_it_reads_an_excel_serial_date(kassel, providers) -> None:
    result = _import("excel-serial-dates.csv", kassel)

    assert result.ok, messages(result)
    offer = _offer("K-7")
    assert (offer.start_date, offer.end_date) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert offer.kind.code == "projekt"


def test_it_reads_real_xlsx_dates_numbers_and_booleans(kassel, providers) -> None:
    result = _import("dates-and-numbers.xlsx", kassel)

    assert result.ok, messages(result)
    first, second = _offer("K-30"), _offer("K-31")
    assert (first.start_date, first.end_date) == (dt.date(2025, 3, 1), dt.date(2025, 8, 31))
    assert first.hours == Decimal("22.5")
    assert _codes(first.districts) == ["01"]
    assert first.locations.get().postcode == "34117"
    assert first.barrier_free is True
    assert (second.start_date, second.end_date) == (dt.date(2025, 4, 1), None)
    assert second.hours == Decimal("645")
    assert second.citywide
    assert second.barrier_free is False


def test_it_undoes_the_formula_escape_and_keeps_other_text_as_it_is(kassel, providers) -> None:
    result = _import("formula-text.csv", kassel)

    assert result.ok, messages(result)
    escaped = _offer("=K-8")
    assert escaped.title == '=HYPERLINK("http://evil.example")'
    assert escaped.description == "@Treffpunkt"
    assert escaped.contact_phone == "+49 561 123456"
    assert escaped.funding_programme == "-minus-"
    plain = _offer("K-9")
    assert plain.title == "'Ne Stunde Deutsch"
    assert plain.description == "'=wirklich mit Apostroph"
    assert plain.contact_phone == "+49 561 654321"


REJECTED = [
    ("empty.csv", ["Die Datei ist leer."]),
    ("header-only.csv", ["Die Datei enthält keine Angebote, nur die Kopfzeile."]),
    (
        "duplicate-id.csv",
        ["Zeile 3, Spalte „angebot_id“, Wert „K-10“: Diese angebot_id steht schon in Zeile 2."],
    ),
    (
        "ragged.csv",
        [
            "Zeile 3: Die Zeile hat 8 Werte, die Kopfzeile nur 7 Spalten.",
            "Zeile 4: Die Zeile hat nur 5 von 7 Spalten.",
        ],
    ),
    (
        "unknown-district.csv",
        [
            "Zeile 2, Spalte „stadtteile“, Wert „01, 99“: unbekannt: „99“. "
            f"Erlaubt sind: {KASSEL_CODES}."
        ],
    ),
    (
        "unknown-column.csv",
        [f"Zeile 1, Spalte „farbe“: unbekannte Spalte. Erlaubt sind: {ALLOWED_COLUMNS}."],
    ),
    (
        "mixed-citywide.csv",
        [
            "Zeile 2, Spalte „stadtteile“, Wert „00, 03“: „00“ (die ganze Region) kann nicht "
            "zusammen mit einzelnen Stadtteilen stehen."
        ],
    ),
    (
        "bad-dates.csv",
        [
            "Zeile 2, Spalte „beginn“, Wert „31.02.2025“: Dieses Datum gibt es nicht.",
            f"Zeile 3, Spalte „ende“, Wert „nächste Woche“: kein Datum; {DATE_HINT}",
            "Zeile 4, Spalte „beginn“, Wert „2024“: Diese Zahl ist kein Excel-Datum zwischen "
            f"1990 und 2100; {DATE_HINT}",
        ],
    ),
    (
        "end-before-start.csv",
        [
            "Zeile 2, Spalte „ende“, Wert „31.08.2025“: Das Ende (31.08.2025) liegt vor dem "
            "Beginn (01.09.2025)."
        ],
    ),
    (
        "new-provider-without-type.csv",
        [
            "Zeile 2, Spalte „traegerart“: Der Träger „Ganz neuer Träger“ ist neu; für ihn muss "
            "die Spalte „traegerart“ ausgefüllt sein."
        ],
    ),
    (
        "bad-contacts.csv",
        [
            "Zeile 2, Spalte „stunden“, Wert „zwölf“: keine Stundenzahl; erwartet wird eine Zahl "
            "wie 645 oder 22,5.",
            "Zeile 2, Spalte „kontakt_email“, Wert „keine-adresse“: keine gültige E-Mail-Adresse.",
            "Zeile 2, Spalte „kontakt_telefon“, Wert „ruf an“: keine gültige Telefonnummer; "
            "erlaubt sind Ziffern, Leerzeichen und + ( ) / - ., z. B. 0561 787-0 oder "
            "+49 561 787-0.",
            "Zeile 2, Spalte „website“, Wert „nicht eine url“: keine gültige Web-Adresse "
            "(z. B. https://www.example.org).",
            "Zeile 2, Spalte „plz“, Wert „3411“: keine Postleitzahl; erwartet werden fünf Ziffern.",
        ],
    ),
    (
        "utf16.csv",
        [
            "Die Datei ist in UTF-16 gespeichert („Unicode-Text“). Bitte als „CSV UTF-8“ oder als "
            "Excel-Arbeitsmappe (.xlsx) speichern."
        ],
    ),
    ("not-really.xlsx", [NOT_XLSX]),
    (
        "formula.xlsx",
        [
            "Zeile 2, Spalte „titel“, Wert „=1+2“: Die Zelle enthält eine Formel; bitte nur "
            "Werte importieren."
        ],
    ),
    (
        "zip-bomb.xlsx",
        [
            "Die Arbeitsmappe würde entpackt unverhältnismäßig groß (150 MB); sie wird zum "
            "Schutz des Servers nicht geöffnet."
        ],
    ),
]


@pytest.mark.parametrize(("name", "expected"), REJECTED, ids=[name for name, _ in REJECTED])
def test_it_rejects_a_bad_file_whole_with_the_exact_messages(
    kassel, providers, name, expected
) -> None:
    make_offer(kassel, "Vorhanden", external_id="K-10")
    before = database_state()

    result = _import(name, kassel)

    assert messages(result) == expected
    assert database_state() == before


def test_it_rejects_a_file_over_10_mb_before_reading_it(kassel, providers) -> None:
    before = database_state()

    result = run_import(make_files.too_large(), kassel, filename="gross.csv")

    assert messages(result) == ["Die Datei ist zu groß (10,0 MB); erlaubt sind höchstens 10 MB."]
    assert database_state() == before


def test_a_rejected_file_with_good_rows_writes_none_of_them(kassel, providers) -> None:
    result = _import("ragged.csv", kassel)

    assert not result.ok
    assert not Offer.objects.filter(external_id="K-11").exists()
    assert not AuditEntry.objects.exists()
