"""What the monitoring views share: the region, the reference date and the indicator asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.translation import gettext as _

from wegweiser.directory.models import Region
from wegweiser.monitoring import labels, queries

DEFAULT_INDICATOR = "mh_anteil"


@dataclass
class Choice:
    """The reference date and indicator of a request (``?stichtag=…&indikator=…``); a value
    that is not published gives a message and the default instead."""

    dates: list[dt.date]
    stichtag: dt.date | None
    codes: list[str]
    indikator: str
    errors: list[str] = field(default_factory=list)


def choose(request: HttpRequest, region: Region, *, per_district: bool = True) -> Choice:
    dates = queries.stichtage(region)
    errors = []
    stichtag = dates[-1] if dates else None
    asked = request.GET.get("stichtag", "").strip()
    if asked:
        try:
            day = dt.date.fromisoformat(asked)
        except ValueError:
            day = None
        if day in dates:
            stichtag = day
        else:
            errors.append(_("Für diesen Stichtag sind keine Ergebnisse veröffentlicht."))
    codes = queries.indicator_codes(region) if dates else []
    if per_district:
        codes = [code for code in codes if labels.is_district_indicator(code)]
    indikator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in codes else (codes[0] if codes else "")
    asked = request.GET.get("indikator", "").strip()
    if asked:
        if asked in codes:
            indikator = asked
        else:
            errors.append(_("Diesen Indikator gibt es nicht."))
    return Choice(dates, stichtag, codes, indikator, errors)
