"""Reading one cell's value: dates, numbers, yes/no, contact details, vocabularies and lists.

Each ``parse_…`` function returns the value for the database or raises ``CellError`` with a
German message (the row, column and value are added by the caller).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils.translation import gettext as _

from wegweiser.editorial.transfer.cells import collapse, name_key

T = TypeVar("T")

# Excel counts days from 1899-12-30 (with its 1900 leap-year bug, which openpyxl accounts for).
# A bare number is taken as such a date only between 1990 and 2100, so that a year ("2024") or
# a typo is not silently read as a date in 1905.
EXCEL_SERIAL_MIN = 32_874  # 1990-01-01
EXCEL_SERIAL_MAX = 73_415  # 2100-12-31
MAX_HOURS = Decimal("999999.9")

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
_INTEGER = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^(\d+)(?:[.,](\d+))?$")
_PHONE = re.compile(r"^\+?[0-9 ()/.\-]+$")
_POSTCODE = re.compile(r"^\d{5}$")


class CellError(Exception):
    """The cell's value cannot be used; the message is German."""


def as_text(value: Any) -> str:
    """A cell as text: numbers without a needless ``.0``, dates as 31.12.2024."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def parse_text(value: Any, max_length: int, *, multiline: bool = False) -> str:
    text = as_text(value).strip()
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if len(text) > max_length:
        raise CellError(
            _("zu lang (%(length)d Zeichen); erlaubt sind höchstens %(max)d.")
            % {"length": len(text), "max": max_length}
        )
    return text


def parse_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(date_message())
    if isinstance(value, int | float):
        return _excel_date(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        if match := _GERMAN_DATE.match(text):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if match := _ISO_DATE.match(text):
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise CellError(_("Dieses Datum gibt es nicht.")) from None
    if _INTEGER.match(text):
        return _excel_date(int(text))
    raise CellError(date_message())


def date_message() -> str:
    return _("kein Datum; erwartet wird z. B. 31.12.2024, 2024-12-31 oder ein Excel-Datum.")


def _excel_date(number: float) -> dt.date:
    from openpyxl.utils.datetime import from_excel

    if not float(number).is_integer() or not EXCEL_SERIAL_MIN <= number <= EXCEL_SERIAL_MAX:
        raise CellError(
            _(
                "Diese Zahl ist kein Excel-Datum zwischen 1990 und 2100; erwartet wird z. B. "
                "31.12.2024, 2024-12-31 oder ein Excel-Datum."
            )
        )
    result = from_excel(int(number))
    return result.date() if isinstance(result, dt.datetime) else result


def parse_hours(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(hours_message())
    if isinstance(value, int | float):
        value = repr(float(value)).removesuffix(".0") if isinstance(value, float) else str(value)
    text = str(value).strip().replace(" ", "")
    if not text:
        return None
    match = _DECIMAL.match(text)
    if not match:
        raise CellError(hours_message())
    whole, fraction = match.groups()
    if fraction and "." in text and len(fraction) == 3:
        # "1.000" is a thousand to a German reader and 1.0 to a program: refuse to guess.
        raise CellError(_("mehrdeutig: ohne Tausenderpunkt schreiben, z. B. 1000 oder 22,5."))
    if fraction and len(fraction.rstrip("0")) > 1:
        raise CellError(_("höchstens eine Nachkommastelle, z. B. 22,5."))
    hours = Decimal(f"{whole}.{fraction or '0'}")
    if hours > MAX_HOURS:
        raise CellError(_("zu groß; erlaubt sind höchstens 999999,9 Stunden."))
    return hours.quantize(Decimal("0.1"))


def hours_message() -> str:
    return _("keine Stundenzahl; erwartet wird eine Zahl wie 645 oder 22,5.")


def parse_yes_no(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if not text:
        return None
    if text == "ja":
        return True
    if text == "nein":
        return False
    raise CellError(_("erwartet wird „ja“, „nein“ oder ein leeres Feld (unbekannt)."))


def parse_email(value: Any) -> str:
    text = parse_text(value, 254)
    if not text:
        return ""
    try:
        EmailValidator()(text)
    except ValidationError:
        raise CellError(_("keine gültige E-Mail-Adresse.")) from None
    return text


def parse_phone(value: Any) -> str:
    text = parse_text(value, 50)
    if not text:
        return ""
    if not _PHONE.match(text) or sum(char.isdigit() for char in text) < 5:
        raise CellError(
            _(
                "keine gültige Telefonnummer; erlaubt sind Ziffern, Leerzeichen und + ( ) / - ., "
                "z. B. 0561 787-0 oder +49 561 787-0."
            )
        )
    return text


def parse_website(value: Any) -> str:
    text = parse_text(value, 200)
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text
    if len(text) > 200:
        raise CellError(
            _("zu lang (%(length)d Zeichen); erlaubt sind höchstens %(max)d.")
            % {"length": len(text), "max": 200}
        )
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise CellError(_("keine gültige Web-Adresse (z. B. https://www.example.org).")) from None
    return text


def parse_postcode(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:05d}"
    text = parse_text(value, 10)
    if text and not _POSTCODE.match(text):
        raise CellError(_("keine Postleitzahl; erwartet werden fünf Ziffern."))
    return text


class Lookup(Generic[T]):
    """Values found by code or by German label, case-insensitively (codes win over labels).

    A label's explanation in brackets may be left out: „Kinder“ finds „Kinder (0–13)“.
    """

    def __init__(
        self,
        values: Iterable[T],
        *,
        code: Callable[[T], str],
        names: Callable[[T], Iterable[str]],
    ) -> None:
        self.values = list(values)
        self.code = code
        self._keys: dict[str, T] = {}
        for item in self.values:
            self._keys.setdefault(code(item).casefold(), item)
        for item in self.values:
            for name in names(item):
                if name.strip():
                    self._keys.setdefault(name_key(name), item)
        for item in self.values:
            for name in names(item):
                short = re.sub(r"\s*\([^)]*\)\s*$", "", name)
                if short.strip() and short != name:
                    self._keys.setdefault(name_key(short), item)

    def find(self, text: str) -> T | None:
        return self._keys.get(name_key(text))

    def allowed(self) -> str:
        return ", ".join(self.code(item) for item in self.values)


def vocabulary(model: type[models.Model]) -> Lookup[Any]:
    return Lookup(
        model._default_manager.order_by("order", "code"),
        code=lambda item: item.code,
        names=lambda item: [item.label],
    )


def parse_one(value: Any, lookup: Lookup[T]) -> T | None:
    text = collapse(as_text(value))
    if not text:
        return None
    found = lookup.find(text)
    if found is None:
        raise CellError(
            _("unbekannter Wert. Erlaubt sind: %(allowed)s.") % {"allowed": lookup.allowed()}
        )
    return found


def _parts(text: str) -> list[tuple[int, int]]:
    """Spans between separators (``,`` or ``;``) outside brackets."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char in ",;" and depth == 0:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    return spans


def parse_many(value: Any, lookup: Lookup[T]) -> list[T]:
    """A list separated by ``,`` or ``;``; a label that itself contains a comma is found too."""
    text = collapse(as_text(value))
    if not text:
        return []
    spans = _parts(text)
    found: list[T] = []
    unknown: list[str] = []
    index = 0
    while index < len(spans):
        if not text[spans[index][0] : spans[index][1]].strip():
            index += 1
            continue
        # The longest run of parts that names one value (at most four: labels are short).
        for end in range(min(len(spans), index + 4), index, -1):
            item = lookup.find(text[spans[index][0] : spans[end - 1][1]])
            if item is not None:
                if item not in found:
                    found.append(item)
                index = end
                break
        else:
            unknown.append(text[spans[index][0] : spans[index][1]].strip())
            index += 1
    if unknown:
        raise CellError(
            _("unbekannt: %(unknown)s. Erlaubt sind: %(allowed)s.")
            % {"unknown": ", ".join(f"„{part}“" for part in unknown), "allowed": lookup.allowed()}
        )
    return found
