"""The data-quality report for editors: what is missing, stale or probably doubled.

It looks at the region's current offers (drafts, in review and published; archived ones are
done with) and at all providers:

- offers missing an area, an age group, a district (neither region-wide nor districts) or a
  language of delivery;
- projects without an end date;
- stale entries: published offers last confirmed longer ago than the public notice period
  (``WEGWEISER_STALE_NOTICE_AFTER_MONTHS``);
- likely duplicates: offers of the same provider whose titles are equal after folding case,
  punctuation and umlauts, or very similar (``SIMILARITY``);
- providers without any current offer.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from wegweiser.directory.models import EditorialStatus, Offer, OfferKind, Provider, Region

SIMILARITY = 0.88
# Pairwise comparison is quadratic: providers with more current offers are compared by their
# folded titles only.
PAIRWISE_LIMIT = 300
LIST_LIMIT = 200


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    index = moment.month - 1 - months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def folded_title(title: str) -> str:
    text = unicodedata.normalize("NFKD", title.casefold().replace("ß", "ss"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.findall(r"\w+", text))


@dataclass
class Finding:
    key: str
    offers: list[Offer] = field(default_factory=list)
    count: int = 0


@dataclass
class Duplicate:
    first: Offer
    second: Offer
    similarity: int  # percent


@dataclass
class QualityReport:
    region: Region
    missing: list[Finding]
    projects_without_end: Finding
    stale: Finding
    stale_before: dt.datetime
    duplicates: list[Duplicate]
    providers_without_offers: list[Provider]


def current_offers(region: Region) -> QuerySet[Offer]:
    return Offer.objects.filter(region=region).exclude(status=EditorialStatus.ARCHIVED)


def _finding(key: str, offers: QuerySet[Offer]) -> Finding:
    offers = offers.select_related("provider").order_by("title", "pk")
    return Finding(key, list(offers[:LIST_LIMIT]), offers.count())


def build(region: Region, now: dt.datetime | None = None) -> QualityReport:
    now = now or timezone.now()
    offers = current_offers(region)
    through = {
        name: Offer._meta.get_field(name).remote_field.through  # type: ignore[union-attr]
        for name in ("age_groups", "districts", "languages")
    }

    def having(name: str) -> Exists:
        return Exists(through[name].objects.filter(offer_id=OuterRef("pk")))

    missing = [
        _finding("area", offers.filter(area__isnull=True)),
        _finding("age_group", offers.filter(~having("age_groups"))),
        _finding("district", offers.filter(Q(citywide=False) & ~having("districts"))),
        _finding("language", offers.filter(~having("languages"))),
    ]
    limit = months_before(now, settings.WEGWEISER_STALE_NOTICE_AFTER_MONTHS)
    stale = _finding(
        "stale",
        offers.filter(status=EditorialStatus.PUBLISHED)
        .annotate(confirmed=Coalesce("verified_at", "created_at"))
        .filter(confirmed__lt=limit),
    )
    projects = _finding(
        "project_without_end", offers.filter(kind__code=OfferKind.PROJECT, end_date__isnull=True)
    )
    with_offers = Offer.objects.exclude(status=EditorialStatus.ARCHIVED)
    providers = list(
        Provider.objects.exclude(status=EditorialStatus.ARCHIVED)
        .exclude(Exists(with_offers.filter(provider_id=OuterRef("pk"))))
        .exclude(Exists(with_offers.filter(partners=OuterRef("pk"))))
        .order_by("name")[:LIST_LIMIT]
    )
    return QualityReport(
        region=region,
        missing=missing,
        projects_without_end=projects,
        stale=stale,
        stale_before=limit,
        duplicates=likely_duplicates(offers),
        providers_without_offers=providers,
    )


def likely_duplicates(offers: QuerySet[Offer]) -> list[Duplicate]:
    """Pairs of offers of one provider with equal or very similar titles."""
    by_provider: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, provider_id, title in offers.order_by("pk").values_list("pk", "provider_id", "title"):
        by_provider[provider_id].append((pk, folded_title(title)))
    pairs: list[tuple[int, int, int]] = []
    for entries in by_provider.values():
        if len(entries) > PAIRWISE_LIMIT:
            groups: dict[str, list[int]] = defaultdict(list)
            for pk, title in entries:
                groups[title].append(pk)
            for same in groups.values():
                pairs += [(same[0], other, 100) for other in same[1:]]
            continue
        for index, (pk, title) in enumerate(entries):
            matcher = SequenceMatcher(None, b=title)
            for other_pk, other in entries[index + 1 :]:
                matcher.set_seq1(other)
                if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
                    continue
                ratio = matcher.ratio()
                if ratio >= SIMILARITY:
                    pairs.append((pk, other_pk, round(ratio * 100)))
        if len(pairs) > LIST_LIMIT:
            break
    pairs = pairs[:LIST_LIMIT]
    loaded = Offer.objects.select_related("provider").in_bulk(
        {pk for first, second, _ in pairs for pk in (first, second)}
    )
    return [Duplicate(loaded[first], loaded[second], ratio) for first, second, ratio in pairs]
