"""The 2008 survey's published figures ("Befragung 2008"): read-only reference data.

Loaded from ``data/befragung_2008.toml`` (aggregates as printed in the 2010 paper; no offer-level
data exists). ``contradictions()`` checks the printed tables against each other and against what
counting offers allows, and says what is wrong; ``beside_today()`` sets the printed overviews
next to today's counts of the same cells.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from wegweiser.directory.models import Area, Region
from wegweiser.reports import sources
from wegweiser.reports.dimensions import value_labels
from wegweiser.reports.engine import crosstab

DATA = Path(__file__).resolve().parent / "data" / "befragung_2008.toml"
DIMENSIONS = ("age_group_seed", "gender", "provider_type_seed")


@dataclass(frozen=True)
class Overview:
    dimension: str
    title: str
    columns: list[str]
    rows: dict[str, list[int]]  # area → cells (without the printed total)
    row_totals: dict[str, int]  # area → the printed row total
    sums: list[int]  # printed column sums
    total: int  # printed grand total


@dataclass(frozen=True)
class Survey:
    source: str
    overviews: dict[str, Overview]
    areas: dict[str, dict[str, list[int]]]  # area → dimension → cells as printed


@dataclass(frozen=True)
class Flag:
    kind: str
    message: str


@functools.cache
def survey() -> Survey:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    overviews = {}
    for dimension in DIMENSIONS:
        entry = raw["overviews"][dimension]
        width = len(entry["columns"])
        overviews[dimension] = Overview(
            dimension=dimension,
            title=entry["title"],
            columns=list(entry["columns"]),
            rows={area: list(values[:width]) for area, values in entry["rows"].items()},
            row_totals={area: int(values[width]) for area, values in entry["rows"].items()},
            sums=list(entry["sums"][:width]),
            total=int(entry["sums"][width]),
        )
    return Survey(source=raw["source"], overviews=overviews, areas=raw["areas"])


def _area_labels() -> dict[str, str]:
    return dict(Area.objects.values_list("code", "label"))


def contradictions() -> list[Flag]:
    """Everything in the printed tables that cannot all be true at once."""
    data = survey()
    labels = _area_labels()
    flags: list[Flag] = []
    names = {
        "age_group_seed": _("nach Alter"),
        "gender": _("nach Geschlecht"),
        "provider_type_seed": _("nach Trägern"),
    }
    for dimension, overview in data.overviews.items():
        for area, cells in overview.rows.items():
            own = data.areas.get(area, {}).get(dimension)
            if own is not None and own != cells:
                flags.append(
                    Flag(
                        "area_table",
                        _(
                            "%(area)s %(table)s: %(own)s in der eigenen Tabelle, aber %(overview)s in der Übersicht."
                        )
                        % {
                            "area": labels.get(area, area),
                            "table": names[dimension],
                            "own": " / ".join(map(str, own)),
                            "overview": " / ".join(map(str, cells)),
                        },
                    )
                )
            if sum(cells) != overview.row_totals[area]:
                flags.append(
                    Flag(
                        "row_total",
                        _("%(area)s %(table)s: Zeilensumme %(sum)s, gedruckt %(printed)s.")
                        % {
                            "area": labels.get(area, area),
                            "table": names[dimension],
                            "sum": sum(cells),
                            "printed": overview.row_totals[area],
                        },
                    )
                )
        for index, column in enumerate(overview.columns):
            computed = sum(cells[index] for cells in overview.rows.values())
            if computed != overview.sums[index]:
                flags.append(
                    Flag(
                        "column_sum",
                        _(
                            "Übersicht %(table)s, Spalte %(column)s: Summe %(sum)s, gedruckt %(printed)s."
                        )
                        % {
                            "table": names[dimension],
                            "column": column,
                            "sum": computed,
                            "printed": overview.sums[index],
                        },
                    )
                )
        seen: dict[tuple[int, ...], str] = {}
        for area, cells in overview.rows.items():
            key = tuple(cells)
            if key in seen and sum(cells) > 0:
                flags.append(
                    Flag(
                        "copied_row",
                        _(
                            "Übersicht %(table)s: %(area)s wiederholt genau die Zeile von %(other)s (%(cells)s), vermutlich ein Kopierfehler."
                        )
                        % {
                            "table": names[dimension],
                            "area": labels.get(area, area),
                            "other": labels.get(seen[key], seen[key]),
                            "cells": " / ".join(map(str, cells)),
                        },
                    )
                )
            seen.setdefault(key, area)
    gender = data.overviews["gender"]
    if "Arbeitsberatung" in gender.title:
        flags.append(
            Flag(
                "title",
                _("Die Übersicht nach Geschlecht heißt „%(title)s“, umfasst aber alle Bereiche.")
                % {"title": gender.title},
            )
        )
    offers = data.overviews["provider_type_seed"]
    flags.append(
        Flag(
            "basis",
            _(
                "Die Zählbasis wird nicht genannt: %(offers)s Angebote nach Trägern, aber %(ages)s Nennungen nach Alter und %(genders)s nach Geschlecht."
            )
            % {
                "offers": offers.total,
                "ages": data.overviews["age_group_seed"].total,
                "genders": gender.total,
            },
        )
    )
    for area, cells in gender.rows.items():
        count = offers.row_totals.get(area)
        if count is not None and sum(cells) > 2 * count:
            flags.append(
                Flag(
                    "impossible",
                    _(
                        "%(area)s: %(mentions)s Nennungen nach Geschlecht bei %(offers)s Angeboten – mehr als zwei je Angebot, diese Tabelle zählt also keine Angebote."
                    )
                    % {"area": labels.get(area, area), "mentions": sum(cells), "offers": count},
                )
            )
    return flags


@dataclass(frozen=True)
class Beside:
    dimension: str
    title: str
    columns: list[tuple[str, str]]
    lines: list[tuple[str, list[tuple[int, int]], tuple[int, int]]]  # label, (2008, today)…
    sums: list[tuple[int, int]]
    total: tuple[int, int]
    today_total: int


def beside_today(region: Region) -> list[Beside]:
    """Each printed overview next to today's counts of the same cells (today's total: offers)."""
    data = survey()
    dataset = sources.dataset(sources.PublishedOffers(region))
    labels = _area_labels()
    found = []
    for dimension, overview in data.overviews.items():
        table = crosstab(dataset, "area", dimension, labels=False)
        column_labels = value_labels(dimension, overview.columns, region)
        lines = []
        for area, cells in overview.rows.items():
            now = [table.cell(area, column) for column in overview.columns]
            lines.append(
                (
                    labels.get(area, area),
                    list(zip(cells, now, strict=True)),
                    (overview.row_totals[area], table.cell(area)),
                )
            )
        found.append(
            Beside(
                dimension=dimension,
                title=overview.title,
                columns=[(column, column_labels[column]) for column in overview.columns],
                lines=lines,
                sums=[
                    (printed, table.col_sums[table.col_values.index(column)])
                    for printed, column in zip(overview.sums, overview.columns, strict=True)
                ],
                total=(overview.total, table.total),
                today_total=table.total,
            )
        )
    return found


def as_lines() -> list[tuple[str, list[list[Any]]]]:
    """The printed tables for a download (one sheet per overview)."""
    data = survey()
    result = []
    for dimension, overview in data.overviews.items():
        lines: list[list[Any]] = [[overview.title], [data.source], []]
        lines.append(["Bereich", *overview.columns, "gesamt (gedruckt)"])
        for area, cells in overview.rows.items():
            lines.append([area, *cells, overview.row_totals[area]])
        lines.append(["Summe (gedruckt)", *overview.sums, overview.total])
        result.append((dimension, lines))
    return result
