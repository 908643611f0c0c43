"""Where the offers counted by a report come from: one row per offer with its codes.

A *source* answers two questions: which offers it holds (``offer_ids``) and, per field of
``dimensions.FIELDS``, which codes each offer has (``pairs``: compact ``(offer_id, code)``
pairs, never ORM objects). Three kinds exist:

- ``PublishedOffers(region)``: the offers published now;
- ``PublishedAt(region, day)``: the offers whose recorded status at the end of ``day``
  (Europe/Berlin) was published, with the values of the version in force then (the
  django-simple-history tables of offers, their relations and their providers); before the first
  record there is nothing;
- ``OfferRows(key, rows)``: any iterable of ``OfferRow`` — what a survey round's snapshot is. The
  surveys app makes its snapshots countable by calling ``register_snapshot_loader`` in its
  ``AppConfig.ready()``; ``snapshot(round_key)`` then returns its rows as a source.

``dataset(source)`` turns a source into a ``Dataset`` of bitsets (bit *p* = the offer at position
*p*; Python integers, so that an intersection of two 100,000-bit sets and its ``bit_count()`` take
microseconds). Datasets are kept per process and rebuilt when the source's ``fingerprint()``
changes; for the published offers that is the search data's generation (every change of an offer,
its relations or its provider moves it, see ``directory.search.catalog``) and the last recorded
provider version, so a warm process answers without reading the offers again.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import F, Max, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from wegweiser.directory.models import (
    CITYWIDE_CODE,
    AgeGroup,
    Area,
    District,
    EditorialStatus,
    Gender,
    Language,
    Network,
    Offer,
    OfferKind,
    Provider,
    ProviderType,
    Region,
    SearchGeneration,
    TargetGroup,
)
from wegweiser.reports.dimensions import FIELDS, ReportError, folding

BERLIN = ZoneInfo("Europe/Berlin")

Pair = tuple[int, str]


def today() -> dt.date:
    return dt.datetime.now(tz=BERLIN).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` in Berlin (what "at the end of day D" means)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=BERLIN)


@dataclass(frozen=True)
class OfferRow:
    """One offer of a snapshot: its id and, per field, its codes (missing field: no value)."""

    offer_id: int
    values: Mapping[str, Sequence[str]] = field(default_factory=dict)


class Source:
    """A set of offers with their codes; subclasses implement the three methods below."""

    region: Region | None = None
    at: dt.date
    label: str = ""  # what the counted offers are when not a date (e.g. a survey round)
    short_label: str = ""  # the same in a word, for column headings (e.g. the round's title)

    def key(self) -> Hashable:
        raise NotImplementedError

    def folding(self, name: str) -> Callable[[str], tuple[str, ...]] | None:
        """How dimension ``name`` folds the field's codes (``dimensions.folding``: today's
        vocabularies; a snapshot may bring its own)."""
        return folding(name)

    def fingerprint(self) -> Hashable:
        """Changes whenever what the source would deliver may have changed."""
        raise NotImplementedError

    def offer_ids(self) -> list[int]:
        raise NotImplementedError

    def pairs(self, field_name: str) -> Iterable[Pair]:
        raise NotImplementedError


# --- codes by id ----------------------------------------------------------------------------------


def _codes(model: Any) -> dict[int, str]:
    return dict(model.objects.values_list("pk", "code"))


def _district_codes() -> dict[int, str]:
    return dict(District.objects.values_list("pk", "code"))


_M2M = {
    # field → (Offer relation, column of the target in its through table, vocabulary)
    "age_group": ("age_groups", "agegroup_id", AgeGroup),
    "language": ("languages", "language_id", Language),
    "target_group": ("target_groups", "targetgroup_id", TargetGroup),
    "district": ("districts", "district_id", District),
}


class _OfferTable(Source):
    """Shared by the two database sources: per offer its scalar fields and its provider."""

    def __init__(self) -> None:
        # offer id → (area_id, kind_id, gender_id, provider_id, citywide)
        self._scalars: dict[int, tuple[int | None, int | None, int | None, int, bool]] | None = None

    def _load_scalars(self) -> dict[int, tuple[int | None, int | None, int | None, int, bool]]:
        raise NotImplementedError

    def scalars(self) -> dict[int, tuple[int | None, int | None, int | None, int, bool]]:
        if self._scalars is None:
            self._scalars = self._load_scalars()
        return self._scalars

    def offer_ids(self) -> list[int]:
        return sorted(self.scalars())

    def _provider_values(self) -> tuple[dict[int, int], dict[int, list[int]]]:
        """provider id → provider type id, provider id → network ids."""
        raise NotImplementedError

    def _relation_pairs(self, field_name: str) -> Iterable[tuple[int, int]]:
        raise NotImplementedError

    def pairs(self, field_name: str) -> Iterable[Pair]:
        scalars = self.scalars()
        if field_name in ("area", "kind", "gender"):
            index = {"area": 0, "kind": 1, "gender": 2}[field_name]
            codes = _codes({"area": Area, "kind": OfferKind, "gender": Gender}[field_name])
            return [
                (offer_id, codes[values[index]])  # type: ignore[index]
                for offer_id, values in scalars.items()
                if values[index] is not None
            ]
        if field_name in ("provider_type", "network"):
            types, networks = self._provider_values()
            if field_name == "provider_type":
                codes = _codes(ProviderType)
                return [
                    (offer_id, codes[types[values[3]]])
                    for offer_id, values in scalars.items()
                    if values[3] in types
                ]
            codes = _codes(Network)
            return [
                (offer_id, codes[network_id])
                for offer_id, values in scalars.items()
                for network_id in networks.get(values[3], ())
            ]
        if field_name == "district":
            codes = _district_codes()
            found = [
                (offer_id, codes[value]) for offer_id, value in self._relation_pairs(field_name)
            ]
            # An offer for the whole region counts only under 00, never under its districts.
            citywide = {offer_id for offer_id, values in scalars.items() if values[4]}
            return [pair for pair in found if pair[0] not in citywide] + [
                (offer_id, CITYWIDE_CODE) for offer_id in citywide
            ]
        if field_name in _M2M:
            codes = _codes(_M2M[field_name][2])
            return [
                (offer_id, codes[value]) for offer_id, value in self._relation_pairs(field_name)
            ]
        raise ReportError(field_name)


class PublishedOffers(_OfferTable):
    """The region's offers published now."""

    def __init__(self, region: Region) -> None:
        super().__init__()
        self.region = region
        self.at = today()

    def key(self) -> Hashable:
        return ("published", self.region.pk if self.region else None)

    def fingerprint(self) -> Hashable:
        generation = SearchGeneration.objects.filter(pk=1).values_list("value", "token").first()
        providers = Provider.history.aggregate(last=Max("history_id"))["last"]
        return (generation, providers)

    def _offers(self) -> Any:
        return Offer.objects.filter(region=self.region, status=EditorialStatus.PUBLISHED)

    def _load_scalars(self) -> dict[int, tuple[int | None, int | None, int | None, int, bool]]:
        return {
            row[0]: row[1:]
            for row in self._offers().values_list(
                "id", "area_id", "kind_id", "gender_id", "provider_id", "citywide"
            )
        }

    def _provider_values(self) -> tuple[dict[int, int], dict[int, list[int]]]:
        types = dict(Provider.objects.values_list("pk", "provider_type_id"))
        networks: dict[int, list[int]] = {}
        for provider_id, network_id in Provider.networks.through.objects.values_list(
            "provider_id", "network_id"
        ):
            networks.setdefault(provider_id, []).append(network_id)
        return types, networks

    def _relation_pairs(self, field_name: str) -> Iterable[tuple[int, int]]:
        relation, column, _model = _M2M[field_name]
        through = Offer._meta.get_field(relation).remote_field.through  # type: ignore[union-attr]
        return through.objects.filter(
            offer__region=self.region, offer__status=EditorialStatus.PUBLISHED
        ).values_list("offer_id", column)


def _latest_versions(model: Any, moment: dt.datetime) -> Any:
    """The newest recorded version of each object before ``moment``."""
    return (
        model.objects.filter(history_date__lt=moment)
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F("id")],
                order_by=[F("history_date").desc(), F("history_id").desc()],
            )
        )
        .filter(newest=1)
    )


class PublishedAt(_OfferTable):
    """The region's offers as recorded at the end of ``day`` (Europe/Berlin)."""

    def __init__(self, region: Region, day: dt.date) -> None:
        super().__init__()
        self.region = region
        self.at = day
        self.moment = end_of_day(day)
        self._versions: dict[int, int] = {}  # history id → offer id

    def key(self) -> Hashable:
        return ("at", self.region.pk if self.region else None, self.at)

    def fingerprint(self) -> Hashable:
        offers = Offer.history.aggregate(last=Max("history_id"))["last"]
        providers = Provider.history.aggregate(last=Max("history_id"))["last"]
        # "today" ends in the future: versions recorded later today still count.
        return (offers, providers, self.moment > dt.datetime.now(tz=BERLIN))

    def _load_scalars(self) -> dict[int, tuple[int | None, int | None, int | None, int, bool]]:
        rows = _latest_versions(Offer.history.model, self.moment).values_list(
            "history_id",
            "id",
            "history_type",
            "status",
            "region_id",
            "area_id",
            "kind_id",
            "gender_id",
            "provider_id",
            "citywide",
        )
        scalars = {}
        for history_id, offer_id, kind, status, region_id, *values in rows:
            if kind == "-" or status != EditorialStatus.PUBLISHED or region_id != self.region.pk:  # type: ignore[union-attr]
                continue
            self._versions[history_id] = offer_id
            scalars[offer_id] = tuple(values)
        return scalars

    def _provider_values(self) -> tuple[dict[int, int], dict[int, list[int]]]:
        # Providers without a version before the day (none should exist: every save records
        # one) keep their present values rather than vanish from the tables.
        types = dict(Provider.objects.values_list("pk", "provider_type_id"))
        networks: dict[int, list[int]] = {}
        for provider_id, network_id in Provider.networks.through.objects.values_list(
            "provider_id", "network_id"
        ):
            networks.setdefault(provider_id, []).append(network_id)
        versions: dict[int, int] = {}
        for history_id, provider_id, type_id in _latest_versions(
            Provider.history.model,
            self.moment,
        ).values_list("history_id", "id", "provider_type_id"):
            versions[history_id] = provider_id
            types[provider_id] = type_id
            networks[provider_id] = []
        recorded = apps.get_model("directory", "HistoricalProvider_networks")
        for history_id, network_id in recorded.objects.filter(
            history__history_date__lt=self.moment
        ).values_list("history_id", "network_id"):
            recorded_provider = versions.get(history_id)
            if recorded_provider is not None:
                networks[recorded_provider].append(network_id)
        return types, networks

    def _relation_pairs(self, field_name: str) -> Iterable[tuple[int, int]]:
        self.scalars()
        relation, column, _model = _M2M[field_name]
        recorded = apps.get_model("directory", f"HistoricalOffer_{relation}")
        versions = self._versions
        return [
            (versions[history_id], value)
            for history_id, value in recorded.objects.filter(
                history__history_date__lt=self.moment
            ).values_list("history_id", column)
            if history_id in versions
        ]


class OfferRows(Source):
    """Offers given as rows, e.g. a survey round's snapshot."""

    def __init__(
        self,
        key: Hashable,
        rows: Iterable[OfferRow],
        *,
        region: Region | None = None,
        at: dt.date | None = None,
        label: str = "",
        short_label: str = "",
        provider_columns: Mapping[str, str] | None = None,
    ) -> None:
        self._key = key
        self.rows = list(rows)
        self.region = region
        self.at = at or today()
        self.label = label
        self.short_label = short_label or label
        # provider type code → its report column as it was (a snapshot's own), else today's
        self.provider_columns = dict(provider_columns or {})

    def folding(self, name: str) -> Callable[[str], tuple[str, ...]] | None:
        today = folding(name)
        if name != "provider_type_seed" or not self.provider_columns or today is None:
            return today
        columns, fallback = self.provider_columns, today
        return lambda code: (columns[code],) if code in columns else fallback(code)

    def key(self) -> Hashable:
        return ("rows", self._key)

    def fingerprint(self) -> Hashable:
        return id(self)

    def offer_ids(self) -> list[int]:
        return sorted({row.offer_id for row in self.rows})

    def pairs(self, field_name: str) -> Iterable[Pair]:
        return [
            (row.offer_id, code) for row in self.rows for code in row.values.get(field_name, ())
        ]


# --- survey rounds (hook for the surveys app) ------------------------------------------------

SnapshotLoader = Callable[[str], "OfferRows | None"]
RoundLister = Callable[[Region], list[tuple[str, str]]]
_snapshot_loader: SnapshotLoader | None = None
_round_lister: RoundLister | None = None


def register_snapshot_loader(loader: SnapshotLoader, *, rounds: RoundLister | None = None) -> None:
    """Called by the surveys app: ``loader(round_key)`` returns the round's snapshot as
    ``OfferRows`` (with region, date and label set), or None for an unknown round; ``rounds(region)``
    lists the region's rounds as (key, label) for the staff pages."""
    global _snapshot_loader, _round_lister
    _snapshot_loader = loader
    _round_lister = rounds


def unregister_snapshot_loader() -> None:
    global _snapshot_loader, _round_lister
    _snapshot_loader = None
    _round_lister = None


def snapshots_available() -> bool:
    return _snapshot_loader is not None


def snapshot_rounds(region: Region) -> list[tuple[str, str]]:
    """The region's survey rounds with a snapshot, as (key, label); empty without surveys."""
    return list(_round_lister(region)) if _round_lister is not None else []


def snapshot(round_key: str, region: Region | None = None) -> OfferRows:
    """The round's snapshot as a source (of ``region``, when given)."""
    if _snapshot_loader is None:
        raise ReportError(_("Befragungsrunden sind in dieser Installation nicht verfügbar."))
    rows = _snapshot_loader(round_key)
    if rows is None or (region is not None and rows.region is not None and rows.region != region):
        raise ReportError(_("Unbekannte Befragungsrunde „%(key)s“.") % {"key": round_key})
    return rows


# --- datasets ------------------------------------------------------------------------------------


def bitset(positions: Iterable[int], size: int) -> int:
    buffer = bytearray((size >> 3) + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


class Dataset:
    """The offers of one source as bitsets per field and code; fields load on first use."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.region = source.region
        self.at = source.at
        self.ids = source.offer_ids()
        self.positions = {offer_id: position for position, offer_id in enumerate(self.ids)}
        self.everything = (1 << len(self.ids)) - 1
        self._fields: dict[str, dict[str, int]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.ids)

    def field(self, name: str) -> dict[str, int]:
        """Code → bitset of the offers having that code in field ``name``."""
        if name not in FIELDS:
            raise ReportError(name)
        found = self._fields.get(name)
        if found is None:
            with self._lock:
                found = self._fields.get(name)
                if found is None:
                    found = self._fields[name] = self._build(name)
        return found

    def _build(self, name: str) -> dict[str, int]:
        grouped: dict[str, list[int]] = {}
        positions = self.positions
        for offer_id, code in self.source.pairs(name):
            position = positions.get(offer_id)
            if position is not None:
                grouped.setdefault(code, []).append(position)
        size = len(self.ids)
        return {code: bitset(found, size) for code, found in grouped.items()}

    def members(self, bits: int) -> list[int]:
        """The offer ids of a bitset."""
        data = bits.to_bytes((len(self.ids) >> 3) + 1, "little")
        ids = self.ids
        found = []
        for index, byte in enumerate(data):
            while byte:
                low = byte & -byte
                found.append(ids[(index << 3) + low.bit_length() - 1])
                byte ^= low
        return found


_CACHE_SIZE = 8
_cache: OrderedDict[Hashable, tuple[Hashable, Dataset]] = OrderedDict()
_cache_lock = threading.Lock()


def dataset(source: Source) -> Dataset:
    """The source's dataset, kept per process until the source's fingerprint changes."""
    if isinstance(source, OfferRows):
        return Dataset(source)
    key, fingerprint = source.key(), source.fingerprint()
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == fingerprint:
            _cache.move_to_end(key)
            return cached[1]
    built = Dataset(source)
    with _cache_lock:
        _cache[key] = (fingerprint, built)
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return built


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def source_for(region: Region, at: dt.date | None = None) -> Source:
    """Published offers now (``at`` None) or as recorded at the end of ``at``."""
    if at is None:
        return PublishedOffers(region)
    return PublishedAt(region, at)
