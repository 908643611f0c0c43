"""The council report: consistent by construction, and checked; its files; its PDF looked at."""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import make_offer, make_provider
from wegweiser.directory.models import AgeGroup, Area, Language, Region
from wegweiser.reports import council

pytestmark = pytest.mark.django_db

AREAS = [
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


@pytest.fixture
def varied(kassel: Region) -> None:
    """Forty offers with every combination the annex cares about, some without age groups."""
    chooser = random.Random(7)  # noqa: S311 (test data, not secrets)
    providers = [
        make_provider(f"Träger {kind}", kind)
        for kind in ("kommune", "land-bund", "wohlfahrtsverband", "verein", "bildungstraeger")
    ]
    ages = list(AgeGroup.objects.all())
    for number in range(40):
        make_offer(
            kassel,
            f"Angebot {number}",
            provider=chooser.choice(providers),
            area=chooser.choice(AREAS),
            gender=chooser.choice(["alle", "frauen", "maenner"]),
            relations={"age_groups": chooser.sample(ages, chooser.randint(0, 3))},
        )


def test_each_area_table_equals_its_row_in_the_overviews(kassel: Region, varied: None) -> None:
    report = council.build(kassel, with_charts=False)
    overviews = {entry.table.cols: entry.table for entry in report.overviews}

    assert [area.code for area in report.areas] == AREAS
    for area in report.areas:
        for entry in area.tables:
            small = entry.table
            overview = overviews[small.rows]
            assert small.row_values == overview.col_values
            row = overview.row_values.index(area.code)
            assert small.row_totals == overview.cells[row], (area.code, small.rows)
            # the area's offers, counted once each, are the overview's row total
            assert small.total == overview.row_totals[row]


def test_totals_equal_sums_where_they_must_and_mentions_are_given_where_they_exceed(
    kassel: Region, varied: None
) -> None:
    report = council.build(kassel, with_charts=False)
    by_provider = report.overviews[2].table  # single-valued: each offer in exactly one column

    assert by_provider.cols == "provider_type_seed"
    assert by_provider.sum_cells == by_provider.total == 40
    assert by_provider.row_sums == by_provider.row_totals
    assert sum(by_provider.row_totals) == by_provider.total  # one area per offer
    for entry in report.overviews:
        table = entry.table
        assert sum(table.row_sums) == sum(table.col_sums) == table.sum_cells
        assert table.total == 40
        assert all(
            total <= mentions
            for total, mentions in zip(table.row_totals, table.row_sums, strict=True)
        )
        if table.sum_cells > table.total:
            assert f"{table.sum_cells} Nennungen bei {table.total} Angeboten" in entry.footnote
    gender = report.overviews[1].table
    assert gender.sum_cells > gender.total  # offers for everyone count in both columns
    exceeding = 0
    for entry in report.tables():  # the small tables of the areas as well
        table = entry.table
        if table.sum_cells > table.total:
            exceeding += 1
            assert f"{table.sum_cells} Nennungen bei {table.total} Angeboten" in entry.footnote
        else:
            assert "Nennungen bei" not in entry.footnote
    assert exceeding >= 9  # at least each area's gender table


def test_the_xlsx_has_one_sheet_per_table_with_numbers_as_numbers(
    kassel: Region, varied: None
) -> None:
    from openpyxl import load_workbook

    report = council.build(kassel, with_charts=False)
    book = load_workbook(io.BytesIO(council.xlsx(report)))

    assert len(book.sheetnames) == 3 + 9 * 3 == len(report.tables())
    first = book[book.sheetnames[0]]
    lines = [[cell.value for cell in line] for line in first.iter_rows()]
    assert lines[0][0] == "Tabelle 1: Anzahl der Angebote für die Zielgruppen (nach Alter)"
    header = next(
        i for i, line in enumerate(lines) if line[0] == "Bereich / Altersgruppe (wie 2008)"
    )
    assert all(isinstance(value, int) for value in lines[header + 1][1:])


def test_the_command_writes_each_format(kassel: Region, varied: None, tmp_path: Path) -> None:
    for fmt in ("pdf", "xlsx", "html"):
        target = tmp_path / f"bericht.{fmt}"
        out = io.StringIO()
        call_command(
            "council_report", "--format", fmt, "--output", str(target), "--region", "stadt-kassel",
            stdout=out,
        )  # fmt: skip
        assert target.stat().st_size > 1000
        assert "30 Tabellen, 40 Angebote" in out.getvalue()
    assert (tmp_path / "bericht.pdf").read_bytes().startswith(b"%PDF")
    assert "Tabelle 30:" in (tmp_path / "bericht.html").read_text(encoding="utf-8")


def test_the_command_counts_at_a_past_date(kassel: Region, tmp_path: Path) -> None:
    make_offer(kassel, "Heute")
    target = tmp_path / "bericht.html"
    out = io.StringIO()
    call_command(
        "council_report", "--format", "html", "--output", str(target), "--region", "stadt-kassel",
        "--at", "2020-01-01", stdout=out,
    )  # fmt: skip
    assert "0 Angebote, Stand 2020-01-01" in out.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--format", "docx", "--region", "stadt-kassel"], "pdf, xlsx oder html"),
        (["--format", "pdf"], "mehrere Regionen"),
        (["--format", "pdf", "--region", "stadt-kassel", "--at", "morgen"], "2024-12-31"),
        (["--format", "pdf", "--region", "stadt-kassel", "--at", "2999-01-01"], "Zukunft"),
    ],
)
def test_the_command_refuses_bad_arguments(
    kassel: Region, tmp_path: Path, arguments: list[str], message: str
) -> None:
    target = tmp_path / "bericht"
    with pytest.raises(CommandError, match=message):
        call_command("council_report", *arguments, "--output", str(target), stdout=io.StringIO())
    assert not target.exists()


# --- the PDF, looked at ----------------------------------------------------------------------


def _words(pdf: Path) -> list[tuple[int, str]]:
    """(page, word) in reading order, from poppler's text positions."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = []
    for number, page in enumerate(re.split(r"<page ", html)[1:], start=1):
        words += [(number, word) for word in re.findall(r"<word [^>]*>([^<]*)</word>", page)]
    return words


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_the_pdf_keeps_each_caption_on_the_page_of_its_last_row(
    kassel: Region, varied: None, tmp_path: Path
) -> None:
    # Long labels make the tables taller, so that page breaks fall differently.
    for code in ("kultur", "religion"):
        area = Area.objects.get(code=code)
        area.label = area.label + " und weitere Angebote mit einem sehr langen Namen"
        area.save()
    for code in ("de", "tr", "ar"):
        make_offer(
            kassel, f"Sprache {code}", relations={"languages": [Language.objects.get(code=code)]}
        )
    pdf = tmp_path / "bericht.pdf"
    call_command(
        "council_report", "--format", "pdf", "--output", str(pdf), "--region", "stadt-kassel",
        stdout=io.StringIO(),
    )  # fmt: skip

    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 10
    assert all(page.stat().st_size > 2000 for page in pages)  # rendered, not blank

    words = _words(pdf)
    captions = [
        index
        for index, (_page, word) in enumerate(words)
        if word == "Tabelle"
        and index + 1 < len(words)
        and re.fullmatch(r"\d+:", words[index + 1][1])
    ]
    assert len(captions) == 30
    for index in captions:
        page = words[index][0]
        # The last row of every table is "Angebote gesamt" or "Summe der Nennungen": the first
        # of them after the caption ends the table; it must be on the caption's page.
        end = next(
            i
            for i in range(index, len(words))
            if (words[i][1] == "Nennungen" and words[i - 1][1] == "der")
            or (words[i][1] == "gesamt" and words[i - 1][1] == "Angebote" and _last_row(words, i))
        )
        assert words[end][0] == page, f"table at word {index} ({words[index + 1][1]}) split"


def _last_row(words: list[tuple[int, str]], index: int) -> bool:
    """Whether "Angebote gesamt" at ``index`` is the table's last row (no mentions row after)."""
    for i in range(index + 1, min(index + 40, len(words))):
        if words[i][1] == "Summe" and words[i + 1][1] == "der":
            return False
        if words[i][1] == "Gezählt":
            return True
    return True


def test_the_html_page_shows_date_data_status_and_footnotes(
    kassel: Region, varied: None, client: Any
) -> None:
    from tests.editorial_cast import build_cast, client_for

    cast = build_cast(kassel, Region.objects.get(slug="landkreis-kassel"))
    page = client_for(cast.statistics).get("/staff/berichte/gemeinderat/").content.decode()

    assert "Bericht: Integrationsangebote" in page
    assert "Stand: Ende des" in page
    assert "Datenstand: veröffentlichte Angebote: 42" in page
    assert "Tabelle 4: Anzahl der Angebote im Bereich Arbeitsberatung nach Trägern" in page
    assert "Ein Angebot für alle Geschlechter zählt unter" in page
    assert page.count('role="img"') == 30
