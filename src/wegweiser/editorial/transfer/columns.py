"""The import template: its columns, in the order the export and the empty template write them."""

from __future__ import annotations

ANGEBOT_ID = "angebot_id"
TRAEGER = "traeger"
TRAEGERART = "traegerart"

COLUMNS: tuple[str, ...] = (
    "angebot_id",
    "traeger",
    "traegerart",
    "titel",
    "beschreibung",
    "bereich",
    "art",
    "altersgruppen",
    "geschlecht",
    "zielgruppen",
    "sprachen",
    "stadtteile",
    "strasse",
    "plz",
    "ort",
    "kosten",
    "barrierefrei",
    "beginn",
    "ende",
    "foerderprogramm",
    "stunden",
    "kontakt_email",
    "kontakt_telefon",
    "website",
)
KNOWN = frozenset(COLUMNS)

# Needed for a new offer; on an update they may be absent, but not empty.
REQUIRED = ("traeger", "titel", "bereich", "altersgruppen")

# Columns of the offer itself → model field (the others are handled one by one).
TEXT_FIELDS: dict[str, tuple[str, int]] = {
    "titel": ("title", 300),
    "beschreibung": ("description", 20_000),
    "foerderprogramm": ("funding_programme", 300),
}
ADDRESS = ("strasse", "plz", "ort")
LIST_SEPARATORS = ",;"
