"""What the indicators are called on the pages, in every language of the site."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wegweiser.monitoring.indicators import INDICATOR_ORDER, INDICATORS, SEGREGATION_INDICATORS

LABELS: dict[str, Promise] = {
    "ew": _("Einwohnerinnen und Einwohner"),
    "mh_anteil": _("Anteil mit Migrationshintergrund"),
    "auslaender_anteil": _("Anteil Ausländerinnen und Ausländer"),
    "deutsche_mh_anteil": _("Anteil Deutsche mit Migrationshintergrund"),
    "mh_anteil_u18": _("Anteil mit Migrationshintergrund unter 18 Jahren"),
    "mh_anteil_u6": _("Anteil mit Migrationshintergrund unter 6 Jahren"),
    "mh_anteil_65plus": _("Anteil mit Migrationshintergrund ab 65 Jahren"),
    "aussiedler_anteil": _("Anteil (Spät-)Aussiedlerinnen und Aussiedler"),
    "eingebuergerte_anteil": _("Anteil Eingebürgerte"),
    "erste_generation_anteil": _("Anteil selbst Zugewanderte (1. Generation)"),
    "neuzugewanderte_anteil": _("Anteil in den letzten 3 Jahren Zugezogene"),
    "drittstaatsangehoerige_18plus_anteil": _("Anteil Volljährige ohne EU-Staatsangehörigkeit"),
    "herkunft_tuerkei_anteil": _("Herkunft Türkei"),
    "herkunft_ehem_su_anteil": _("Herkunft ehemalige Sowjetunion"),
    "herkunft_ehem_yu_anteil": _("Herkunft ehemaliges Jugoslawien"),
    "herkunft_polen_anteil": _("Herkunft Polen"),
    "herkunft_eu_anteil": _("Herkunft übrige EU"),
    "herkunft_arabische_staaten_anteil": _("Herkunft arabische Staaten"),
    "herkunft_sonstige_anteil": _("Herkunft sonstige Staaten"),
    "herkunft_unbekannt_anteil": _("Herkunft unbekannt"),
    "segregation_d_mh": _("Segregationsindex Migrationshintergrund"),
    "segregation_d_auslaender": _("Segregationsindex Ausländerinnen und Ausländer"),
    "isolation_mh": _("Isolationsindex Migrationshintergrund"),
}

# What a share is a share of (its denominator), said in words.
_BASES: dict[str, Promise] = {
    "ew": _("in Prozent aller Einwohnerinnen und Einwohner"),
    "u18": _("in Prozent der unter 18-Jährigen"),
    "u6": _("in Prozent der unter 6-Jährigen"),
    "a65": _("in Prozent der ab 65-Jährigen"),
    "ausl": _("in Prozent der Ausländerinnen und Ausländer"),
    "a18": _("in Prozent der Volljährigen"),
    "mh": _("in Prozent der Einwohnerinnen und Einwohner mit Migrationshintergrund"),
}
BASES: dict[str, Promise] = {
    indicator.code: _BASES[indicator.denominator]
    for indicator in INDICATORS
    if indicator.denominator is not None
}


def label(code: str) -> str:
    """The name of an indicator; an uploaded external indicator (``ext_…``) is shown by its
    code."""
    return str(LABELS.get(code, code))


def basis(code: str) -> str:
    return str(BASES.get(code, ""))


def is_share(code: str) -> bool:
    """The register's shares are percentages (an external indicator's unit is not known)."""
    return code in BASES


def is_count(code: str) -> bool:
    return code == "ew"


def is_district_indicator(code: str) -> bool:
    """Indicators with a value per district (segregation indices exist for the region only)."""
    return code not in SEGREGATION_INDICATORS


def order_key(code: str) -> tuple[int, str]:
    """The contract's order; external indicators after the register's, by code."""
    if code in INDICATOR_ORDER:
        return (INDICATOR_ORDER.index(code), "")
    return (len(INDICATOR_ORDER), code)


def footnote() -> str:
    return gettext(
        "„.“: gesperrt wegen statistischer Geheimhaltung. Kleine Zahlen und Zahlen, aus denen "
        "sie sich errechnen ließen, werden nicht veröffentlicht, damit niemand auf einzelne "
        "Personen schließen kann. „–“: keine Angabe."
    )
