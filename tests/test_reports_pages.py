"""The reports' staff pages and the public statistics page: every URL for every role, the
table, chart and downloads, comparison, bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from typing import Any

import pytest
from django.test import Client

from tests.conftest import make_offer, make_provider
from tests.editorial_cast import Cast, as_client, build_cast
from wegweiser.directory.models import Area, Language, Offer
from wegweiser.reports import sources

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "nobody",
    "city_editor",
    "county_editor",
    "caritas_editor",
    "bengi_editor",
    "statistics",
    "observer",
    "administrator",
)
LOGIN = 302


@pytest.fixture
def cast(kassel: Any, landkreis: Any) -> Cast:
    return build_cast(kassel, landkreis)


def reports_allowed(**changes: int) -> dict[str, int]:
    statuses = {
        "anonymous": LOGIN,
        "nobody": 403,
        "city_editor": 200,
        "county_editor": 200,
        "caritas_editor": 403,
        "bengi_editor": 403,
        "statistics": 200,
        "observer": 200,
        "administrator": 200,
    }
    statuses.update(changes)
    return statuses


PAGES = [
    ("/staff/berichte/", reports_allowed()),
    ("/staff/berichte/?rows=area&cols=language", reports_allowed()),
    ("/staff/berichte/?rows=area&region=stadt-kassel", reports_allowed(county_editor=404)),
    ("/staff/berichte/?rows=area&format=csv", reports_allowed()),
    ("/staff/berichte/?rows=area&format=xlsx", reports_allowed()),
    ("/staff/berichte/gemeinderat/", reports_allowed()),
    ("/staff/berichte/gemeinderat/?region=stadt-kassel", reports_allowed(county_editor=404)),
    ("/staff/berichte/gemeinderat/bericht.xlsx", reports_allowed()),
    ("/staff/berichte/gemeinderat/bericht.html", reports_allowed()),
    ("/staff/berichte/befragung-2008/", reports_allowed()),
    ("/staff/berichte/datenqualitaet/", reports_allowed(statistics=403)),
    (
        "/staff/berichte/datenqualitaet/?region=stadt-kassel",
        reports_allowed(statistics=403, county_editor=404),
    ),
]


@pytest.mark.parametrize(("url", "statuses"), PAGES, ids=[url for url, _ in PAGES])
def test_every_report_page_answers_each_role_as_the_rules_say(
    cast: Cast, url: str, statuses: dict[str, int]
) -> None:
    offers_before = list(Offer.objects.values_list("pk", "status", "title"))
    for role in ROLES:
        response = as_client(cast.users()[role]).get(url)
        assert response.status_code == statuses[role], (role, url)
        if response.status_code == LOGIN:
            assert response["Location"].startswith("/staff/anmelden/")
    assert list(Offer.objects.values_list("pk", "status", "title")) == offers_before


def test_the_report_pages_take_no_post(cast: Cast) -> None:
    client = as_client(cast.city_editor)
    for url in (
        "/staff/berichte/",
        "/staff/berichte/gemeinderat/",
        "/staff/berichte/datenqualitaet/",
    ):
        assert client.post(url, {"rows": "area"}).status_code == 405


def test_the_dashboard_links_to_the_reports_for_those_who_may_use_them(cast: Cast) -> None:
    statistics = as_client(cast.statistics).get("/staff/").content.decode()
    provider = as_client(cast.caritas_editor).get("/staff/").content.decode()
    editor = as_client(cast.city_editor).get("/staff/").content.decode()

    assert "/staff/berichte/" in statistics
    assert "/staff/berichte/datenqualitaet/" not in statistics
    assert "/staff/berichte/datenqualitaet/" in editor
    assert "/staff/berichte/" not in provider


def test_it_shows_the_table_the_chart_and_the_counting_basis(cast: Cast) -> None:
    arabic = Language.objects.get(code="ar")
    make_offer(
        cast.kassel, "Arabisch für Frauen", gender="frauen", relations={"languages": [arabic]}
    )

    response = as_client(cast.statistics).get(
        "/staff/berichte/", {"rows": "area", "cols": "language", "region": "stadt-kassel"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and 'role="img"' in page
    assert "<title id=" in page
    assert "Angebote nach Bereich und Sprache" in page
    assert "Gezählte veröffentlichte Angebote: 3" in page
    assert '<th scope="col" class="number">Arabisch</th>' in page
    assert "Herunterladen als CSV" in page


def test_filters_narrow_the_offers_counted(cast: Cast) -> None:
    arabic = Language.objects.get(code="ar")
    make_offer(
        cast.kassel, "Arabisch für Frauen", gender="frauen", relations={"languages": [arabic]}
    )

    response = as_client(cast.observer).get(
        "/staff/berichte/",
        {"rows": "area", "region": "stadt-kassel", "f_language": ["ar"], "f_gender": ["frauen"]},
    )

    assert "Gezählte veröffentlichte Angebote: 1" in response.content.decode()


def test_bad_input_gets_a_german_message_and_status_400(cast: Cast) -> None:
    client = as_client(cast.city_editor)

    same = client.get("/staff/berichte/", {"rows": "area", "cols": "area"})
    unknown = client.get("/staff/berichte/", {"rows": "farbe"})
    bad_date = client.get("/staff/berichte/", {"rows": "area", "at": "2024-13-45"})
    bad_value = client.get("/staff/berichte/", {"rows": "area", "f_kind": ["nachtkurs"]})
    bad_format = client.get("/staff/berichte/", {"rows": "area", "format": "docx"})
    council = client.get("/staff/berichte/gemeinderat/", {"at": "gestern"})

    assert same.status_code == 400
    assert "Zeilen und Spalten müssen verschiedene Merkmale sein." in same.content.decode()
    assert unknown.status_code == 400
    assert "keine gültige Auswahl" in unknown.content.decode()
    assert bad_date.status_code == 400
    assert "gültiges Datum" in bad_date.content.decode()
    assert bad_value.status_code == 400
    assert bad_format.status_code == 400
    assert "Unbekanntes Format „docx“; möglich sind: csv, xlsx, pdf." in bad_format.content.decode()
    assert council.status_code == 400
    assert "JJJJ-MM-TT" in council.content.decode()


def test_the_council_page_keeps_the_chosen_region_when_the_date_is_bad(cast: Cast) -> None:
    response = as_client(cast.administrator).get(
        "/staff/berichte/gemeinderat/", {"region": "landkreis-kassel", "at": "gestern"}
    )

    assert response.status_code == 400
    assert '<option value="landkreis-kassel" selected>' in response.content.decode()


def test_dates_in_the_future_are_refused_with_a_message(cast: Cast) -> None:
    client = as_client(cast.city_editor)
    tomorrow = (sources.today() + dt.timedelta(days=1)).isoformat()
    today = sources.today().isoformat()

    for query in ({"at": tomorrow}, {"compare": tomorrow}):
        response = client.get("/staff/berichte/", {"rows": "area", **query})
        assert response.status_code == 400
        assert f"Das Datum {tomorrow} liegt in der Zukunft" in response.content.decode()
    council = client.get("/staff/berichte/gemeinderat/", {"at": tomorrow})
    download = client.get("/staff/berichte/gemeinderat/bericht.pdf", {"at": tomorrow})

    assert council.status_code == download.status_code == 400
    assert "liegt in der Zukunft" in council.content.decode()
    assert "liegt in der Zukunft" in download.content.decode()
    assert client.get("/staff/berichte/", {"rows": "area", "at": today}).status_code == 200


def test_the_csv_download_neutralises_formulas_and_keeps_the_numbers(cast: Cast) -> None:
    area = Area.objects.get(code="sonstiges")
    area.label = '=HYPERLINK("http://example.org")'
    area.save()
    make_offer(cast.kassel, "Etwas anderes", area="sonstiges")

    response = as_client(cast.statistics).get(
        "/staff/berichte/", {"rows": "area", "cols": "gender", "format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    labels = [line[0] for line in lines if line]
    assert '\'=HYPERLINK("http://example.org")' in labels
    assert not any(label.startswith("=") for label in labels)
    row = lines[[line[0] if line else "" for line in lines].index("Sprachförderung")]
    assert row[1:] == ["2", "2", "0", "2", "4"]
    # Below the table, after an empty line: what was counted, when, and how.
    notes = lines[lines.index([]) + 1 :]
    assert notes[0][0].startswith("Gezählte veröffentlichte Angebote: 3 (Stadt Kassel), Stand:")
    assert notes[-1][0].startswith("Jedes Angebot zählt in einer Zelle höchstens einmal")


def test_the_xlsx_download_has_numbers_as_numbers_and_no_formulas(cast: Cast) -> None:
    from openpyxl import load_workbook

    provider = make_provider("@SUMME(A1)", "verein")
    make_offer(cast.kassel, "+1 Angebot", provider=provider)
    response = as_client(cast.statistics).get(
        "/staff/berichte/", {"rows": "area", "format": "xlsx"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    lines = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert ["Sprachförderung", 3] in lines
    assert all(
        not (isinstance(value, str) and value.startswith("=")) for line in lines for value in line
    )


def test_the_pdf_download_is_a_pdf(cast: Cast) -> None:
    response = as_client(cast.statistics).get(
        "/staff/berichte/", {"rows": "area", "cols": "gender", "format": "pdf"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _pdf_words(pdf: bytes, tmp_path: Any) -> tuple[float, list[tuple[int, float, str]]]:
    """The page width and every word as (page, right edge, text), from poppler's positions."""
    import re
    import subprocess

    path = tmp_path / "tabelle.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))  # type: ignore[union-attr]
    words = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for right, text in re.findall(
            r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', page
        ):
            words.append((number, float(right), text))
    return width, words


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_a_wide_comparison_fits_the_pdf_pages_in_parts(cast: Cast, tmp_path: Any) -> None:
    """Area × district compared with a date: 25 columns (00, the 23 districts, ohne_angabe), three
    numbers each, go on in parts of two, each with the row labels; nothing runs off the page."""
    response = as_client(cast.statistics).get(
        "/staff/berichte/",
        {"rows": "area", "cols": "district", "compare": "2024-01-01", "format": "pdf"},
    )
    width, words = _pdf_words(response.content, tmp_path)

    assert response.status_code == 200
    assert max(right for _page, right, _text in words) < width - 30  # inside the margin
    texts = [text for _page, _right, text in words]
    assert "(Spalten" in texts
    # 13 parts of the comparison, 5 of the table (6 columns each), and the chart's label
    assert texts.count("Sprachförderung") == 13 + 5 + 1
    for code in ("(00)", "01", "12", "23"):
        assert code in texts
    assert [text for text in texts if text.startswith("Wilhelmsh")]  # "05 Bad Wilhelmshöhe"


def test_it_compares_two_dates_with_a_difference_column(cast: Cast) -> None:
    import datetime as dt

    import time_machine

    from wegweiser.reports.sources import BERLIN

    with time_machine.travel(dt.datetime(2024, 1, 10, 12, tzinfo=BERLIN), tick=False):
        make_offer(cast.kassel, "Im Januar", area="bildung")

    response = as_client(cast.statistics).get(
        "/staff/berichte/",
        {"rows": "area", "region": "stadt-kassel", "at": "2024-06-30", "compare": "2024-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Differenz" in page
    assert '<td class="number">0</td><td class="number">1</td><td class="number">+1</td>' in page

    download = as_client(cast.statistics).get(
        "/staff/berichte/",
        {
            "rows": "area",
            "region": "stadt-kassel",
            "at": "2024-06-30",
            "compare": "2024-01-01",
            "format": "csv",
        },
    )
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    bildung = next(line for line in lines if line[0] == "Bildung")
    assert bildung[-3:] == ["0", "1", "1"]


# --- public statistics page -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en", "tr", "ru", "ar", "uk"])
def test_the_public_statistics_page_answers_in_every_language(
    kassel: Any, client: Client, language: str
) -> None:
    make_offer(kassel, "Sprachcafé")

    response = client.get(f"/{language}/statistik/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'lang="{language}"' in page
    assert "<svg" in page
    assert "Entwurf" not in page


def test_the_public_statistics_page_counts_only_published_offers(
    kassel: Any, client: Client
) -> None:
    make_offer(kassel, "Veröffentlicht", area="kultur")
    make_offer(kassel, "Entwurf", area="kultur", status="draft")

    response = client.get("/de/statistik/", {"region": "stadt-kassel"})

    assert "Veröffentlichte Angebote: 1 (Stand" in response.content.decode()
    assert client.get("/de/statistik/", {"region": "atlantis"}).status_code == 404


def test_every_public_page_links_to_the_statistics(kassel: Any, client: Client) -> None:
    for language in ("de", "ar"):
        home = client.get(f"/{language}/")
        assert home.status_code == 200
        assert f'href="/{language}/statistik/"' in home.content.decode()
