"""The output table: exact and published rows (register-extract.md §§ 3–4)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wegweiser.monitoring.codes import CITYWIDE
from wegweiser.monitoring.confidentiality import REGISTER, Cell, Structure, suppress
from wegweiser.monitoring.indicators import INDICATORS, Indicator, round3, share
from wegweiser.monitoring.segregation import dissimilarity, isolation

HEADER = ("stichtag", "gebiet", "indikator", "zaehler", "nenner", "wert", "status")
OK, SUPPRESSED = "ok", "gesperrt"


@dataclass(frozen=True)
class Row:
    stichtag: dt.date
    gebiet: str
    indikator: str
    zaehler: int | None
    nenner: int | None
    wert: str
    status: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.stichtag.isoformat(),
            self.gebiet,
            self.indikator,
            "" if self.zaehler is None else str(self.zaehler),
            "" if self.nenner is None else str(self.nenner),
            self.wert,
            self.status,
        )


def indicator_row(
    stichtag: dt.date,
    gebiet: str,
    indicator: Indicator,
    counts: dict[Cell, int],
    blank: set[Cell],
) -> Row:
    """The row of one indicator in one gebiet; ``blank`` are the suppressed counts."""
    numerator = counts[(gebiet, indicator.numerator)]
    if indicator.denominator is None:
        if (gebiet, indicator.numerator) in blank:
            return Row(stichtag, gebiet, indicator.code, None, None, "", SUPPRESSED)
        return Row(stichtag, gebiet, indicator.code, numerator, None, str(numerator), OK)
    denominator = counts[(gebiet, indicator.denominator)]
    den_blank = (gebiet, indicator.denominator) in blank
    if (gebiet, indicator.numerator) in blank or den_blank:
        shown = None if den_blank else denominator
        return Row(stichtag, gebiet, indicator.code, None, shown, "", SUPPRESSED)
    return Row(
        stichtag, gebiet, indicator.code, numerator, denominator, share(numerator, denominator), OK
    )


def segregation_rows(
    stichtag: dt.date, districts: Sequence[str], counts: dict[Cell, int]
) -> list[Row]:
    total = [counts[(d, "ew")] for d in districts]
    values = {
        "segregation_d_mh": dissimilarity([counts[(d, "mh")] for d in districts], total),
        "segregation_d_auslaender": dissimilarity([counts[(d, "ausl")] for d in districts], total),
        "isolation_mh": isolation([counts[(d, "mh")] for d in districts], total),
    }
    return [
        Row(
            stichtag,
            CITYWIDE,
            code,
            None,
            None,
            "" if value is None else round3(value),
            SUPPRESSED if value is None else OK,
        )
        for code, value in values.items()
    ]


def build_rows(
    stichtag: dt.date,
    districts: Sequence[str],
    counts: dict[Cell, int],
    blank: set[Cell],
    indicators: Iterable[Indicator] = INDICATORS,
    with_segregation: bool = True,
) -> list[Row]:
    """Rows ordered by gebiet (``00`` first), then indicator order; ``blank`` are the
    suppressed counts (empty for the exact table)."""
    indicators = tuple(indicators)
    rows: list[Row] = []
    for gebiet in [CITYWIDE, *sorted(districts)]:
        rows.extend(indicator_row(stichtag, gebiet, i, counts, blank) for i in indicators)
        if gebiet == CITYWIDE and with_segregation:
            rows.extend(segregation_rows(stichtag, districts, counts))
    return rows


def exact_and_published(
    stichtag: dt.date,
    districts: Sequence[str],
    counts: dict[Cell, int],
    structure: Structure = REGISTER,
) -> tuple[list[Row], list[Row], set[Cell]]:
    blank = suppress(counts, structure)
    return (
        build_rows(stichtag, districts, counts, set()),
        build_rows(stichtag, districts, counts, blank),
        blank,
    )


def to_csv(rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(row.cells() for row in rows)
    return buffer.getvalue()


def write_csv(rows: Iterable[Row], path: Path) -> None:
    path.write_text(to_csv(rows), encoding="utf-8", newline="")
