"""The published offers' facet values as bitsets in memory, for filtering and counting.

Counting ten facets over tens of thousands of matching offers with SQL joins costs a query per
facet; a search engine instead keeps one bitset per facet value ("doc values") and counts by
intersecting them. That is what this module does, with Python integers as bitsets: bit ``p``
stands for the offer at position ``p``. An intersection of two 100,000-bit sets and its
``bit_count()`` take microseconds.

The catalog is derived data and never stale: ``reindex`` (the single funnel of changes to the
search data) records every change in ``SearchChange`` under a new generation of the single
``SearchGeneration`` row, and ``current()`` compares that row with the catalog's own on every
search, in the same database connection. A catalog behind by a few changes reloads only the
changed offers; one whose generation is unknown (rolled back, restored, flushed) is rebuilt.
The text match itself stays in the database (``backends``); this is not a cache of responses.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from django.db import connection
from django.db.models.functions import Lower

from wegweiser.directory.models import (
    AgeGroup,
    Area,
    District,
    EditorialStatus,
    Gender,
    Language,
    Offer,
    OfferKind,
    ProviderType,
    Region,
    SearchChange,
    SearchGeneration,
    TargetGroup,
)

# A catalog more than this many changed offers behind is rebuilt instead of patched.
PATCH_LIMIT = 2000
# Groups of words whose matches a catalog keeps (two bitsets of N/8 bytes each).
TERM_LIMIT = 1000

GENDER_CHOICES = ("frauen", "maenner")

# facet name → vocabulary model, in the order the facets are counted
VOCABULARIES: dict[str, Any] = {
    "area": Area,
    "age": AgeGroup,
    "target": TargetGroup,
    "language": Language,
    "provider_type": ProviderType,
    "kind": OfferKind,
}

Key = tuple[str, Any]

# The many-to-many facets, whose values ``linked`` gives per offer.
LINKED = ("age", "target", "language", "district")


# --- recording changes (called by search.index inside the changing transaction) ----------------


def record_change(offer_ids: Iterable[int | None]) -> None:
    """Number this change and note which offers it touched (None: possibly all of them)."""
    token = uuid.uuid4().hex
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE directory_searchgeneration SET value = value + 1, token = %s WHERE id = 1",
            [token],
        )
        if cursor.rowcount == 0:  # the row is gone (e.g. after a flush): start again
            SearchGeneration.objects.create(pk=1, value=1, token=token)
        cursor.execute("SELECT value FROM directory_searchgeneration WHERE id = 1")
        generation = cursor.fetchone()[0]
    SearchChange.objects.bulk_create(
        [SearchChange(generation=generation, token=token, offer_id=pk) for pk in offer_ids],
        batch_size=1000,
    )
    # Old changes are only needed by catalogs that are a little behind.
    SearchChange.objects.filter(generation__lt=generation - 1000).delete()


def _database_generation() -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value, token FROM directory_searchgeneration WHERE id = 1")
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "")


# --- the catalog --------------------------------------------------------------------------------


@dataclass
class Catalog:
    generation: int = 0
    token: str = ""
    positions: dict[int, int] = field(default_factory=dict)  # offer id → bit position
    ids: list[int] = field(default_factory=list)  # bit position → offer id (0: free)
    keys: list[tuple[Key, ...]] = field(default_factory=list)  # position → its facet keys
    titles: list[str] = field(default_factory=list)  # position → folded title
    verified: list[float] = field(default_factory=list)  # position → timestamp or -1
    bits: dict[Key, int] = field(default_factory=dict)
    live: int = 0
    # position → rank by title, and by verified date (most recent first); free positions last
    name_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    verified_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    vocabularies: dict[str, list[Any]] = field(default_factory=dict)
    genders: dict[str, Any] = field(default_factory=dict)
    districts: list[District] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    codes: dict[str, list[str]] = field(default_factory=dict)  # facet → every code, inactive too
    # facet (and "gender") → code → vocabulary value, inactive ones too, in the vocabulary's order
    all_values: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Per generation: what the database answered for a group of words (see ``matches``).
    terms: dict[Any, tuple[int, int]] = field(default_factory=dict)
    words: dict[tuple[str, str], Any] = field(default_factory=dict)
    # offer id → bit position, -1 where none: turns the database's matches into bitsets fast
    lookup: np.ndarray = field(default_factory=lambda: np.full(1, -1, dtype=np.int64))

    # -- building --------------------------------------------------------------------------------

    def copy(self) -> Catalog:
        return Catalog(
            self.generation,
            self.token,
            dict(self.positions),
            list(self.ids),
            list(self.keys),
            list(self.titles),
            list(self.verified),
            dict(self.bits),
            self.live,
            np.zeros(0, dtype=np.int64),
            np.zeros(0, dtype=np.int64),
            self.vocabularies,
            self.genders,
            self.districts,
            self.regions,
            self.codes,
            self.all_values,
        )

    def _remove(self, offer_id: int) -> None:
        position = self.positions.pop(offer_id, None)
        if position is None:
            return
        mask = ~(1 << position)
        for key in self.keys[position]:
            self.bits[key] &= mask
        self.live &= mask
        self.ids[position] = 0
        self.keys[position] = ()

    def _add(self, offer_id: int, keys: tuple[Key, ...], title: str, verified: float) -> None:
        position = len(self.ids)
        self.ids.append(offer_id)
        self.keys.append(keys)
        self.titles.append(title)
        self.verified.append(verified)
        self.positions[offer_id] = position
        bit = 1 << position
        for key in keys:
            self.bits[key] = self.bits.get(key, 0) | bit
        self.live |= bit

    def _load(self, offer_ids: list[int] | None) -> None:
        """(Re)load these offers (all published ones when None) from the database."""
        offers = Offer.objects.filter(status=EditorialStatus.PUBLISHED)
        if offer_ids is not None:
            for offer_id in offer_ids:
                self._remove(offer_id)
            offers = offers.filter(id__in=offer_ids)
        rows = list(
            offers.order_by("id").values_list(
                "id",
                "region_id",
                "area__code",
                "kind__code",
                "provider__provider_type__code",
                "gender__code",
                "citywide",
                "cost",
                "barrier_free",
                "verified_at",
                Lower("title"),
            )
        )
        ids = [row[0] for row in rows]
        many: dict[int, list[Key]] = {offer_id: [] for offer_id in ids}
        through = Offer._meta
        for facet, relation, column in (
            ("age", "age_groups", "agegroup__code"),
            ("target", "target_groups", "targetgroup__code"),
            ("language", "languages", "language__code"),
            ("district", "districts", "district_id"),
        ):
            links = through.get_field(relation).remote_field.through.objects  # type: ignore[union-attr]
            if offer_ids is not None:
                links = links.filter(offer_id__in=ids)
            for offer_id, value in links.values_list("offer_id", column).iterator(chunk_size=5000):
                if offer_id in many:
                    many[offer_id].append((facet, value))
        for (
            offer_id,
            region_id,
            area,
            kind,
            provider_type,
            gender,
            citywide,
            cost,
            barrier_free,
            verified_at,
            title,
        ) in rows:
            keys: list[Key] = [
                ("region", region_id),
                ("area", area),
                ("kind", kind),
                ("provider_type", provider_type),
                *many[offer_id],
            ]
            keys += [("gender", code) for code in GENDER_CHOICES if gender in (code, Gender.ALL)]
            if citywide:
                keys.append(("citywide", region_id))
            if cost == Offer.Cost.FREE:
                keys.append(("free", True))
            if barrier_free:
                keys.append(("barrier_free", True))
            stamp = verified_at.timestamp() if isinstance(verified_at, datetime) else -1.0
            self._add(offer_id, tuple(keys), title, stamp)

    def _load_labels(self) -> None:
        self.all_values = {
            facet: {item.code: item for item in model.objects.all()}
            for facet, model in (*VOCABULARIES.items(), ("gender", Gender))
        }
        self.vocabularies = {
            facet: [item for item in self.all_values[facet].values() if item.active]
            for facet in VOCABULARIES
        }
        self.genders = {
            code: item for code, item in self.all_values["gender"].items() if code in GENDER_CHOICES
        }
        self.districts = list(District.objects.select_related("region"))
        self.regions = list(Region.objects.all())
        self.codes = {facet: list(self.all_values[facet]) for facet in VOCABULARIES}
        self.codes["district"] = sorted({district.code for district in self.districts})

    def name_key(self, position: int) -> tuple[str, int]:
        return (self.titles[position], self.ids[position])

    def verified_key(self, position: int) -> tuple[float, int]:
        return (-self.verified[position], self.ids[position])

    def _rank(self, key: Callable[[int], Any]) -> np.ndarray:
        live = sorted((position for position, offer_id in enumerate(self.ids) if offer_id), key=key)
        rank = np.full(len(self.ids), len(self.ids), dtype=np.int64)
        rank[live] = np.arange(len(live))
        return rank

    def _index(self) -> None:
        self.name_rank = self._rank(self.name_key)
        self.verified_rank = self._rank(self.verified_key)
        self.lookup = np.full(max(self.positions, default=0) + 1, -1, dtype=np.int64)
        self.lookup[list(self.positions)] = list(self.positions.values())

    @classmethod
    def build(cls, generation: int, token: str) -> Catalog:
        catalog = cls(generation=generation, token=token)
        catalog._load_labels()
        catalog._load(None)
        catalog._index()
        return catalog

    def patched(self, generation: int, token: str, changed: list[int]) -> Catalog:
        catalog = self.copy()
        catalog.generation, catalog.token = generation, token
        catalog._load(changed)
        catalog._index()
        return catalog

    # -- reading ---------------------------------------------------------------------------------

    def any_of(self, keys: Iterable[Key]) -> int:
        result = 0
        for key in keys:
            result |= self.bits.get(key, 0)
        return result

    def of_ids(self, offer_ids: Sequence[int]) -> int:
        """The bitset of these offers (ids of offers not in the catalog are ignored)."""
        wanted = np.asarray(offer_ids, dtype=np.int64)
        wanted = wanted[(wanted >= 0) & (wanted < len(self.lookup))]
        positions = self.lookup[wanted]
        bits = np.zeros(len(self.ids) + 1, dtype=bool)
        bits[positions[positions >= 0]] = True
        return int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little")

    def positions_of(self, bitset: int) -> np.ndarray:
        """The bit positions set in ``bitset``, ascending."""
        data = np.frombuffer(bitset.to_bytes((len(self.ids) >> 3) + 1, "little"), dtype=np.uint8)
        return np.flatnonzero(np.unpackbits(data, bitorder="little"))

    def ids_at(self, positions: np.ndarray) -> list[int]:
        ids = self.ids
        return [ids[position] for position in positions.tolist()]

    def matches(
        self, key: Any, fetch: Callable[[], tuple[Sequence[int], Sequence[int]]]
    ) -> tuple[int, int]:
        """The offers a group of words matches, and those of them with a match in the title.

        The database's answer is kept for this generation only: a change of any offer starts a
        new catalog, so a kept answer is never stale. Like a search engine's term cache (not a
        cache of responses: every search still filters, counts, orders and renders).
        """

        def fetched() -> tuple[int, int]:
            anywhere, in_title = fetch()
            return self.of_ids(anywhere), self.of_ids(in_title)

        return _kept(self.terms, key, fetched)

    def remembered(self, kind: str, word: str, compute: Callable[[str], Any]) -> Any:
        """What ``compute`` says of ``word`` (whether an indexed word starts with it, which
        indexed words are spelled like it), kept for this generation: the indexed words change
        only with the data."""
        return _kept(self.words, (kind, word), lambda: compute(word))

    def linked(self, offer_id: int) -> dict[str, list[Any]] | None:
        """The offer's values of the many-to-many facets (``LINKED``: codes, district ids), or
        None when the offer is not published."""
        position = self.positions.get(offer_id)
        if position is None:
            return None
        linked: dict[str, list[Any]] = {facet: [] for facet in LINKED}
        for facet, value in self.keys[position]:
            if facet in linked:
                linked[facet].append(value)
        return linked


def _kept(store: dict[Any, Any], key: Any, compute: Callable[[], Any]) -> Any:
    """``store[key]``, computed when missing; at most ``TERM_LIMIT`` entries, the oldest go."""
    if key in store:
        return store[key]
    value = compute()
    if len(store) >= TERM_LIMIT:
        store.pop(next(iter(store)), None)
    store[key] = value
    return value


_lock = threading.Lock()
_catalog = Catalog(generation=-1)


def current() -> Catalog:
    """The catalog as of the database's current generation (patched or rebuilt if needed)."""
    global _catalog  # one catalog per process, replaced as a whole
    generation, token = _database_generation()
    catalog = _catalog
    if catalog.generation == generation and catalog.token == token:
        return catalog
    with _lock:
        catalog = _catalog
        if catalog.generation == generation and catalog.token == token:
            return catalog
        _catalog = _refreshed(catalog, generation, token)
        return _catalog


def _refreshed(catalog: Catalog, generation: int, token: str) -> Catalog:
    if 0 <= catalog.generation < generation:
        known = SearchChange.objects.filter(
            generation=catalog.generation, token=catalog.token
        ).exists() or (catalog.generation == 0 and not catalog.token)
        changes = list(
            SearchChange.objects.filter(generation__gt=catalog.generation)
            .values_list("generation", "offer_id")
            .distinct()[: PATCH_LIMIT + 1]
        )
        complete = {g for g, _ in changes} >= set(range(catalog.generation + 1, generation + 1))
        changed = {offer_id for _, offer_id in changes}
        if known and complete and None not in changed and len(changed) <= PATCH_LIMIT:
            return catalog.patched(generation, token, sorted(changed))  # type: ignore[arg-type]
    return Catalog.build(generation, token)
