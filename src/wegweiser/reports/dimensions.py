"""The dimensions of the report contract (``shared/spec/offers.md``, "Report contract").

Sources of offer rows (``sources``) deliver codes of nine *fields* per offer; a *dimension* is a
field as it is reported: ``age_group_seed`` folds the four age groups into the 2008 survey's
three columns, ``gender`` counts an offer for ``alle`` under both ``maenner`` and ``frauen``,
``provider_type_seed`` folds the provider types into their report columns. Every dimension ends
with ``ohne_angabe`` for offers without a value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wegweiser.directory.models import (
    CITYWIDE_CODE,
    AgeGroup,
    Area,
    District,
    Gender,
    Language,
    Network,
    OfferKind,
    ProviderType,
    Region,
    TargetGroup,
)

NO_VALUE = "ohne_angabe"

# The fields every source of offer rows delivers (codes; ``district`` is ``00`` for an offer
# for the whole region).
FIELDS = (
    "area",
    "age_group",
    "gender",
    "provider_type",
    "district",
    "language",
    "kind",
    "target_group",
    "network",
)

SINGLE_VALUED_FIELDS = frozenset({"area", "gender", "provider_type", "kind"})

SEED_AGE_COLUMNS = ("kinder", "erwachsene", "senioren")
SEED_PROVIDER_COLUMNS = ("stadt-land", "wohlfahrtsverbaende", "sonstige")
GENDER_COLUMNS = ("maenner", "frauen")
KINDS = (OfferKind.REGULAR, OfferKind.PROJECT, OfferKind.COURSE)
AGE_GROUPS = ("kinder", "jugendliche", "erwachsene", "senioren")


@dataclass(frozen=True)
class Dimension:
    name: str
    field: str
    label: str | Promise
    multi_valued: bool


DIMENSIONS: dict[str, Dimension] = {
    dimension.name: dimension
    for dimension in (
        Dimension("area", "area", _("Bereich"), False),
        Dimension("age_group", "age_group", _("Altersgruppe"), True),
        Dimension("age_group_seed", "age_group", _("Altersgruppe (wie 2008)"), True),
        Dimension("gender", "gender", _("Geschlecht"), True),
        Dimension("provider_type", "provider_type", _("Trägerart"), False),
        Dimension("provider_type_seed", "provider_type", _("Träger (wie 2008)"), False),
        Dimension("district", "district", _("Stadtteil / Gemeinde"), True),
        Dimension("language", "language", _("Sprache"), True),
        Dimension("kind", "kind", _("Angebotsart"), False),
        Dimension("target_group", "target_group", _("Weitere Zielgruppe"), True),
        Dimension("network", "network", _("Netzwerk"), True),
    )
}


class ReportError(ValueError):
    """Bad input to a report; the message is German (or the user's language) and says why."""


def dimension(name: str) -> Dimension:
    try:
        return DIMENSIONS[name]
    except KeyError:
        raise ReportError(
            _("Unbekanntes Merkmal „%(name)s“; möglich sind: %(names)s.")
            % {"name": name, "names": ", ".join(DIMENSIONS)}
        ) from None


def _vocabulary_codes(model: type) -> list[str]:
    return list(model.objects.order_by("order", "code").values_list("code", flat=True))  # type: ignore[attr-defined]


def folding(name: str) -> Callable[[str], tuple[str, ...]] | None:
    """For a folded dimension: field code → the dimension's values it counts under."""
    if name == "age_group_seed":
        seed = dict(AgeGroup.objects.values_list("code", "seed_column"))
        return lambda code: (seed[code],) if code in seed else ()
    if name == "provider_type_seed":
        columns = dict(ProviderType.objects.values_list("code", "report_column"))
        return lambda code: (columns[code],) if code in columns else ()
    if name == "gender":
        return lambda code: (
            GENDER_COLUMNS if code == Gender.ALL else ((code,) if code in GENDER_COLUMNS else ())
        )
    return None


def listed_values(name: str, region: Region | None, occurring: set[str]) -> list[str]:
    """The values of a dimension in the contract's order, without ``ohne_angabe``.

    Fixed lists come from the contract; extensible vocabularies list every value, and an
    inactive one only where it occurs; ``language`` lists the codes that occur, alphabetically.
    """
    if name == "area":
        values = _vocabulary_codes(Area)
    elif name == "age_group":
        values = list(AGE_GROUPS)
    elif name == "age_group_seed":
        values = list(SEED_AGE_COLUMNS)
    elif name == "gender":
        values = list(GENDER_COLUMNS)
    elif name == "provider_type":
        values = _vocabulary_codes(ProviderType)
    elif name == "provider_type_seed":
        values = list(SEED_PROVIDER_COLUMNS)
    elif name == "district":
        districts = District.objects.filter(region=region) if region else District.objects.none()
        values = [CITYWIDE_CODE, *sorted(districts.values_list("code", flat=True))]
    elif name == "language":
        return sorted(occurring - {NO_VALUE})
    elif name == "kind":
        values = list(KINDS)
    elif name == "target_group":
        values = _vocabulary_codes(TargetGroup)
    elif name == "network":
        values = _vocabulary_codes(Network)
    else:  # pragma: no cover - dimension() refuses unknown names first
        raise ReportError(name)
    inactive = _inactive_codes(name)
    values = [value for value in values if value not in inactive or value in occurring]
    known = set(values)
    # Values that occur but are not listed (e.g. a district of another region in a snapshot) are
    # never dropped silently: they come last, before ``ohne_angabe``.
    return values + sorted(occurring - known - {NO_VALUE})


def _inactive_codes(name: str) -> set[str]:
    model = {
        "area": Area,
        "provider_type": ProviderType,
        "target_group": TargetGroup,
        "network": Network,
    }.get(name)
    if model is None:
        return set()
    return set(model.objects.filter(active=False).values_list("code", flat=True))


# --- labels ------------------------------------------------------------------------------------

_FIXED_LABELS: dict[str, dict[str, str | Promise]] = {
    "age_group_seed": {
        "kinder": _("Kinder"),
        "erwachsene": _("Erwachsene"),
        "senioren": _("Senioren"),
    },
    "gender": {"maenner": _("Jungen / Männer"), "frauen": _("Mädchen / Frauen")},
    "provider_type_seed": {
        "stadt-land": _("Stadt / Land"),
        "wohlfahrtsverbaende": _("Wohlfahrtsverbände"),
        "sonstige": _("Sonstige"),
    },
}

_VOCABULARY_MODELS: dict[str, type] = {
    "area": Area,
    "age_group": AgeGroup,
    "provider_type": ProviderType,
    "language": Language,
    "kind": OfferKind,
    "target_group": TargetGroup,
    "network": Network,
}


def value_labels(name: str, values: list[str], region: Region | None) -> dict[str, str]:
    """Code → label in the active language for the given values of a dimension."""
    labels: dict[str, str] = {NO_VALUE: str(_("ohne Angabe"))}
    if name in _FIXED_LABELS:
        labels.update({code: str(label) for code, label in _FIXED_LABELS[name].items()})
    elif name == "district":
        labels[CITYWIDE_CODE] = str(_("ganze Region (00)"))
        if region is not None:
            for code, district_name in District.objects.filter(region=region).values_list(
                "code", "name"
            ):
                labels[code] = f"{code} {district_name}"
    else:
        model = _VOCABULARY_MODELS[name]
        for entry in model.objects.filter(code__in=values):  # type: ignore[attr-defined]
            labels[entry.code] = entry.label_in()
    return {value: labels.get(value, value) for value in values}
