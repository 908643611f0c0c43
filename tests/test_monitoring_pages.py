"""The monitoring's web pages: the public dashboard (map, ranking with the source's thresholds),
time series, district profiles, CSV downloads, and the staff overview and report (HTML, PDF,
XLSX), on results published by the real ``monitoring_run --publish``. A suppressed value shows
as ``.`` and its number appears nowhere."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.monitoring_published import Published, publish, shows_number, tables, without_scales
from wegweiser.accounts.models import Membership, Role, User
from wegweiser.directory.models import District, Region
from wegweiser.monitoring.models import IndicatorValue

pytestmark = pytest.mark.django_db

DASHBOARD = "/de/monitoring/stadt-kassel/"
FOOTNOTE = "gesperrt wegen statistischer Geheimhaltung"


@pytest.fixture(scope="module")
def register_dir(tmp_path_factory: Any) -> Path:
    return tmp_path_factory.mktemp("register")


@pytest.fixture
def published(kassel: Region, register_dir: Path) -> Published:
    return publish(kassel, register_dir)


def value(region: Region, day: str, gebiet: str, indikator: str) -> IndicatorValue:
    return IndicatorValue.objects.get(
        region=region, stichtag=day, gebiet=gebiet, indikator=indikator
    )


def ranking_rows(html: str) -> list[list[str]]:
    """The ranking table: rank, district, value, count, basis, threshold."""
    found = [t for t in tables(html) if t and t[0][:2] == ["Rang", "Stadtteil"]]
    assert len(found) == 1
    return found[0][1:]


def most_suppressed(region: Region, day: str) -> str:
    counts: dict[str, int] = {}
    for row in IndicatorValue.objects.filter(region=region, stichtag=day, status="gesperrt"):
        if row.gebiet != "00":
            counts[row.indikator] = counts.get(row.indikator, 0) + 1
    return max(counts, key=lambda code: counts[code])


def german(number: str) -> str:
    return number.replace(".", ",")


# --- public pages --------------------------------------------------------------------------------


def test_the_monitoring_link_leads_to_the_default_regions_dashboard(client, published) -> None:
    response = client.get("/de/monitoring/")
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    home = client.get("/de/").content.decode()
    assert 'href="/de/monitoring/"' in home


def test_the_dashboard_ranks_the_districts_with_the_sources_thresholds(client, published) -> None:
    kassel = published.region
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    # the newest reference date and the share with migration background by default
    assert "Anteil mit Migrationshintergrund, <bdi>31.12.2024</bdi>" in html
    average = Decimal(value(kassel, "2024-12-31", "00", "mh_anteil").wert)
    rows = ranking_rows(html)
    assert len(rows) == District.objects.filter(region=kassel).count() == 23
    shown = [(row[1], row[2], row[5]) for row in rows if row[2] != "."]
    values = [Decimal(v.replace(",", ".")) for _name, v, _t in shown]
    assert values == sorted(values, reverse=True)
    for name, number, threshold in shown:
        district = District.objects.get(region=kassel, name=name)
        published_value = value(kassel, "2024-12-31", district.code, "mh_anteil")
        assert number == german(published_value.wert)
        share = Decimal(published_value.wert)
        expected = (
            "über 50 %" if share > 50 else "über 40 %" if share > 40
            else "über dem Durchschnitt" if share > average else "nicht über dem Durchschnitt"
        )  # fmt: skip
        assert threshold == expected, name
    assert f"insgesamt: <strong>{german(str(average))} %</strong>" in html


def test_the_map_links_every_district_with_a_text_a_legend_and_the_attribution(
    client, published
) -> None:
    html = client.get(DASHBOARD).content.decode()
    svg = html[html.index('<svg class="district-map"') : html.index("</svg>")]
    links = re.findall(
        r'<a href="([^"]+)"[^>]*>\s*<title>([^<]+)</title>\s*<path class="fill" d="M', svg
    )
    assert len(links) == 23
    assert ("/de/monitoring/stadt-kassel/stadtteil/14/", "Wesertor: ") in [
        (href, title[: len("Wesertor: ")]) for href, title in links
    ]
    assert 'aria-labelledby="karte-' in svg
    assert "Klassen (in %):" in html
    assert "Geodaten: Stadt Kassel" in html
    # every class has its own hatching as well as its colour
    assert len(set(re.findall(r'<pattern id="(karte-\d+-[\w-]+)"', html))) >= 3


def test_suppressed_cells_show_a_dot_and_the_footnote(client, published) -> None:
    kassel = published.region
    indikator = most_suppressed(kassel, "2024-12-31")
    html = client.get(DASHBOARD, {"indikator": indikator}).content.decode()
    rows = {row[1]: row for row in ranking_rows(html)}
    suppressed = IndicatorValue.objects.filter(
        region=kassel, stichtag="2024-12-31", indikator=indikator, status="gesperrt"
    ).exclude(gebiet="00")
    assert suppressed
    for row in suppressed:
        name = District.objects.get(region=kassel, code=row.gebiet).name
        rank, _name, shown, count, _basis, threshold = rows[name]
        assert (rank, shown, count, threshold) == ("", ".", ".", "gesperrt")
        exact = published.exact[("2024-12-31", row.gebiet, indikator)]
        assert exact["wert"] not in (shown, german(shown))
    assert FOOTNOTE in html
    assert 'class="number suppressed"><span aria-hidden="true">.</span>' in html


def test_no_suppressed_number_appears_on_any_public_page(client, published) -> None:
    kassel = published.region
    hidden = published.hidden_numbers()
    assert hidden, "the register should have suppressed shares"
    codes = sorted(
        set(IndicatorValue.objects.filter(region=kassel).values_list("indikator", flat=True))
    )
    pages = []
    for day in ("2023-12-31", "2024-12-31"):
        for code in codes:
            if code.startswith(("segregation", "isolation")):
                continue
            pages.append((DASHBOARD, {"indikator": code, "stichtag": day}))
            pages.append((f"{DASHBOARD}tabelle.csv", {"indikator": code, "stichtag": day}))
        pages.append((f"{DASHBOARD}daten.csv", {"stichtag": day}))
    for code in ("00", *District.objects.filter(region=kassel).values_list("code", flat=True)):
        pages.append((f"{DASHBOARD}stadtteil/{code}/", {}))
        pages.append((f"{DASHBOARD}stadtteil/{code}/profil.csv", {}))
    for code in ("mh_anteil", "mh_anteil_u6", "neuzugewanderte_anteil"):
        pages.append((f"{DASHBOARD}zeitreihe/", {"indikator": code, "gebiet": "05"}))
        pages.append((f"{DASHBOARD}zeitreihe.csv", {"indikator": code}))
    for url, query in pages:
        response = client.get(url, query)
        assert response.status_code == 200, (url, query)
        text = without_scales(response.content.decode("utf-8-sig"))
        separators = "." if url.endswith("daten.csv") else ".,"
        for number in hidden:
            assert not shows_number(text, number, separators), (url, query, number)


def test_the_csv_downloads_are_the_published_tables(client, published) -> None:
    kassel = published.region
    response = client.get(f"{DASHBOARD}daten.csv", {"stichtag": "2024-12-31"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    lines = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(lines) == IndicatorValue.objects.filter(region=kassel, stichtag="2024-12-31").count()
    assert lines[0] == {
        "stichtag": "2024-12-31", "gebiet": "00", "indikator": "ew",
        "zaehler": "3000" if False else lines[0]["zaehler"], "nenner": "",
        "wert": lines[0]["zaehler"], "status": "ok",
    }  # fmt: skip
    for line in lines:
        if line["status"] == "gesperrt":
            assert line["zaehler"] == line["wert"] == ""
    table = client.get(f"{DASHBOARD}tabelle.csv", {"indikator": "mh_anteil"})
    text = table.content.decode("utf-8")
    assert text.startswith("\ufeffRang;Stadtteil-Nr.;Stadtteil;Anteil mit Migrationshintergrund;")
    assert FOOTNOTE in text


def test_a_formula_in_an_uploaded_code_is_neutralised_in_the_csv(client, published) -> None:
    IndicatorValue.objects.create(
        region=published.region, stichtag="2024-12-31", gebiet="01",
        indikator="=HYPERLINK(1)", zaehler=5, nenner=50, wert="10.0", status="ok",
    )  # fmt: skip
    text = client.get(f"{DASHBOARD}daten.csv", {"stichtag": "2024-12-31"}).content.decode()
    assert ",'=HYPERLINK(1)," in text
    assert ",=HYPERLINK" not in text


def test_time_series_and_district_profile_show_every_year(client, published) -> None:
    kassel = published.region
    response = client.get(f"{DASHBOARD}zeitreihe/", {"indikator": "mh_anteil", "gebiet": "14"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and "Die Zahlen stehen in der Tabelle." in html
    data = next(t for t in tables(html) if t[0][0] == "Stichtag")
    expected = [
        [
            day,
            german(value(kassel, iso, "14", "mh_anteil").wert),
            german(value(kassel, iso, "00", "mh_anteil").wert),
        ]
        for day, iso in (("31.12.2023", "2023-12-31"), ("31.12.2024", "2024-12-31"))
    ]
    assert data[1:] == expected
    profile = client.get(f"{DASHBOARD}stadtteil/14/").content.decode()
    assert "Stadtteilprofil: Wesertor" in profile
    rows = {row[0].split(" (")[0]: row[1:] for row in tables(profile)[0][1:]}
    assert rows["Einwohnerinnen und Einwohner"] == [
        f"{int(value(kassel, day, '14', 'ew').wert):,}".replace(",", ".")
        for day in ("2023-12-31", "2024-12-31")
    ]


@pytest.mark.parametrize(
    ("url", "query", "message"),
    [
        (DASHBOARD, {"indikator": "kein_indikator"}, "Diesen Indikator gibt es nicht."),
        (DASHBOARD, {"stichtag": "2019-12-31"}, "Für diesen Stichtag sind keine Ergebnisse"),
        (DASHBOARD, {"stichtag": "31.12.2024"}, "Für diesen Stichtag sind keine Ergebnisse"),
        (f"{DASHBOARD}zeitreihe/", {"gebiet": "99"}, "Diesen Stadtteil gibt es nicht."),
        (f"{DASHBOARD}tabelle.csv", {"indikator": "x"}, "Diesen Indikator gibt es nicht."),
    ],
)
def test_a_bad_choice_gets_a_message(client, published, url, query, message) -> None:
    response = client.get(url, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_unknown_regions_districts_and_tables_are_not_found(client, published) -> None:
    assert client.get("/de/monitoring/nirgendwo/").status_code == 404
    assert client.get(f"{DASHBOARD}stadtteil/99/").status_code == 404
    assert client.get(f"{DASHBOARD}geheim.csv").status_code == 404


def test_a_region_without_results_says_so(client, published) -> None:
    response = client.get("/de/monitoring/landkreis-kassel/")
    assert response.status_code == 200
    assert "noch keine Ergebnisse veröffentlicht" in response.content.decode()


@pytest.mark.parametrize("language", ["de", "en", "tr", "ru", "ar", "uk"])
def test_the_public_pages_answer_in_every_language(client, published, language) -> None:
    for path in ("", "zeitreihe/", "stadtteil/14/"):
        response = client.get(f"/{language}/monitoring/stadt-kassel/{path}")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in html


# --- staff pages ---------------------------------------------------------------------------------


def staff_client(kassel: Region, role: str, language: str = "de") -> Client:
    user = User.objects.create_user(email=f"{role}@example.org", password="ein-langes-Passwort-1")
    user.language = language
    user.save(update_fields=["language"])
    Membership.objects.create(user=user, region=kassel, role=role)
    client = Client()
    client.force_login(user)
    return client


def test_the_staff_overview_lists_the_published_dates(published) -> None:
    client = staff_client(published.region, Role.STATISTICS)
    html = client.get("/staff/monitoring/").content.decode()
    assert "/staff/monitoring/stadt-kassel/2024-12-31/" in html
    assert "/staff/monitoring/stadt-kassel/2023-12-31/bericht.pdf" in html
    rows = tables(html)[0]
    suppressed = IndicatorValue.objects.filter(
        region=published.region, stichtag="2024-12-31", status="gesperrt"
    ).count()
    assert rows[1][:2] == ["Stadt Kassel", "31.12.2024"]
    assert rows[1][3] == str(suppressed)
    # the upload of external indicators comes with another branch: its place is marked
    assert "Indikatoren anderer Stellen" in html


def test_the_report_as_html_pdf_and_xlsx_hides_every_suppressed_number(published, tmp_path) -> None:
    kassel = published.region
    client = staff_client(kassel, Role.OBSERVER)
    hidden = published.hidden_numbers()
    base = "/staff/monitoring/stadt-kassel/2024-12-31/"
    html = client.get(base).content.decode()
    assert FOOTNOTE in html
    html = without_scales(html)
    for number in hidden:
        assert not shows_number(html, number), number

    response = client.get(f"{base}bericht.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "bericht.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert "Integrationsmonitoring Stadt Kassel" in text
    assert "statistischer Geheimhaltung" in " ".join(text.split())
    for number in hidden:
        assert not shows_number(text, number), number

    response = client.get(f"{base}bericht.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 5  # one sheet per table
    cells = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    numbers = {str(c) for c in cells if isinstance(c, float | int)}
    assert all(not isinstance(c, str) or not re.fullmatch(r"\d+(\.\d+)?", c) for c in cells)
    for number in hidden:
        assert number not in numbers
        assert not any(isinstance(c, str) and shows_number(c, number) for c in cells)
    first = book[book.sheetnames[1]]  # districts × population indicators
    header = [c.value for c in first[1]]
    city = [c.value for c in first[2]]
    assert header[:2] == ["Stadtteil", "Einwohnerinnen und Einwohner"]
    assert city[1] == int(value(kassel, "2024-12-31", "00", "ew").wert)
    assert city[2] == float(value(kassel, "2024-12-31", "00", "mh_anteil").wert)
    dots = [c.value for row in first.iter_rows(min_row=3) for c in row if c.value == "."]
    assert dots, "suppressed cells are shown as ."


def test_a_staff_report_of_an_unpublished_date_is_not_found(published) -> None:
    client = staff_client(published.region, Role.STATISTICS)
    assert client.get("/staff/monitoring/stadt-kassel/2019-12-31/").status_code == 404
    assert client.get("/staff/monitoring/stadt-kassel/kein-datum/").status_code == 404
    assert client.get("/staff/monitoring/stadt-kassel/2024-12-31/bericht.doc").status_code == 404


def test_the_staff_pages_are_in_english_too(published) -> None:
    client = staff_client(published.region, Role.STATISTICS, language="en")
    for url in ("/staff/monitoring/", "/staff/monitoring/stadt-kassel/2024-12-31/"):
        assert '<html lang="en"' in client.get(url).content.decode()
    response = client.get("/staff/monitoring/stadt-kassel/2024-12-31/bericht.pdf")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"indikator": "<script>alert(1)</script>"},
        {"stichtag": '"><svg onload=alert(1)>'},
        {"gebiet": "<b>14</b>", "indikator": "mh_anteil"},
    ],
)
def test_hostile_parameters_are_never_reflected(client, published, query) -> None:
    for path in ("", "zeitreihe/"):
        html = client.get(f"{DASHBOARD}{path}", query).content.decode()
        for value in query.values():
            if value != "mh_anteil":
                assert value not in html


def test_the_language_switch_keeps_the_choice(client, published) -> None:
    html = client.get(DASHBOARD, {"indikator": "ew", "stichtag": "2023-12-31"}).content.decode()
    assert 'href="/ar/monitoring/stadt-kassel/?indikator=ew&amp;stichtag=2023-12-31"' in html


def test_the_staff_dashboard_links_the_monitoring_for_its_readers_only(published) -> None:
    reader = staff_client(published.region, Role.OBSERVER).get("/staff/").content.decode()
    assert 'href="/staff/monitoring/"' in reader
    editor = staff_client(published.region, Role.CITY_EDITOR).get("/staff/").content.decode()
    assert 'href="/staff/monitoring/"' not in editor
