"""An offer's editable content as one dict: read it, store it as JSON, apply it, compare it.

The *values* of an offer are what its staff edit form's ``cleaned_data`` holds (the same form
``actions.propose_revision`` and ``actions.save_offer`` accept):

- text fields (``title``, ``description``, ``schedule``, ``cost_note``, ``hours_note``,
  ``funding_programme``, ``contact_name``, ``contact_email``, ``contact_phone``, ``website``,
  ``external_id``) as ``str``; ``cost`` as one of ``Offer.Cost`` or ``""``;
- ``start_date``/``end_date`` as ``datetime.date`` or ``None``; ``hours`` as ``Decimal`` or
  ``None``; ``citywide`` as ``bool``; ``registration_required``, ``barrier_free``,
  ``childcare`` as ``True``/``False``/``None`` (unknown);
- ``provider`` a ``Provider``; ``area`` an ``Area`` or ``None``; ``kind`` an ``OfferKind``;
  ``gender`` a ``Gender``;
- ``partners`` (providers), ``age_groups``, ``target_groups``, ``languages``, ``districts`` and
  ``locations``: iterables (lists or QuerySets) of model instances;
- optionally ``translations``: ``{language: {field: text}}`` for the translatable fields.

A dict may hold only some of the fields: the others stay as they are. Stored in a ``Revision``
the values are JSON: codes for vocabularies and districts, UUIDs for providers and locations,
ISO dates, decimals as strings.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from wegweiser.directory.models import (
    AgeGroup,
    Area,
    District,
    Gender,
    Language,
    Location,
    Offer,
    OfferKind,
    OfferTranslation,
    Provider,
    TargetGroup,
)

TEXT_FIELDS = (
    "title",
    "description",
    "external_id",
    "funding_programme",
    "hours_note",
    "schedule",
    "cost",
    "cost_note",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
)
DATE_FIELDS = ("start_date", "end_date")
OTHER_SCALARS = ("hours", "citywide", "registration_required", "barrier_free", "childcare")
SCALAR_FIELDS = (*TEXT_FIELDS, *DATE_FIELDS, *OTHER_SCALARS)
FOREIGN_KEYS: dict[str, type[models.Model]] = {
    "provider": Provider,
    "area": Area,
    "kind": OfferKind,
    "gender": Gender,
}
MANY_TO_MANY: dict[str, type[models.Model]] = {
    "partners": Provider,
    "age_groups": AgeGroup,
    "target_groups": TargetGroup,
    "languages": Language,
    "districts": District,
    "locations": Location,
}
TRANSLATIONS = "translations"
# The order in which forms, diffs and the documentation list the fields.
FIELD_ORDER = (
    "provider",
    "partners",
    "title",
    "description",
    "area",
    "kind",
    "start_date",
    "end_date",
    "funding_programme",
    "hours",
    "hours_note",
    "age_groups",
    "gender",
    "target_groups",
    "languages",
    "citywide",
    "districts",
    "locations",
    "schedule",
    "cost",
    "cost_note",
    "registration_required",
    "barrier_free",
    "childcare",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "external_id",
)
EDITABLE_FIELDS = frozenset(FIELD_ORDER)


# --- Reading ------------------------------------------------------------------------------------


def _sorted(objects: Iterable[models.Model]) -> list[models.Model]:
    return sorted(objects, key=_key)


def values_of_offer(offer: Offer) -> dict[str, Any]:
    """The offer's current values (see the module docstring), translations left out."""
    values: dict[str, Any] = {name: getattr(offer, name) for name in SCALAR_FIELDS}
    for name in FOREIGN_KEYS:
        values[name] = getattr(offer, name)
    for name in MANY_TO_MANY:
        values[name] = _sorted(getattr(offer, name).all())
    return values


def values_of_version(version: Any) -> dict[str, Any]:
    """The values an offer had in one of its recorded versions (a historical record)."""
    values: dict[str, Any] = {name: getattr(version, name) for name in SCALAR_FIELDS}
    for name, model in FOREIGN_KEYS.items():
        pk = getattr(version, f"{name}_id")
        values[name] = model._default_manager.filter(pk=pk).first() if pk else None
    for name in MANY_TO_MANY:
        target = Offer._meta.get_field(name).m2m_reverse_field_name()  # type: ignore[union-attr]
        values[name] = _sorted(getattr(row, target) for row in getattr(version, name).all())
    return values


def translations_of(offer: Offer) -> dict[str, dict[str, str]]:
    return {
        translation.language: {
            field: getattr(translation, field) for field in Offer.translatable_fields
        }
        for translation in offer.translations.all()
    }


# --- JSON ---------------------------------------------------------------------------------------


def _key(obj: models.Model) -> str:
    if isinstance(obj, Provider | Location):
        return str(obj.uuid)
    return str(obj.code)  # type: ignore[attr-defined]


def _lookup(model: type[models.Model], keys: list[str], region: Any) -> list[models.Model]:
    field = "uuid" if model in (Provider, Location) else "code"
    objects = model._default_manager.filter(**{f"{field}__in": keys})
    if model is District:
        objects = objects.filter(region=region)  # district codes are unique per region
    found = {_key(obj): obj for obj in objects}
    missing = [key for key in keys if key not in found]
    if missing:
        raise ValidationError(
            _("%(model)s nicht mehr vorhanden: %(keys)s")
            % {"model": model._meta.verbose_name, "keys": ", ".join(missing)}
        )
    return [found[key] for key in keys]


def serialize(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` as JSON-ready data (what ``Revision.data`` stores)."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if name == TRANSLATIONS:
            data[name] = {
                language: {field: str(text or "") for field, text in texts.items()}
                for language, texts in value.items()
            }
        elif name in FOREIGN_KEYS:
            data[name] = _key(value) if value is not None else None
        elif name in MANY_TO_MANY:
            data[name] = sorted(_key(obj) for obj in value)
        elif name in DATE_FIELDS:
            data[name] = value.isoformat() if value else None
        elif name == "hours":
            data[name] = str(value) if value is not None else None
        elif name in SCALAR_FIELDS:
            data[name] = value
        else:
            raise ValueError(f"Offer field {name!r} cannot be edited")
    return data


def deserialize(data: Mapping[str, Any], region: Any) -> dict[str, Any]:
    """Stored JSON back to values for an offer of ``region``; a vanished provider, location or
    code is a ValidationError."""
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name in FOREIGN_KEYS:
            values[name] = _lookup(FOREIGN_KEYS[name], [value], region)[0] if value else None
        elif name in MANY_TO_MANY:
            values[name] = _lookup(MANY_TO_MANY[name], list(value), region)
        elif name in DATE_FIELDS:
            values[name] = datetime.date.fromisoformat(value) if value else None
        elif name == "hours":
            values[name] = Decimal(value) if value is not None else None
        else:
            values[name] = value
    return values


# --- Applying -----------------------------------------------------------------------------------


def check_fields(values: Mapping[str, Any]) -> None:
    unknown = set(values) - EDITABLE_FIELDS - {TRANSLATIONS}
    if unknown:
        raise ValueError(f"Offer fields that cannot be edited this way: {sorted(unknown)}")


def apply(offer: Offer, values: Mapping[str, Any]) -> dict[str, list[models.Model]]:
    """Set the scalar and foreign-key values on ``offer`` (unsaved) and validate the result;
    returns the many-to-many values for ``save_with_relations``.

    Raises ``ValidationError`` when the offer would be invalid (e.g. districts of another
    region, the end before the start).
    """
    check_fields(values)
    for name in (*SCALAR_FIELDS, *FOREIGN_KEYS):
        if name in values:
            setattr(offer, name, values[name])
    relations = {name: list(values[name]) for name in MANY_TO_MANY if name in values}
    errors: dict[str, list[str]] = {}
    try:
        offer.full_clean(exclude=["uuid"], validate_unique=True, validate_constraints=True)
    except ValidationError as error:
        errors.update(error.message_dict)
    districts = relations.get("districts")
    if districts is None:
        districts = list(offer.districts.all()) if offer.pk else []
    locations = relations.get("locations", [])
    try:
        offer.clean_relations(districts=districts, locations=locations)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return relations


def apply_translations(offer: Offer, translations: Mapping[str, Mapping[str, str]]) -> None:
    """Save the given translations (each marked current: made from the German text as it is)."""
    for language, texts in translations.items():
        translation = OfferTranslation.objects.filter(offer=offer, language=language).first()
        if translation is None:
            translation = OfferTranslation(offer=offer, language=language)
        for field in Offer.translatable_fields:
            if field in texts:
                setattr(translation, field, texts[field] or "")
        translation.full_clean(exclude=["offer", "source_digest"])
        translation.save()


def changed_values(offer: Offer, values: Mapping[str, Any]) -> dict[str, Any]:
    """The part of ``values`` that differs from what the offer holds now."""
    current = values_of_offer(offer)
    changed: dict[str, Any] = {}
    for name, value in values.items():
        if name == TRANSLATIONS:
            existing = translations_of(offer)
            texts = {
                language: dict(fields)
                for language, fields in value.items()
                if any(
                    (fields.get(field) or "") != existing.get(language, {}).get(field, "")
                    for field in fields
                )
            }
            if texts:
                changed[name] = texts
        elif name in MANY_TO_MANY:
            if _sorted(value) != current[name]:
                changed[name] = list(value)
        elif current.get(name) != value:
            changed[name] = value
    return changed


# --- Comparing ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Change:
    """One field that differs between two states, ready for the diff template."""

    field: str
    label: str
    old: str
    new: str
    # For longer texts: (operation, text) with operation "equal", "delete" or "insert".
    words: list[tuple[str, str]] | None = None


def verbose_name(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def label_of(name: str) -> str:
    if name.startswith(f"{TRANSLATIONS}:"):
        _prefix, language, field = name.split(":")
        return _("%(field)s (Übersetzung %(language)s)") % {
            "field": verbose_name(Offer, field),
            "language": language,
        }
    return verbose_name(Offer, name)


def display(name: str, value: Any) -> str:
    """A value as staff read it: labels for codes, names for providers, dates in German."""
    if name in MANY_TO_MANY:
        return ", ".join(str(obj) for obj in value) if value else "–"
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if name == "cost":
        return str(Offer.Cost(value).label)
    return str(value)


def _words(old: str, new: str) -> list[tuple[str, str]]:
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    operations: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            operations.append(("equal", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            operations.append(("delete", "".join(old_words[i1:i2])))
        if j2 > j1:
            operations.append(("insert", "".join(new_words[j1:j2])))
    return operations


def _flatten(values: Mapping[str, Any]) -> dict[str, Any]:
    flat = {name: value for name, value in values.items() if name != TRANSLATIONS}
    for language, texts in (values.get(TRANSLATIONS) or {}).items():
        for field, text in texts.items():
            flat[f"{TRANSLATIONS}:{language}:{field}"] = text
    return flat


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The fields whose values differ between ``old`` and ``new``, in form order.

    A field missing from ``new`` is unchanged; translations are compared per language and
    field.
    """
    old_flat, new_flat = _flatten(old), _flatten(new)
    names = [name for name in FIELD_ORDER if name in new_flat] + sorted(
        name for name in new_flat if name.startswith(f"{TRANSLATIONS}:")
    )
    changes = []
    for name in names:
        base = name.split(":")[-1] if name.startswith(TRANSLATIONS) else name
        before, after = display(base, old_flat.get(name)), display(base, new_flat[name])
        if before == after:
            continue
        words = None
        if base in Offer.translatable_fields or base == "description":
            words = _words("" if before == "–" else before, "" if after == "–" else after)
        changes.append(Change(name, label_of(name), before, after, words))
    return changes
