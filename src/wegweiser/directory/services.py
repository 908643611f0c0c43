"""What other apps may call of the directory (besides the models and their QuerySets)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from wegweiser.directory.models import EditorialStatus, Region


def regions_with_published_offer_counts() -> QuerySet[Region]:
    """The regions in their order, each annotated with ``published_offers``."""
    return Region.objects.annotate(
        published_offers=Count("offers", filter=Q(offers__status=EditorialStatus.PUBLISHED))
    ).order_by("order", "name")
