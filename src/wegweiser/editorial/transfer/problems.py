"""What is wrong with a file: one German message per problem, with row, column and value."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

# A value is shown in a message only this long; the rest is cut off with "…".
VALUE_PREVIEW = 80


@dataclass(frozen=True)
class Problem:
    """One problem; ``row`` counts as a spreadsheet does (the header is row 1)."""

    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where: list[str] = []
        if self.row is not None:
            where.append(_("Zeile %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("Spalte „%(column)s“") % {"column": self.column})
        if self.value:
            where.append(_("Wert „%(value)s“") % {"value": shorten(self.value)})
        if not where:
            return self.message
        return f"{', '.join(where)}: {self.message}"


def shorten(value: str) -> str:
    value = value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    if len(value) <= VALUE_PREVIEW:
        return value
    return value[: VALUE_PREVIEW - 1] + "…"


class FileRejected(Exception):
    """The file as a whole cannot be imported; ``problems`` says why (nothing was changed)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
