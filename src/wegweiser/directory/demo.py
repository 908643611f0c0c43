"""Loading the reference data (regions, districts, vocabularies) and the Kassel demo content.

Both loaders are idempotent: they create what is missing, update what differs and leave alone
what is equal (no new version is recorded for an unchanged offer). Everything happens in one
transaction: a fault in the data files loads nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from wegweiser.directory.history import save_with_relations
from wegweiser.directory.models import (
    AgeGroup,
    Area,
    District,
    EditorialStatus,
    Gender,
    Language,
    Location,
    Network,
    Offer,
    OfferKind,
    Provider,
    ProviderType,
    Region,
    TargetGroup,
)
from wegweiser.directory.models.vocabularies import Vocabulary

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE_FILE = DATA_DIR / "reference.toml"
DEMO_FILE = DATA_DIR / "demo_kassel.toml"
KASSEL_DISTRICTS_CSV = DATA_DIR / "kassel" / "kassel_stadtteile.csv"
KASSEL_GEOMETRY = DATA_DIR / "kassel" / "kassel_ortsbezirke_simplified.geojson"
KASSEL_REGION = "stadt-kassel"
CHANGE_REASON = "Demodaten geladen (wegweiser load_demo)"

VOCABULARIES: dict[str, type[Vocabulary]] = {
    "areas": Area,
    "age_groups": AgeGroup,
    "genders": Gender,
    "offer_kinds": OfferKind,
    "provider_types": ProviderType,
    "target_groups": TargetGroup,
    "languages": Language,
    "networks": Network,
}

M = TypeVar("M", bound=models.Model)


class DemoDataError(Exception):
    """A fault in a data file; the message is German and names the entry."""


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    def count(self, label: str, outcome: str) -> None:
        getattr(self, outcome)[label] += 1

    def lines(self) -> list[str]:
        labels = list(dict.fromkeys([*self.created, *self.updated, *self.unchanged]))
        return [
            f"{label}: {self.created[label]} neu, {self.updated[label]} geändert, "
            f"{self.unchanged[label]} unverändert"
            for label in labels
        ]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DemoDataError(f"{path.name}: Datei nicht lesbar: {error}") from error


def _differs(instance: models.Model, values: Mapping[str, Any]) -> bool:
    return any(getattr(instance, name) != value for name, value in values.items())


def _upsert(
    model: type[M], lookup: Mapping[str, Any], values: Mapping[str, Any], report: LoadReport
) -> M:
    """Create or update a model without history (reference data)."""
    label = str(model._meta.verbose_name_plural)
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        report.count(label, "created")
    elif _differs(instance, values):
        for name, value in values.items():
            setattr(instance, name, value)
        instance.full_clean()
        instance.save()
        report.count(label, "updated")
    else:
        report.count(label, "unchanged")
    return instance


def _relations_differ(
    instance: models.Model, relations: Mapping[str, Iterable[models.Model]]
) -> bool:
    if instance._state.adding:
        return True
    for name, values in relations.items():
        current = set(getattr(instance, name).values_list("pk", flat=True))
        if current != {value.pk for value in values}:
            return True
    return False


def _upsert_versioned(
    model: type[M],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    relations: Mapping[str, Iterable[models.Model]],
    report: LoadReport,
    *,
    on_change: Mapping[str, Any] | None = None,
) -> M:
    """Create or update a versioned model and its relations, recording one version if changed.

    ``on_change`` holds values set only when something else changed (the verification date).
    """
    label = str(model._meta.verbose_name_plural)
    instance = model._default_manager.filter(**lookup).first()
    created = instance is None
    if instance is None:
        instance = model(**lookup)
    elif not _differs(instance, values) and not _relations_differ(instance, relations):
        report.count(label, "unchanged")
        return instance
    for name, value in {**values, **(on_change or {})}.items():
        setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DemoDataError(f"{label} {dict(lookup)}: {error}") from error
    save_with_relations(instance, relations, reason=CHANGE_REASON)
    report.count(label, "created" if created else "updated")
    return instance


# --- Reference data ------------------------------------------------------------------------------


def load_reference_data(report: LoadReport) -> None:
    data = _read_toml(REFERENCE_FILE)
    for entry in data["regions"]:
        _upsert(
            Region,
            {"slug": entry["slug"]},
            {"name": entry["name"], "ags": entry.get("ags", ""), "order": entry.get("order", 0)},
            report,
        )
    for key, model in VOCABULARIES.items():
        for order, entry in enumerate(data[key], start=1):
            values: dict[str, Any] = {
                "label": entry["label"],
                "labels": entry.get("labels", {}),
                "order": order,
            }
            for extra in ("min_age", "max_age", "seed_column", "report_column", "description"):
                if extra in entry:
                    values[extra] = entry[extra]
            _upsert(model, {"code": entry["code"]}, values, report)
    _load_kassel_districts(report)
    for entry in data.get("municipalities", []):
        region = _region(entry["region"])
        _upsert(
            District, {"region": region, "code": entry["code"]}, {"name": entry["name"]}, report
        )


def _region(slug: str) -> Region:
    try:
        return Region.objects.get(slug=slug)
    except Region.DoesNotExist:
        raise DemoDataError(f"{REFERENCE_FILE.name}: Region {slug!r} fehlt") from None


def _load_kassel_districts(report: LoadReport) -> None:
    region = _region(KASSEL_REGION)
    with KASSEL_GEOMETRY.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    geometry_by_code = {
        feature["properties"]["bezirk"].removeprefix("Ortsbezirk ").strip(): feature
        for feature in features
    }
    with KASSEL_DISTRICTS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if not row["stadtteil_statistik"]:
            continue  # 25 Dönchelandschaft: geometry only, no district
        code = row["nr"]
        feature = geometry_by_code.get(code)
        if feature is None or feature["properties"]["name"] != row["name_geoportal"]:
            raise DemoDataError(
                f"{KASSEL_GEOMETRY.name}: keine passende Geometrie für Stadtteil {code} "
                f"({row['name_geoportal']})"
            )
        alternative = (
            row["name_geoportal"] if row["name_geoportal"] != row["stadtteil_statistik"] else ""
        )
        _upsert(
            District,
            {"region": region, "code": code},
            {
                "name": row["stadtteil_statistik"],
                "alternative_names": alternative,
                "geometry": feature["geometry"],
            },
            report,
        )


# --- Demo content --------------------------------------------------------------------------------


class _Lookup:
    """Resolves the codes of the demo file, with a German error naming the entry."""

    def __init__(self) -> None:
        self.vocabularies = {
            key: {item.code: item for item in model.objects.all()}
            for key, model in VOCABULARIES.items()
        }
        self.regions = {region.slug: region for region in Region.objects.all()}
        self.districts = {(d.region_id, d.code): d for d in District.objects.all()}
        self.providers: dict[str, Provider] = {}
        self.locations: dict[tuple[int, int, str], Location] = {}

    def one(self, vocabulary: str, code: str, where: str) -> Any:
        try:
            return self.vocabularies[vocabulary][code]
        except KeyError:
            raise DemoDataError(f"{where}: unbekannter Code {code!r} in {vocabulary}") from None

    def many(self, vocabulary: str, codes: Iterable[str], where: str) -> list[Any]:
        return [self.one(vocabulary, code, where) for code in codes]

    def region(self, slug: str, where: str) -> Region:
        try:
            return self.regions[slug]
        except KeyError:
            raise DemoDataError(f"{where}: unbekannte Region {slug!r}") from None

    def district(self, region: Region, code: str, where: str) -> District:
        try:
            return self.districts[(region.pk, code)]
        except KeyError:
            raise DemoDataError(
                f"{where}: Stadtteil {code!r} gibt es in {region.slug} nicht"
            ) from None

    def district_anywhere(self, code: str, where: str) -> District:
        matches = [d for (_region, c), d in self.districts.items() if c == code]
        if len(matches) != 1:
            raise DemoDataError(f"{where}: Stadtteil {code!r} nicht eindeutig oder unbekannt")
        return matches[0]

    def location(
        self,
        region: Region,
        provider: Provider,
        spec: Mapping[str, Any],
        report: LoadReport,
        where: str,
    ) -> Location:
        """The named location of ``provider`` in ``region``, loaded once however often it is used."""
        key = (region.pk, provider.pk, spec["name"])
        if key not in self.locations:
            district_code = spec.get("district")
            self.locations[key] = _upsert(
                Location,
                {"region": region, "provider": provider, "name": spec["name"]},
                {
                    "district": self.district(region, district_code, where)
                    if district_code
                    else None
                },
                report,
            )
        return self.locations[key]

    def provider(self, key: str, where: str) -> Provider:
        try:
            return self.providers[key]
        except KeyError:
            raise DemoDataError(f"{where}: unbekannter Träger {key!r}") from None


def load_demo_content(report: LoadReport, *, today: dt.date | None = None) -> None:
    data = _read_toml(DEMO_FILE)
    now = timezone.now()
    today = today or timezone.localdate()
    lookup = _Lookup()
    keys_seen: set[str] = set()
    for entry in data.get("providers", []):
        where = f"Träger {entry.get('key')!r}"
        _check_unique_key(entry, keys_seen, where)
        aliases = [alias for alias in entry.get("aliases", []) if alias != entry["name"]]
        home_region = entry.get("home_region")
        lookup.providers[entry["key"]] = _upsert_versioned(
            Provider,
            {"external_id": entry["key"]},
            {
                "name": entry["name"],
                "short_name": entry.get("short_name", ""),
                "alternative_names": "\n".join(aliases),
                "provider_type": lookup.one("provider_types", entry["provider_type"], where),
                "description": entry.get("description", ""),
                "home_region": lookup.region(home_region, where) if home_region else None,
                "status": EditorialStatus.PUBLISHED,
                "is_demo": True,
            },
            {
                "networks": lookup.many("networks", entry.get("networks", []), where),
                "districts_served": [
                    lookup.district_anywhere(code, where) for code in entry.get("districts", [])
                ],
            },
            report,
            on_change={"verified_at": now},
        )
    keys_seen.clear()
    for entry in data.get("offers", []):
        where = f"Angebot {entry.get('key')!r}"
        _check_unique_key(entry, keys_seen, where)
        _load_offer(entry, lookup, report, where=where, now=now, today=today)


def _check_unique_key(entry: Mapping[str, Any], seen: set[str], where: str) -> None:
    key = entry.get("key")
    if not key:
        raise DemoDataError(f"{where}: der Schlüssel fehlt")
    if key in seen:
        raise DemoDataError(f"{where}: der Schlüssel kommt doppelt vor")
    seen.add(key)


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DemoDataError(f"{where}: {value!r} ist kein Datum (JJJJ-MM-TT)") from None


def _load_offer(
    entry: Mapping[str, Any],
    lookup: _Lookup,
    report: LoadReport,
    *,
    where: str,
    now: dt.datetime,
    today: dt.date,
) -> None:
    region = lookup.region(entry["region"], where)
    provider = lookup.provider(entry["provider"], where)
    kind = lookup.one("offer_kinds", entry.get("kind", OfferKind.REGULAR), where)
    end_date = _date(entry.get("end"), where)
    ended_project = kind.code == OfferKind.PROJECT and end_date is not None and end_date < today
    hours = entry.get("hours")
    locations = [
        lookup.location(region, provider, spec, report, where)
        for spec in entry.get("locations", [])
    ]
    offer_lookup = {"region": region, "external_id": entry["key"]}
    values = {
        "provider": provider,
        "title": entry["title"],
        "description": entry.get("description", ""),
        "area": lookup.one("areas", entry["area"], where) if entry.get("area") else None,
        "kind": kind,
        "start_date": _date(entry.get("start"), where),
        "end_date": end_date,
        "funding_programme": entry.get("funding_programme", ""),
        "hours": Decimal(str(hours)) if hours is not None else None,
        "hours_note": entry.get("hours_note", ""),
        "gender": lookup.one("genders", entry.get("gender", Gender.ALL), where),
        "citywide": bool(entry.get("citywide", False)),
        "status": EditorialStatus.ARCHIVED if ended_project else EditorialStatus.PUBLISHED,
        "is_demo": True,
    }
    relations: dict[str, list[Any]] = {
        "partners": [lookup.provider(key, where) for key in entry.get("partners", [])],
        "age_groups": lookup.many("age_groups", entry.get("age_groups", []), where),
        "target_groups": lookup.many("target_groups", entry.get("target_groups", []), where),
        "languages": lookup.many("languages", entry.get("languages", []), where),
        "districts": [lookup.district(region, code, where) for code in entry.get("districts", [])],
        "locations": locations,
    }
    probe = Offer(region=region, citywide=values["citywide"])
    try:
        probe.clean_relations(districts=relations["districts"], locations=locations)
    except ValidationError as error:
        raise DemoDataError(f"{where}: {'; '.join(error.messages)}") from error
    _upsert_versioned(
        Offer, offer_lookup, values, relations, report, on_change={"verified_at": now}
    )


def load(*, reference_only: bool = False, today: dt.date | None = None) -> LoadReport:
    """Load the reference data and, unless ``reference_only``, the demo content: all or nothing."""
    from wegweiser.directory.search import index

    report = LoadReport()
    with transaction.atomic(), index.batch():
        load_reference_data(report)
        if not reference_only:
            load_demo_content(report, today=today)
    return report


def demo_keys() -> tuple[list[str], list[str]]:
    """The keys of the canonical demo list: (providers, offers)."""
    data = _read_toml(DEMO_FILE)
    return [p["key"] for p in data.get("providers", [])], [o["key"] for o in data.get("offers", [])]
