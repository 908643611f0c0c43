"""What a report command counts: which region (``--region SLUG`` is required when more than one
region exists) and which day (``--at YYYY-MM-DD``)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from wegweiser.directory.models import Region


class RegionError(ValueError):
    pass


def day_for_command(value: str | None) -> dt.date | None:
    """``--at``: an ISO date from 2000-01-01 to today (None without the option)."""
    from wegweiser.reports.forms import check_day

    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise RegionError(f"--at erwartet ein Datum wie 2024-12-31, nicht {value!r}.") from None
    return check_day(day, RegionError)


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
