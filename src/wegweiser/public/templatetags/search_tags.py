"""Links that change one parameter of the current search and keep all the others."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """``?{% query_with page=2 %}``: the current query with ``page`` replaced."""
    query: QueryDict = context["request"].GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value not in (None, ""):
            query[name] = str(value)
    if "page" not in changes:
        query.pop("page", None)
    return query.urlencode()


@register.simple_tag(takes_context=True)
def query_without(context: dict[str, Any], name: str, value: Any = None) -> str:
    """``?{% query_without "area" "bildung" %}``: the current query without that value."""
    query: QueryDict = context["request"].GET.copy()
    if value is None:
        query.pop(name, None)
    else:
        query.setlist(name, [item for item in query.getlist(name) if item != str(value)])
    query.pop("page", None)
    return query.urlencode()
