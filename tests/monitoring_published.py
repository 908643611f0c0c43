"""Published monitoring results for the page tests: a small synthetic register of Kassel for
two reference dates, run through the real ``monitoring_run --publish``, and readers for what
the pages and files show."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.core.management import call_command

from wegweiser.directory.models import Region
from wegweiser.monitoring.models import IndicatorValue

YEARS = ("2023-12-31", "2024-12-31")
RESIDENTS = 3000
SEED = 11


@dataclass(frozen=True)
class Published:
    region: Region
    exact: dict[tuple[str, str, str], dict[str, str]]  # (stichtag, gebiet, indikator) → row

    def suppressed(self) -> list[IndicatorValue]:
        return list(IndicatorValue.objects.filter(region=self.region, status="gesperrt"))

    def hidden_numbers(self) -> set[str]:
        """The exact values of the suppressed rows that no published row shows: none of them
        may appear anywhere (as ``12.5`` or ``12,5``)."""
        shown = set(
            IndicatorValue.objects.filter(region=self.region).values_list("wert", flat=True)
        )
        hidden = {
            self.exact[(row.stichtag.isoformat(), row.gebiet, row.indikator)]["wert"]
            for row in self.suppressed()
        }
        return {value for value in hidden - shown if "." in value}


def registers(directory: Path) -> list[Path]:
    paths = []
    for day in YEARS:
        path = directory / f"register-{day}.csv"
        if not path.exists():
            call_command(
                "generate_register", "--residents", str(RESIDENTS), "--stichtag", day,
                "--seed", str(SEED), "--output", str(path), stdout=_Null(),
            )  # fmt: skip
        paths.append(path)
    return paths


def publish(region: Region, directory: Path) -> Published:
    exact: dict[tuple[str, str, str], dict[str, str]] = {}
    for path in registers(directory):
        out = path.with_suffix(".exact.csv")
        call_command(
            "monitoring_run", str(path), "--region", region.slug, "--exact-out", str(out),
            "--publish", stdout=_Null(),
        )  # fmt: skip
        with out.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                exact[(row["stichtag"], row["gebiet"], row["indikator"])] = row
    return Published(region, exact)


class _Null:
    def write(self, _text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def shows_number(text: str, value: str, separators: str = ".,") -> bool:
    """Whether ``text`` shows the decimal ``value`` (with a point or a comma) as a number of its
    own (not inside a longer one). In a comma-separated file only the point is a decimal."""
    whole, _dot, fraction = value.partition(".")
    marks = re.escape(separators)
    pattern = rf"(?<![\d.,]){re.escape(whole)}[{marks}]{re.escape(fraction)}(?![\d])"
    return re.search(pattern, text) is not None


class _Tables(HTMLParser):
    """Rows of every table: the text of each cell, words for screen readers left out."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "span" and self._hidden:
            self._hidden += 1
        elif tag == "span" and ("class", "visually-hidden") in attrs:
            self._hidden = 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)


def tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def without_scales(html: str) -> str:
    """The page without the map's class limits and the charts' axis labels: round numbers of
    the scale, not values (a class may well run from 0,0 to under 2,5)."""
    html = re.sub(r'<div class="map-legend">.*?</div>', "", html, flags=re.S)
    html = re.sub(r"<text [^>]*>[^<]*</text>", "", html)
    # The drawing's own numbers (coordinates, path data, stroke widths such as 2.5) are not values
    # either: inside an SVG only what it says (its titles and descriptions) is kept.
    return re.sub(
        r"<svg\b.*?</svg>",
        lambda svg: re.sub(r"<[^>]*>", " ", svg.group(0)),
        html,
        flags=re.S,
    )
