"""Tables as files: the report contract's CSV, JSON and XLSX, and labelled downloads for people.

The contract's formats (``contract_csv``, ``contract_json``, ``contract_xlsx``) carry codes and
are read by programs; byte for byte as ``shared/spec/offers.md`` specifies. The labelled ones
(``labelled_csv``, ``workbook``) are what the staff pages offer for download. Every text cell
that a spreadsheet would run as a formula is neutralised (``neutralise``); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from wegweiser.editorial.transfer.cells import neutralise as neutralise_text
from wegweiser.reports.engine import Comparison, CrossTable

TOTAL = "gesamt_angebote"
SUM = "summe_nennungen"


def neutralise(value: Any) -> Any:
    """A text that a spreadsheet would take for a formula gets a leading apostrophe (the export's
    helper, ``editorial.transfer.cells.neutralise``); numbers stay numbers."""
    return neutralise_text(value) if isinstance(value, str) else value


def _csv(lines: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for line in lines:
        writer.writerow([neutralise(value) for value in line])
    return buffer.getvalue()


def contract_lines(table: CrossTable) -> list[list[Any]]:
    if table.cols is None:
        lines: list[list[Any]] = [[table.rows, "angebote"]]
        lines += [
            [value, total] for value, total in zip(table.row_values, table.row_totals, strict=True)
        ]
        lines.append([TOTAL, table.total])
        lines.append([SUM, table.sum_cells])
        return lines
    lines = [[table.rows, *table.col_values, TOTAL, SUM]]
    for i, value in enumerate(table.row_values):
        lines.append([value, *table.cells[i], table.row_totals[i], table.row_sums[i]])
    lines.append([TOTAL, *table.col_totals, table.total, ""])
    lines.append([SUM, *table.col_sums, "", table.sum_cells])
    return lines


def contract_csv(table: CrossTable) -> bytes:
    return _csv(contract_lines(table)).encode("utf-8")


def contract_json(table: CrossTable) -> bytes:
    return (json.dumps(table.contract(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def contract_xlsx(table: CrossTable) -> bytes:
    return workbook([(table.rows, contract_lines(table))])


# --- for people -------------------------------------------------------------------------------


def labelled_lines(table: CrossTable) -> list[list[Any]]:
    """The table with labels: header, one line per value, the totals and the mentions."""
    if table.cols is None:
        lines: list[list[Any]] = [[table.rows_label, _("Angebote")]]
        lines += [[label, total] for _code, label, _cells, total, _sum in table.lines()]
        lines.append([_("Angebote gesamt"), table.total])
        lines.append([_("Summe der Nennungen"), table.sum_cells])
        return lines
    header = [f"{table.rows_label} / {table.cols_label}"]
    header += [label for _code, label in table.col_headers]
    header += [_("Angebote gesamt"), _("Summe der Nennungen")]
    lines = [header]
    for _code, label, cells, total, mentions in table.lines():
        lines.append([label, *cells, total, mentions])
    lines.append([_("Angebote gesamt"), *table.col_totals, table.total, ""])
    lines.append([_("Summe der Nennungen"), *table.col_sums, "", table.sum_cells])
    return lines


def comparison_lines(comparison: Comparison) -> list[list[Any]]:
    before, after = _headings(comparison)
    header = [comparison.after.rows_label]
    for _code, label in comparison.col_headers:
        header += [f"{label} {before}", f"{label} {after}", f"{label} {_('Differenz')}"]
    header += [
        f"{_('Angebote gesamt')} {before}",
        f"{_('Angebote gesamt')} {after}",
        _("Differenz"),
    ]
    lines: list[list[Any]] = [header]
    for line in comparison.lines():
        row: list[Any] = [line["label"]]
        for cell in line["cells"]:
            row += list(cell)
        row += list(line["total"])
        lines.append(row)
    footer: list[Any] = [_("Angebote gesamt")]
    for cell in comparison.col_totals:
        footer += list(cell)
    lines.append([*footer, *comparison.total])
    return lines


def _headings(comparison: Comparison) -> tuple[str, str]:
    """Column headings in a comparison: the rounds' titles where they differ, else the rounds'
    labels; ISO dates for dates."""
    before, after = comparison.before, comparison.after
    short = (before.source_short_label or before.at.isoformat(),
             after.source_short_label or after.at.isoformat())  # fmt: skip
    if short[0] != short[1]:
        return short
    return (
        before.source_label or before.at.isoformat(),
        after.source_label or after.at.isoformat(),
    )


BASIS = _noop(
    "Jedes Angebot zählt in einer Zelle höchstens einmal; ein Angebot mit mehreren Werten (z. B. "
    "mehreren Sprachen) zählt in jeder passenden Zelle. „Angebote gesamt“ zählt jedes Angebot "
    "einmal, „Nennungen“ ist die Summe der Zellen."
)


def notes(table: CrossTable, comparison: Comparison | None = None) -> list[list[Any]]:
    """What a downloaded table needs beside its numbers: what was counted, when, with which
    filters, and the counting basis (below the table, after an empty line)."""
    lines: list[list[Any]] = [[]]
    if comparison is not None:
        lines.append(
            [
                _("Vergleich: %(before)s und %(after)s")
                % {"before": comparison.before.heading, "after": comparison.after.heading}
            ]
        )
    for counted in (comparison.before, table) if comparison is not None else (table,):
        if counted.source_label:
            when = _("eingefrorener Stand der Befragungsrunde %(round)s") % {
                "round": counted.source_label
            }
        else:
            when = _("Stand: Ende des %(day)s") % {
                "day": formats.date_format(counted.at, "DATE_FORMAT")
            }
        region = f" ({counted.region.name})" if counted.region is not None else ""
        lines.append(
            [
                _("Gezählte veröffentlichte Angebote: %(total)s") % {"total": counted.total}
                + f"{region}, {when}."
            ]
        )
    for label, values in table.described_filters():
        lines.append([f"{_('Filter:')} {label}: {', '.join(values)}"])
    lines.append([_(BASIS)])
    return lines


def labelled_csv(lines: Iterable[Sequence[Any]]) -> bytes:
    """CSV for spreadsheets: UTF-8 with BOM (so that Excel reads the umlauts), ``;``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for line in lines:
        writer.writerow([neutralise(value) for value in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(title: str, taken: set[str]) -> str:
    cleaned = "".join("_" if char in "[]:*?/\\" else char for char in title).strip("'") or "Tabelle"
    cleaned = cleaned[:31]
    candidate, number = cleaned, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate = cleaned[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def workbook(sheets: Iterable[tuple[str, Sequence[Sequence[Any]]]]) -> bytes:
    """An XLSX file, one sheet per (title, lines); numbers stay numbers, text is neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for sheet in book.worksheets:
        book.remove(sheet)
    taken: set[str] = set()
    for title, lines in sheets:
        sheet = book.create_sheet(_sheet_title(title, taken))
        for line in lines:
            sheet.append([None if value == "" else neutralise(value) for value in line])
        for cell in sheet[1] if sheet.max_row else []:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
