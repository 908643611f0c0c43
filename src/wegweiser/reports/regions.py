"""Which region a report counts: ``--region SLUG`` is required when more than one region exists."""

from __future__ import annotations

from django.utils.translation import gettext as _

from wegweiser.directory.models import Region


class RegionError(ValueError):
    pass


def region_for_command(slug: str | None) -> Region:
    if slug:
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            known = ", ".join(Region.objects.values_list("slug", flat=True)) or "–"
            raise RegionError(
                _("Unbekannte Region „%(slug)s“; vorhanden: %(known)s.")
                % {"slug": slug, "known": known}
            )
        return region
    regions = list(Region.objects.all()[:2])
    if not regions:
        raise RegionError(_("Es gibt noch keine Region (wegweiser load_demo --reference-only)."))
    if len(regions) > 1:
        known = ", ".join(Region.objects.values_list("slug", flat=True))
        raise RegionError(
            _("Es gibt mehrere Regionen: bitte --region angeben (%(known)s).") % {"known": known}
        )
    return regions[0]
