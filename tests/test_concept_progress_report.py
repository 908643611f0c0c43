"""The progress report as HTML, PDF and XLSX (`concept_report --format …` and the staff download
page): goals with status as symbol and word, indicator charts against the target line, measures,
self-commitments, and the changes since the previous version. The PDF is rendered to PNG pages
and the charts are looked for where the text says they are."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from tests.conftest import make_provider
from tests.editorial_cast import client_for, user_with
from wegweiser.accounts.models import Role
from wegweiser.concept.models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalIndicator,
    Measure,
    SelfCommitment,
)
from wegweiser.monitoring.models import IndicatorValue

pytestmark = pytest.mark.django_db
D = dt.date
LINE_BLUE = (0x00, 0x50, 0x7A)  # the measured values in concept/_target_chart.html
DIAMOND = (0xC2, 0x54, 0x00)  # the expected value


def indicator(goal: Goal, label: str, target: str = "0.20", **fields) -> GoalIndicator:
    values = {
        "source": "monitoring",
        "code": "segregation_d_mh",
        "gebiet": "00",
        "baseline_value": Decimal("0.25"),
        "baseline_date": D(2010, 12, 31),
        "target_value": Decimal(target),
        "target_date": D(2030, 12, 31),
        "direction": "decrease",
    }
    values.update(fields)
    item = GoalIndicator(goal=goal, label=label, **values)
    item.full_clean()
    item.save()
    return item


def version(kassel, number: int, previous: Concept | None, titles: list[str]) -> Concept:
    concept = Concept.objects.create(
        region=kassel,
        title=f"Integrationskonzept, Fassung {number}",
        version=number,
        previous=previous,
        state=Concept.State.ADOPTED if previous is None else Concept.State.DRAFT,
    )
    field = FieldOfAction.objects.create(concept=concept, title="Wohnen und Quartier")
    for position, title in enumerate(titles):
        Goal.objects.create(action_field=field, title=title, position=position)
    return concept


@pytest.fixture
def report_world(kassel) -> Concept:
    """Version 1 (superseded) and its Fortschreibung, version 2 (adopted, so in force): one
    goal kept with a new target, one renamed, one replaced by another in the same field."""
    first = version(kassel, 1, None, ["Segregation senken", "Alter Titel", "Entfällt"])
    for goal in first.action_fields.get().goals.all():
        indicator(goal, f"Index {goal.title}")
    second = version(kassel, 2, first, ["Segregation senken", "Neuer <b>Titel</b>", "Ganz neu"])
    first.state = Concept.State.SUPERSEDED
    first.save()
    second.state = Concept.State.ADOPTED
    second.save()
    goals = {goal.title: goal for goal in second.action_fields.get().goals.all()}
    indicator(goals["Segregation senken"], "Segregationsindex MH", target="0.15")
    indicator(goals["Neuer <b>Titel</b>"], "Index Alter Titel")
    for stichtag, wert in ((D(2015, 12, 31), "0.241"), (D(2020, 12, 31), "0.236")):
        IndicatorValue.objects.create(
            region=kassel,
            stichtag=stichtag,
            gebiet="00",
            indikator="segregation_d_mh",
            wert=wert,
            status="ok",
        )
    provider = make_provider("Kulturzentrum Schlachthof e. V.")
    Measure.objects.create(
        goal=goals["Segregation senken"],
        title="=Quartiersmanagement Nordstadt",
        responsible_provider=provider,
        state=Measure.State.RUNNING,
        start=D(2012, 1, 1),
        budget=Decimal("12500.50"),
    )
    SelfCommitment.objects.create(
        goal=goals["Segregation senken"],
        provider=provider,
        statement="Wir öffnen unsere Räume.",
        date=D(2012, 1, 1),
    )
    return second


def command(tmp_path: Path, fmt: str, *args: str) -> Path:
    path = tmp_path / f"bericht.{fmt}"
    call_command(
        "concept_report", "--format", fmt, "--output", str(path), "--region", "stadt-kassel", *args
    )
    return path


def test_the_html_report_shows_status_charts_measures_commitments_and_changes(
    report_world, tmp_path
) -> None:
    html = command(tmp_path, "html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<link" not in html and "src=" not in html
    assert "Fortschrittsbericht" in html and "Fassung 2" in html
    # 0.236 on 2020-12-31 against 0.2250 on the line to 0.20 and 0.2000 on the one to 0.15
    assert '<span class="symbol" aria-hidden="true">✗</span> nicht im Plan' in html
    assert html.count("<svg") == 2  # one chart per indicator
    assert html.count("<circle") == 4  # two measured values on each
    assert "=Quartiersmanagement Nordstadt" in html and "läuft" in html
    assert "Wir öffnen unsere Räume." in html
    # Changes since version 1, found by title, then in the field's order.
    assert "Ziel neu:" not in html and "Ziel entfallen:" not in html
    assert "Titel geändert: „Alter Titel“ → „Neuer &lt;b&gt;Titel&lt;/b&gt;“" in html
    assert "Titel geändert: „Entfällt“ → „Ganz neu“" in html
    assert "Zielwert geändert bei „Segregationsindex MH“ (Segregation senken):" in html
    assert "0,2000 (31.12.2030) → 0,1500 (31.12.2030)" in html
    assert "<b>Titel</b>" not in html  # escaped everywhere


def test_goals_without_partner_in_their_field_are_added_or_removed(kassel) -> None:
    from wegweiser.concept import progress

    first = version(kassel, 1, None, ["Bleibt", "Entfällt"])
    second = version(kassel, 2, first, ["Bleibt"])
    FieldOfAction.objects.create(concept=second, title="Gesundheit").goals.create(title="Neu")
    changes = progress.changes(second)
    assert [goal.title for goal in changes.removed] == ["Entfällt"]
    assert [goal.title for goal in changes.added] == ["Neu"]
    assert changes.renamed == []
    assert progress.changes(first).previous is None


def _words(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, yMin, yMax, word) from poppler's text positions (points)."""
    text = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = []
    for number, page in enumerate(re.split(r"<page ", text)[1:], start=1):
        for y_min, y_max, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            page,
        ):
            words.append((number, float(y_min), float(y_max), word))
    return words


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_the_pdf_pages_show_each_chart_between_its_heading_and_its_table(
    report_world, tmp_path
) -> None:
    from PIL import Image

    pdf = command(tmp_path, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    # At 72 dpi a pixel is a point, so poppler's text positions are pixel rows.
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2

    words = _words(pdf)
    headings = [w for w in words if w[3] == "Segregationsindex"]  # heading, then caption
    captions = [
        (words[i + 1][0], words[i][1])
        for i, w in enumerate(words)
        if w[3] == "Werte:" and words[i + 1][3] == "Segregationsindex"
    ]
    assert headings and len(captions) == 1
    page, caption_y = captions[0]
    heading_y = next(w[2] for w in headings if w[0] == page and w[2] < caption_y)

    image = Image.open(pages[page - 1]).convert("RGB")
    width, _height = image.size

    def rows_with(colour: tuple[int, int, int]) -> list[int]:
        pixels = image.load()
        assert pixels is not None
        return [
            y
            for y in range(int(heading_y), int(caption_y))
            if any(
                all(abs(a - b) < 40 for a, b in zip(pixels[x, y], colour, strict=True))  # type: ignore[arg-type]
                for x in range(width)
            )
        ]

    assert len(rows_with(LINE_BLUE)) >= 5  # the measured line and its dots
    assert rows_with(DIAMOND)  # the expected value
    # The chart's years are drawn as text inside the same band.
    years = [w[3] for w in words if w[0] == page and heading_y < w[1] < caption_y]
    assert {"2013", "2016", "2019"} <= set(years)


def test_the_xlsx_report_keeps_numbers_and_dates_and_neutralises_text(
    report_world, tmp_path
) -> None:
    book = openpyxl.load_workbook(command(tmp_path, "xlsx"))
    assert book.sheetnames == [
        "Ziele und Indikatoren",
        "Maßnahmen",
        "Selbstverpflichtungen",
        "Änderungen",
    ]
    sheet = book["Ziele und Indikatoren"]
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    row = next(r for r in rows if r["Indikator"] == "Segregationsindex MH")
    assert row["Ausgangswert"] == 0.25 and row["Zielwert"] == 0.15 and row["letzter Wert"] == 0.236
    assert row["erwarteter Wert"] == pytest.approx(0.2, abs=1e-3)
    target_day = row["Ziel bis"]
    assert isinstance(target_day, dt.datetime)  # a date cell, not text
    assert target_day.date() == D(2030, 12, 31)
    assert row["Stand des Indikators"] == "✗ nicht im Plan"
    assert row["Stand des Ziels"] == "✗ nicht im Plan"
    column = header.index("Ausgangswert")
    numeric = [
        line[column] for line in sheet.iter_rows(min_row=2) if line[column].value is not None
    ]
    assert numeric and all(cell.data_type == "n" for cell in numeric)

    measures = list(book["Maßnahmen"].iter_rows(min_row=2, values_only=True))
    assert measures[0][2] == "'=Quartiersmanagement Nordstadt"  # no formula
    assert measures[0][7] == 12500.5
    commitments = list(book["Selbstverpflichtungen"].iter_rows(min_row=2, values_only=True))
    assert commitments[0][1:3] == ("Kulturzentrum Schlachthof e. V.", "Wir öffnen unsere Räume.")
    changes = [row[0] for row in book["Änderungen"].iter_rows(min_row=2, values_only=True)]
    assert "Titel geändert" in changes and "Zielwert geändert: Segregationsindex MH" in changes


def test_the_json_report_is_unchanged_and_binary_formats_need_a_file(
    report_world, tmp_path, capsys
) -> None:
    import json

    from wegweiser.concept.report import report_data

    path = command(tmp_path, "json")
    expected = json.dumps(report_data(report_world), ensure_ascii=False, indent=2) + "\n"
    assert path.read_bytes() == expected.encode("utf-8")
    call_command("concept_report", "--format", "html", "--region", "stadt-kassel")
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


def test_the_staff_page_offers_the_report_for_download(report_world, kassel, landkreis) -> None:
    client = client_for(user_with("beirat@example.org", kassel, Role.OBSERVER))
    page = client.get("/staff/konzept/beteiligung/bericht/").content.decode()
    assert 'name="format"' in page and "stadt-kassel" in page

    response = client.get(
        "/staff/konzept/beteiligung/bericht/datei/",
        {"region": "stadt-kassel", "format": "xlsx", "at": "2016-06-30"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="fortschrittsbericht-stadt-kassel-2016-06-30-fassung-2.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["Ziele und Indikatoren"].iter_rows(min_row=2, values_only=True))
    assert any(row[12] == 0.241 for row in rows)  # the value up to the date asked for

    response = client.get(
        "/staff/konzept/beteiligung/bericht/datei/",
        {"region": "stadt-kassel", "format": "pdf", "at": "2020-13-45"},
    )
    assert response.status_code == 400 and "Datum" in response.content.decode()
    response = client.get(
        "/staff/konzept/beteiligung/bericht/datei/", {"region": "stadt-kassel", "format": "docx"}
    )
    assert response.status_code == 400
    # A region the observer does not read is not found.
    response = client.get(
        "/staff/konzept/beteiligung/bericht/datei/",
        {"region": "landkreis-kassel", "format": "json"},
    )
    assert response.status_code == 404
    # A region without a concept: a message, not a file.
    county = client_for(user_with("kreis@example.org", landkreis, Role.CITY_EDITOR))
    response = county.get(
        "/staff/konzept/beteiligung/bericht/datei/",
        {"region": "landkreis-kassel", "format": "html"},
    )
    assert response.status_code == 400
    assert "noch kein Integrationskonzept angelegt" in response.content.decode()
