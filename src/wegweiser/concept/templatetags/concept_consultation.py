"""``{% consultation_notice region %}``: a pointer from the concept's public pages to the
consultation while one takes comments."""

from __future__ import annotations

from typing import Any

from django import template

from wegweiser.concept import consultation
from wegweiser.directory.models import Region

register = template.Library()


@register.inclusion_tag("concept/_consultation_notice.html")
def consultation_notice(region: Region) -> dict[str, Any]:
    concept = consultation.public_consultation(region)
    shown = concept is not None and consultation.period(concept).is_open
    return {"region": region, "concept": concept if shown else None}
