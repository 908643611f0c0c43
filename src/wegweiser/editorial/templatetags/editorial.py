"""Template helpers of the editorial staff pages."""

from __future__ import annotations

from typing import Any

from django import template

from wegweiser.accounts import permissions

register = template.Library()


@register.inclusion_tag("editorial/_nav.html", takes_context=True)
def editorial_nav(context: dict[str, Any]) -> dict[str, Any]:
    """The editorial menu, with only the pages the user may open."""
    request = context["request"]
    reading = bool(permissions.reading_region_ids(request.user))
    return {
        "current": request.resolver_match.url_name if request.resolver_match else "",
        "show_review": reading,
        "show_freshness": reading,
        "show_audit": permissions.can_view_audit_log(request.user),
        "show_surveys": permissions.uses_survey_pages(request.user),
    }
