"""What other apps may call of the directory (besides the models and their QuerySets)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest

from wegweiser.directory.models import Area, District, EditorialStatus, Offer, Region


def regions_with_published_offer_counts() -> QuerySet[Region]:
    """The regions in their order, each annotated with ``published_offers``."""
    return Region.objects.annotate(
        published_offers=Count("offers", filter=Q(offers__status=EditorialStatus.PUBLISHED))
    ).order_by("order", "name")


# --- Public site: home page, district pages and the map ------------------------------------------


def _published() -> Q:
    return Q(offers__status=EditorialStatus.PUBLISHED)


def citywide_offer_counts() -> dict[int, int]:
    """Region id → the number of its published offers for the whole region (regions without
    one are missing)."""
    rows = (
        Offer.objects.published()
        .citywide()
        .values_list("region")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def districts_with_offer_counts(regions: Iterable[Region]) -> list[tuple[District, int]]:
    """The districts of ``regions`` in their order, each with the number of published offers
    for that district itself; offers for the whole region are not counted."""
    districts = District.objects.filter(region__in=list(regions))
    counts = dict(
        districts.values_list("pk")
        .annotate(
            count=Count("offers", filter=_published() & Q(offers__citywide=False), distinct=True)
        )
        .order_by()
    )
    ordered = districts.order_by("region__order", "region__name", "code")
    return [(district, counts.get(district.pk, 0)) for district in ordered]


def areas_with_published_offer_counts() -> QuerySet[Area]:
    """The active areas in their order, each annotated with ``published_offers``."""
    return (
        Area.objects.filter(active=True)
        .annotate(published_offers=Count("offers", filter=_published()))
        .order_by("order", "code")
    )


def recently_added_or_verified_offers(limit: int = 10) -> QuerySet[Offer]:
    """The published offers most recently added or re-verified, newest first; each annotated
    with ``last_checked`` (the later of ``created_at`` and ``verified_at``)."""
    # Coalesce: GREATEST with a NULL is NULL on SQLite, but skips it on PostgreSQL.
    last_checked = Greatest("created_at", Coalesce("verified_at", "created_at"))
    return (
        Offer.objects.published()
        .select_related("area", "region", "provider")
        .prefetch_related("translations")
        .annotate(last_checked=last_checked)
        .order_by("-last_checked", "-pk")[:limit]
    )


def published_offers_serving(district: District) -> QuerySet[Offer]:
    """The published offers for people in ``district``: its own first, then the region-wide
    ones, each by title."""
    return (
        Offer.objects.published()
        .serving(district)
        .select_related("area", "provider")
        .prefetch_related("translations")
        .order_by("citywide", "title", "pk")
    )
