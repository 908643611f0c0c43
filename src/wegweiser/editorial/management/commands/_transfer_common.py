"""What both transfer commands share: choosing the region."""

from __future__ import annotations

from django.core.management.base import CommandError

from wegweiser.directory.models import Region


def region_from(slug: str | None) -> Region:
    """The region named by ``--region``; required when there is more than one region."""
    if slug:
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            known = ", ".join(Region.objects.values_list("slug", flat=True)) or "–"
            raise CommandError(f"Unbekannte Region „{slug}“; vorhanden: {known}.")
        return region
    regions = list(Region.objects.all()[:2])
    if not regions:
        raise CommandError(
            "Es gibt noch keine Region; zuerst `wegweiser load_demo --reference-only`."
        )
    if len(regions) > 1:
        known = ", ".join(Region.objects.values_list("slug", flat=True))
        raise CommandError(f"Es gibt mehrere Regionen; bitte --region angeben ({known}).")
    return regions[0]
