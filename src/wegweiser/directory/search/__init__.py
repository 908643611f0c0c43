"""Searching published offers: text that tolerates what people type, and facets with counts.

One interface on both databases (``backends``): German inflection, typos, umlauts typed as
ae/oe/ue, synonyms (``data/synonyms.toml``) and the translations of the reader's language.
Facet counts follow the usual rule of faceted search: the counts of one facet take every other
active filter into account, not its own, so that choosing a second value never shows zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower

from wegweiser.directory.models import (
    AgeGroup,
    Area,
    District,
    Gender,
    Language,
    Offer,
    OfferKind,
    ProviderType,
    Region,
    TargetGroup,
)
from wegweiser.directory.search import backends
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


def parse_query(text: str, backend: backends.SearchBackend) -> list[tuple[str, ...]]:
    """The query's groups of alternatives: each word, its synonyms and, when unknown, the
    indexed words closest in spelling."""
    from wegweiser.directory.models import SearchWord

    groups: list[tuple[str, ...]] = []
    for word in words(text)[:MAX_QUERY_WORDS]:
        alternatives = [word, *expansions(word)]
        if not SearchWord.objects.filter(word__startswith=word).exists():
            alternatives += backend.similar(word)
        groups.append(tuple(dict.fromkeys(alternatives)))
    return groups


def _districts(filters: Filters) -> QuerySet[District]:
    districts = District.objects.filter(code__in=filters.district)
    return districts.filter(region=filters.region) if filters.region else districts


def apply_filters(offers: QuerySet[Offer], filters: Filters) -> QuerySet[Offer]:
    if filters.region is not None:
        offers = offers.filter(region=filters.region)
    for facet, (_model, lookup) in VOCABULARY_FACETS.items():
        codes = getattr(filters, facet)
        if codes:
            offers = offers.filter(
                id__in=Offer.objects.filter(**{f"{lookup}__in": codes}).values("id")
            )
    if filters.gender:
        offers = offers.filter(gender__code__in=[*filters.gender, Gender.ALL])
    if filters.district:
        districts = list(_districts(filters))
        offers = offers.filter(
            Q(citywide=True, region__in={d.region_id for d in districts})
            | Q(id__in=Offer.objects.filter(districts__in=districts).values("id"))
        )
    if filters.free:
        offers = offers.filter(cost=Offer.Cost.FREE)
    if filters.barrier_free:
        offers = offers.filter(barrier_free=True)
    return offers


def _vocabulary_facet(
    offers: QuerySet[Offer], facet: str, selected: tuple[str, ...]
) -> list[FacetValue]:
    model, lookup = VOCABULARY_FACETS[facet]
    counts = dict(
        offers.order_by()
        .values_list(lookup)
        .annotate(count=Count("id", distinct=True))
        .values_list(lookup, "count")
    )
    return [
        FacetValue(item.code, item, counts.get(item.code, 0), item.code in selected)
        for item in model.objects.filter(active=True)
        if counts.get(item.code) or item.code in selected
    ]


def _gender_facet(offers: QuerySet[Offer], selected: tuple[str, ...]) -> list[FacetValue]:
    counts = offers.aggregate(
        **{
            code: Count("id", distinct=True, filter=Q(gender__code__in=[code, Gender.ALL]))
            for code in GENDER_CHOICES
        }
    )
    genders = {gender.code: gender for gender in Gender.objects.filter(code__in=GENDER_CHOICES)}
    return [
        FacetValue(code, genders.get(code), counts[code], code in selected)
        for code in GENDER_CHOICES
    ]


def _district_facet(offers: QuerySet[Offer], filters: Filters) -> tuple[list[FacetValue], int]:
    """Per district: offers for it plus the region-wide ones; and the region-wide count."""
    citywide = dict(
        offers.filter(citywide=True).order_by().values_list("region").annotate(count=Count("id"))
    )
    specific = dict(
        offers.filter(districts__isnull=False)
        .order_by()
        .values_list("districts")
        .annotate(count=Count("id", distinct=True))
    )
    districts = District.objects.select_related("region")
    if filters.region is not None:
        districts = districts.filter(region=filters.region)
    values = []
    for district in districts:
        count = specific.get(district.pk, 0) + citywide.get(district.region_id, 0)
        selected = district.code in filters.district
        if count or selected:
            values.append(FacetValue(district.code, district, count, selected))
    return values, sum(citywide.values())


def _flag_facet(
    offers: QuerySet[Offer], condition: Q, selected: bool, code: str
) -> list[FacetValue]:
    count = offers.filter(condition).count()
    return [FacetValue(code, None, count, selected)] if count or selected else []


def search_offers(
    text: str = "",
    filters: Filters | None = None,
    *,
    language: str = "de",
    sort: str = "relevance",
) -> SearchResult:
    """Published offers matching ``text`` and ``filters``, ordered, with the facets' counts."""
    filters = filters or Filters()
    base = Offer.objects.published()
    backend = backends.backend()
    groups = parse_query(text, backend) if text.strip() else []
    language = language.split("-")[0]
    if groups:
        # The text is matched once; every later query (count, facets) reuses the ids.
        matched = [row[0] for row in backends.run_ids(*backend.filter_sql(groups, language))]
        base = base.filter(backend.id_filter(matched))

    matching = apply_filters(base, filters)
    ordered: Sequence[int] | QuerySet[Offer, int]
    if sort == "verified":
        ordered = matching.order_by(F("verified_at").desc(nulls_last=True), "id").values_list(
            "id", flat=True
        )
    elif sort == "name" or not groups:
        ordered = matching.order_by(Lower("title"), "id").values_list("id", flat=True)
    else:
        # Relevance: the matches of a text are few enough to order here by their scores.
        scores = dict(backends.run(*backend.match_sql(groups, language)))
        rows = list(matching.values_list("id", "title"))
        rows.sort(key=lambda row: (-scores.get(row[0], 0.0), row[1].casefold(), row[0]))
        ordered = [row[0] for row in rows]

    facets: dict[str, list[FacetValue]] = {}
    for facet in VOCABULARY_FACETS:
        facets[facet] = _vocabulary_facet(
            apply_filters(base, filters.without(facet)), facet, getattr(filters, facet)
        )
    facets["gender"] = _gender_facet(apply_filters(base, filters.without("gender")), filters.gender)
    facets["district"], citywide_count = _district_facet(
        apply_filters(base, filters.without("district")), filters
    )
    facets["free"] = _flag_facet(
        apply_filters(base, filters.without("free")), Q(cost=Offer.Cost.FREE), filters.free, "1"
    )
    facets["barrier_free"] = _flag_facet(
        apply_filters(base, filters.without("barrier_free")),
        Q(barrier_free=True),
        filters.barrier_free,
        "1",
    )
    expanded = {group[0]: list(group[1:]) for group in groups if len(group) > 1}
    return SearchResult(ordered, facets, citywide_count, expanded)
