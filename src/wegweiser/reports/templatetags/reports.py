from __future__ import annotations

from typing import Any

from django import template

from wegweiser.accounts import permissions

register = template.Library()


@register.inclusion_tag("reports/_nav.html", takes_context=True)
def reports_nav(context: Any, current: str) -> dict[str, Any]:
    user = context["request"].user
    return {"current": current, "show_quality": permissions.uses_quality_report(user)}
