"""Searching published offers: text that tolerates what people type, and facets with counts.

One interface on both databases (``backends``): German inflection, typos, umlauts typed as
ae/oe/ue, synonyms (``data/synonyms.toml``) and the translations of the reader's language.
Facet counts follow the usual rule of faceted search: the counts of one facet take every other
active filter into account, not its own, so that choosing a second value never shows zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from django.db.models import QuerySet

from wegweiser.directory.models import (
    AgeGroup,
    Area,
    Language,
    Offer,
    OfferKind,
    ProviderType,
    Region,
    TargetGroup,
)
from wegweiser.directory.search import backends, catalog
from wegweiser.directory.search.synonyms import expansions
from wegweiser.directory.search.text import words

MAX_QUERY_WORDS = 8

SORTS = ("relevance", "name", "verified")

# facet name → (vocabulary model, Offer lookup of the code)
VOCABULARY_FACETS: dict[str, tuple[Any, str]] = {
    "area": (Area, "area__code"),
    "age": (AgeGroup, "age_groups__code"),
    "target": (TargetGroup, "target_groups__code"),
    "language": (Language, "languages__code"),
    "provider_type": (ProviderType, "provider__provider_type__code"),
    "kind": (OfferKind, "kind__code"),
}
GENDER_CHOICES = ("frauen", "maenner")


@dataclass(frozen=True)
class Filters:
    """The active filters; several values of one facet mean "any of them"."""

    region: Region | None = None
    area: tuple[str, ...] = ()
    age: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    provider_type: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    gender: tuple[str, ...] = ()
    district: tuple[str, ...] = ()
    free: bool = False
    barrier_free: bool = False

    def without(self, facet: str) -> Filters:
        empty: Any = False if facet in ("free", "barrier_free") else ()
        return replace(self, **{facet: empty})


@dataclass
class FacetValue:
    code: str
    item: Any  # the vocabulary value or district, or None for yes/no facets
    count: int
    selected: bool


@dataclass
class SearchResult:
    """``ordered`` is the matching offers' ids in order: a list, or a QuerySet that the
    database orders and slices (a Paginator takes either)."""

    ordered: Sequence[int] | QuerySet[Offer, int]
    facets: dict[str, list[FacetValue]]
    citywide_count: int = 0
    expanded: dict[str, list[str]] = field(default_factory=dict)

    @property
    def offer_ids(self) -> list[int]:
        return list(self.ordered)

    @property
    def total(self) -> int:
        ordered = self.ordered
        return ordered.count() if isinstance(ordered, QuerySet) else len(ordered)


def _indexed(word: str) -> bool:
    from wegweiser.directory.models import SearchWord

    return SearchWord.objects.filter(word__startswith=word).exists()


def parse_query(
    text: str, backend: backends.SearchBackend, shelf: catalog.Catalog
) -> list[tuple[str, ...]]:
    """The query's groups of alternatives: each word, its synonyms and, when unknown, the
    indexed words closest in spelling."""
    groups: list[tuple[str, ...]] = []
    for word in words(text)[:MAX_QUERY_WORDS]:
        alternatives = [word, *expansions(word)]
        if not shelf.remembered("known", word, _indexed):
            alternatives += shelf.remembered("similar", word, backend.similar)
        groups.append(tuple(dict.fromkeys(alternatives)))
    return groups


class Ordered(Sequence[int]):
    """The matching offers' ids in order, worked out only as far as a page needs.

    ``tiers`` are disjoint bitsets, best first (for relevance: the offers with every word in
    the title, then with some, then the rest); within a tier the order is by ``sort``: the
    catalog's rank of each offer by title or by verified date, of which only the first ones
    asked for are sorted (a partial selection, whatever the size of the tier).
    """

    def __init__(self, shelf: catalog.Catalog, tiers: list[int], sort: str = "name") -> None:
        self.shelf = shelf
        self.tiers = tiers
        self.rank = shelf.verified_rank if sort == "verified" else shelf.name_rank
        self.size = sum(tier.bit_count() for tier in tiers)
        self._done: list[int] = []

    def __len__(self) -> int:
        return self.size

    def _fill(self, stop: int | None) -> None:
        """Work out the first ``stop`` ids (all when None)."""
        stop = self.size if stop is None else min(stop, self.size)
        if len(self._done) >= stop:
            return
        done: list[int] = []
        for tier in self.tiers:
            wanted = stop - len(done)
            if wanted <= 0:
                break
            positions = self.shelf.positions_of(tier)
            ranks = self.rank[positions]
            if len(ranks) > wanted:
                first = np.argpartition(ranks, wanted - 1)[:wanted]
                positions, ranks = positions[first], ranks[first]
            done += self.shelf.ids_at(positions[np.argsort(ranks)])
        self._done = done

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            self._fill(None if index.stop is None or index.stop < 0 else index.stop)
            return self._done[index]
        self._fill(index + 1 if index >= 0 else None)
        return self._done[index]

    def __iter__(self) -> Iterator[int]:
        self._fill(None)
        return iter(self._done)


def _filter_bits(shelf: catalog.Catalog, filters: Filters) -> dict[str, int]:
    """Each active filter as a bitset (the facets' own filters are left out when counting)."""
    active: dict[str, int] = {}
    if filters.region is not None:
        active["region"] = shelf.bits.get(("region", filters.region.pk), 0)
    for facet in VOCABULARY_FACETS:
        codes = getattr(filters, facet)
        if codes:
            active[facet] = shelf.any_of((facet, code) for code in codes)
    if filters.gender:
        active["gender"] = shelf.any_of(("gender", code) for code in filters.gender)
    if filters.district:
        chosen = [
            district
            for district in shelf.districts
            if district.code in filters.district
            and (filters.region is None or district.region_id == filters.region.pk)
        ]
        active["district"] = shelf.any_of(
            [("district", d.pk) for d in chosen] + [("citywide", d.region_id) for d in chosen]
        )
    if filters.free:
        active["free"] = shelf.bits.get(("free", True), 0)
    if filters.barrier_free:
        active["barrier_free"] = shelf.bits.get(("barrier_free", True), 0)
    return active


def _all_but(base: int, active: dict[str, int], facet: str) -> int:
    result = base
    for name, bits in active.items():
        if name != facet:
            result &= bits
    return result


def _facets(
    shelf: catalog.Catalog, base: int, active: dict[str, int], filters: Filters
) -> tuple[dict[str, list[FacetValue]], int]:
    bits = shelf.bits
    facets: dict[str, list[FacetValue]] = {}
    for facet in VOCABULARY_FACETS:
        among = _all_but(base, active, facet)
        selected = getattr(filters, facet)
        values = []
        for item in shelf.vocabularies[facet]:
            count = (among & bits.get((facet, item.code), 0)).bit_count()
            if count or item.code in selected:
                values.append(FacetValue(item.code, item, count, item.code in selected))
        facets[facet] = values
    among = _all_but(base, active, "gender")
    facets["gender"] = [
        FacetValue(
            code,
            shelf.genders.get(code),
            (among & bits.get(("gender", code), 0)).bit_count(),
            code in filters.gender,
        )
        for code in GENDER_CHOICES
    ]
    among = _all_but(base, active, "district")
    citywide: dict[int, int] = {}
    districts = []
    for district in shelf.districts:
        if filters.region is not None and district.region_id != filters.region.pk:
            continue
        if district.region_id not in citywide:
            citywide[district.region_id] = (
                among & bits.get(("citywide", district.region_id), 0)
            ).bit_count()
        count = (among & bits.get(("district", district.pk), 0)).bit_count()
        count += citywide[district.region_id]
        selected = district.code in filters.district
        if count or selected:
            districts.append(FacetValue(district.code, district, count, selected))
    facets["district"] = districts
    for flag in ("free", "barrier_free"):
        among = _all_but(base, active, flag)
        count = (among & bits.get((flag, True), 0)).bit_count()
        selected = getattr(filters, flag)
        facets[flag] = [FacetValue("1", None, count, selected)] if count or selected else []
    return facets, sum(citywide.values())


def search_offers(
    text: str = "",
    filters: Filters | None = None,
    *,
    language: str = "de",
    sort: str = "relevance",
) -> SearchResult:
    """Published offers matching ``text`` and ``filters``, ordered, with the facets' counts.

    The database matches the text (one query); the catalog filters, counts and orders.
    """
    filters = filters or Filters()
    shelf = catalog.current()
    backend = backends.backend()
    language = language.split("-")[0]
    groups = parse_query(text, backend, shelf) if text.strip() else []
    base = shelf.live
    in_title: list[int] = []
    for group in groups:

        def fetch(group: tuple[str, ...] = group) -> backends.Match:
            return backend.match(group, language)

        found, found_in_title = shelf.matches((language, group), fetch)
        base &= found
        in_title.append(found_in_title)
    active = _filter_bits(shelf, filters)
    matching = _all_but(base, active, "")
    facets, citywide_count = _facets(shelf, base, active, filters)
    if groups and sort == "relevance":
        every_word = matching
        for bits in in_title:
            every_word &= bits
        some_word = 0
        for bits in in_title:
            some_word |= matching & bits
        some_word &= ~every_word
        ordered = Ordered(shelf, [every_word, some_word, matching & ~(every_word | some_word)])
    else:
        ordered = Ordered(shelf, [matching], "verified" if sort == "verified" else "name")
    expanded = {group[0]: list(group[1:]) for group in groups if len(group) > 1}
    return SearchResult(ordered, facets, citywide_count, expanded)
