"""Single cells: normalising text and names, neutralising spreadsheet formulas."""

from __future__ import annotations

import re
import unicodedata

# A spreadsheet runs a cell starting with one of these as a formula (or, for tab and CR,
# mangles it); the export writes an apostrophe before them and the import removes it again.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The apostrophe itself is escaped too, so that a text that really starts with one survives.
_ESCAPED = (*FORMULA_TRIGGERS, "'")

_SPACES = re.compile(r"\s+")
_SEPARATOR_SPACES = re.compile(r"\s*([,;])\s*")


def neutralise(text: str) -> str:
    """The text as the export writes it: an apostrophe before what would run as a formula."""
    if text.startswith(_ESCAPED):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Undo ``neutralise``: a leading apostrophe before a formula character is removed."""
    if text.startswith("'") and text[1:].startswith(_ESCAPED):
        return text[1:]
    return text


def collapse(text: str) -> str:
    """Unicode NFC, trimmed, runs of white space as one space (names, single-line values)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def name_key(text: str) -> str:
    """The form in which names and labels are compared: collapsed and case-insensitive."""
    return _SEPARATOR_SPACES.sub(r"\1 ", collapse(text)).casefold()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
