"""The one cross-table engine: offers counted by one or two dimensions, with filters.

Counting basis (``shared/spec/offers.md``, "Report contract"): a cell is the number of distinct
offers having both values; a multi-valued offer counts in every matching cell; ``ohne_angabe``
collects the offers without a value and is always listed; ``row_totals``/``col_totals`` are
distinct offers per value whatever the other dimension, ``total`` the offers counted; the sums of
cells are mentions ("Nennungen") and are given separately. Everything is computed from the
dataset's bitsets (``sources``): one AND and one ``bit_count()`` per cell.

Used by the staff pages, the public statistics page, the council report and the commands alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from wegweiser.directory.models import Region
from wegweiser.reports import sources
from wegweiser.reports.dimensions import (
    DIMENSIONS,
    NO_VALUE,
    ReportError,
    dimension,
    listed_values,
    value_labels,
)

Filters = Mapping[str, Collection[str]]


@dataclass(frozen=True)
class Axis:
    """One dimension of a table as counted: its values (``ohne_angabe`` last) and their offers."""

    name: str
    values: list[str]
    bits: list[int]

    @property
    def label(self) -> str:
        return str(DIMENSIONS[self.name].label)


def axis(data: sources.Dataset, name: str, scope: int | None = None) -> Axis:
    """The values of dimension ``name`` in ``data`` with their bitsets (within ``scope``)."""
    spec = dimension(name)
    codes = data.field(spec.field)
    fold = data.source.folding(name)
    by_value: dict[str, int] = {}
    for code, bits in codes.items():
        for value in fold(code) if fold else (code,):
            by_value[value] = by_value.get(value, 0) | bits
    everything = data.everything if scope is None else scope
    occurring = {value for value, bits in by_value.items() if bits & everything}
    values = listed_values(name, data.region, occurring)
    with_value = 0
    for bits in by_value.values():
        with_value |= bits
    return Axis(
        name,
        [*values, NO_VALUE],
        [*(by_value.get(value, 0) for value in values), data.everything & ~with_value],
    )


def selection(data: sources.Dataset, filters: Filters | None) -> int:
    """The offers passing every filter: per dimension, any of the chosen values."""
    chosen = data.everything
    for name, wanted in (filters or {}).items():
        wanted = set(wanted)
        if not wanted:
            continue
        found = axis(data, name)
        unknown = wanted - set(found.values)
        if unknown and name != "language":
            raise ReportError(
                _("Unbekannter Wert für „%(dimension)s“: %(values)s.")
                % {"dimension": found.label, "values": ", ".join(sorted(unknown))}
            )
        matching = 0
        for value, bits in zip(found.values, found.bits, strict=True):
            if value in wanted:
                matching |= bits
        chosen &= matching
    return chosen


@dataclass
class CrossTable:
    """A counted table; the first fields are the contract's JSON, in its order."""

    rows: str
    cols: str | None
    row_values: list[str]
    col_values: list[str]
    cells: list[list[int]]
    row_totals: list[int]
    col_totals: list[int]
    row_sums: list[int]
    col_sums: list[int]
    total: int
    sum_cells: int
    basis: str
    at: dt.date
    region: Region | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    row_labels: dict[str, str] = field(default_factory=dict)
    col_labels: dict[str, str] = field(default_factory=dict)
    source_label: str = ""  # e.g. the survey round counted; empty for a date
    source_short_label: str = ""

    @property
    def heading(self) -> str:
        """What the table counts: the survey round, else the date."""
        return self.source_label or formats.date_format(self.at, "SHORT_DATE_FORMAT")

    @property
    def short_heading(self) -> str:
        """The same in a word: the round's title, else the date."""
        return self.source_short_label or formats.date_format(self.at, "SHORT_DATE_FORMAT")

    def contract(self) -> dict[str, Any]:
        """The JSON object of the report contract, keys in the contract's order."""
        return {
            "rows": self.rows,
            "cols": self.cols,
            "row_values": self.row_values,
            "col_values": self.col_values,
            "cells": self.cells,
            "row_totals": self.row_totals,
            "col_totals": self.col_totals,
            "row_sums": self.row_sums,
            "col_sums": self.col_sums,
            "total": self.total,
            "sum_cells": self.sum_cells,
            "basis": self.basis,
            "at": self.at.isoformat(),
        }

    @property
    def rows_label(self) -> str:
        return str(DIMENSIONS[self.rows].label)

    @property
    def cols_label(self) -> str:
        return str(DIMENSIONS[self.cols].label) if self.cols else ""

    def described_filters(self) -> list[tuple[str, list[str]]]:
        """The filters for people: (dimension label, value labels), in the dimensions' order."""
        return [
            (
                str(DIMENSIONS[name].label),
                list(value_labels(name, values, self.region).values()),
            )
            for name, values in self.filters.items()
        ]

    def column_slice(self, start: int, stop: int) -> CrossTable:
        """The same table with only the column values ``start:stop`` (for narrow pages); row
        totals and sums stay those of the whole table."""
        return dataclasses.replace(
            self,
            col_values=self.col_values[start:stop],
            cells=[line[start:stop] for line in self.cells],
            col_totals=self.col_totals[start:stop],
            col_sums=self.col_sums[start:stop],
        )

    def col_total(self, col: str) -> int:
        """Distinct offers with column value ``col``; 0 if absent."""
        if col not in self.col_values:
            return 0
        return self.col_totals[self.col_values.index(col)]

    def cell(self, row: str, col: str | None = None) -> int:
        """The count of one cell (or of a row value in a one-dimensional table); 0 if absent."""
        if row not in self.row_values:
            return 0
        i = self.row_values.index(row)
        if col is None:
            return self.row_totals[i]
        if col not in self.col_values:
            return 0
        return self.cells[i][self.col_values.index(col)]

    def lines(self) -> list[tuple[str, str, list[int], int, int]]:
        """Per row value: code, label, cells, total (distinct offers), sum (mentions)."""
        return [
            (
                value,
                self.row_labels.get(value, value),
                self.cells[i] if self.cols else [],
                self.row_totals[i],
                self.row_sums[i],
            )
            for i, value in enumerate(self.row_values)
        ]

    @property
    def mentions_exceed_offers(self) -> bool:
        return self.sum_cells != self.total

    @property
    def col_headers(self) -> list[tuple[str, str]]:
        return [(value, self.col_labels.get(value, value)) for value in self.col_values]


def crosstab(
    data: sources.Dataset,
    rows: str,
    cols: str | None = None,
    *,
    filters: Filters | None = None,
    labels: bool = True,
) -> CrossTable:
    """Count the offers of ``data`` by ``rows`` (and ``cols``) among those passing ``filters``."""
    dimension(rows)
    if cols is not None:
        dimension(cols)
        if cols == rows:
            raise ReportError(_("Zeilen und Spalten müssen verschiedene Merkmale sein."))
    chosen = selection(data, filters)
    row_axis = axis(data, rows, chosen)
    row_bits = [bits & chosen for bits in row_axis.bits]
    row_totals = [bits.bit_count() for bits in row_bits]
    total = chosen.bit_count()
    if cols is None:
        col_values: list[str] = []
        cells: list[list[int]] = []
        col_totals: list[int] = []
        col_sums: list[int] = []
        row_sums = list(row_totals)
    else:
        col_axis = axis(data, cols, chosen)
        col_values = col_axis.values
        col_bits = [bits & chosen for bits in col_axis.bits]
        cells = [[(r & c).bit_count() for c in col_bits] for r in row_bits]
        col_totals = [bits.bit_count() for bits in col_bits]
        row_sums = [sum(line) for line in cells]
        col_sums = [sum(column) for column in zip(*cells, strict=True)] if cells else []
    table = CrossTable(
        rows=rows,
        cols=cols,
        row_values=row_axis.values,
        col_values=col_values,
        cells=cells,
        row_totals=row_totals,
        col_totals=col_totals,
        row_sums=row_sums,
        col_sums=col_sums,
        total=total,
        sum_cells=sum(row_sums),
        basis="offers",
        at=data.at,
        region=data.region,
        filters={name: sorted(values) for name, values in (filters or {}).items() if values},
        source_label=data.source.label,
        source_short_label=data.source.short_label,
    )
    if labels:
        table.row_labels = value_labels(rows, table.row_values, data.region)
        if cols:
            table.col_labels = value_labels(cols, table.col_values, data.region)
    return table


def offers_report(
    region: Region,
    rows: str,
    cols: str | None = None,
    *,
    at: dt.date | None = None,
    filters: Filters | None = None,
    labels: bool = True,
) -> CrossTable:
    """The table of the region's published offers now, or as recorded at the end of ``at``."""
    data = sources.dataset(sources.source_for(region, at))
    return crosstab(data, rows, cols, filters=filters, labels=labels)


# --- comparison ---------------------------------------------------------------------------------


@dataclass
class Comparison:
    """Two tables of the same dimensions side by side, aligned on the union of their values."""

    before: CrossTable
    after: CrossTable
    row_values: list[str]
    col_values: list[str]

    def lines(self) -> list[dict[str, Any]]:
        lines = []
        for value in self.row_values:
            cells = [
                (self.before.cell(value, col), self.after.cell(value, col))
                for col in self.col_values
            ]
            total = (self.before.cell(value), self.after.cell(value))
            lines.append(
                {
                    "value": value,
                    "label": self.after.row_labels.get(value)
                    or self.before.row_labels.get(value, value),
                    "cells": [(b, a, a - b) for b, a in cells],
                    "total": (*total, total[1] - total[0]),
                }
            )
        return lines

    @property
    def total(self) -> tuple[int, int, int]:
        return (self.before.total, self.after.total, self.after.total - self.before.total)

    @property
    def headings(self) -> tuple[str, str]:
        """Column headings for the two tables: in a word where that tells them apart (two
        dates, two rounds of different titles), else in full."""
        short = (self.before.short_heading, self.after.short_heading)
        return short if short[0] != short[1] else (self.before.heading, self.after.heading)

    def column_slice(self, start: int, stop: int) -> Comparison:
        """The same comparison with only the column values ``start:stop``."""
        return dataclasses.replace(self, col_values=self.col_values[start:stop])

    @property
    def col_totals(self) -> list[tuple[int, int, int]]:
        """Per column value: distinct offers before, after, and the difference."""
        pairs = [(self.before.col_total(col), self.after.col_total(col)) for col in self.col_values]
        return [(before, after, after - before) for before, after in pairs]

    @property
    def col_headers(self) -> list[tuple[str, str]]:
        labels = {**self.before.col_labels, **self.after.col_labels}
        return [(value, labels.get(value, value)) for value in self.col_values]


def _union(name: str | None, first: list[str], second: list[str]) -> list[str]:
    merged = [value for value in first if value != NO_VALUE]
    merged += [value for value in second if value not in merged and value != NO_VALUE]
    if name == "language":  # the languages that occur, alphabetically, as in each table
        merged.sort()
    return [*merged, NO_VALUE] if (NO_VALUE in first or NO_VALUE in second) else merged


def compare(before: CrossTable, after: CrossTable) -> Comparison:
    if (before.rows, before.cols) != (after.rows, after.cols):
        raise ReportError(_("Nur Tabellen mit denselben Merkmalen lassen sich vergleichen."))
    return Comparison(
        before,
        after,
        _union(before.rows, before.row_values, after.row_values),
        _union(before.cols, before.col_values, after.col_values),
    )
