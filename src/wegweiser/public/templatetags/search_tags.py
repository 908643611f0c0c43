"""Links that change one parameter of the current search and keep all the others."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

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


@register.simple_tag
def facet_values(name: str, values: list[Any], with_region: str = "0") -> SafeString:
    """The checkboxes of one facet (a tag rather than a template loop: a results page shows
    a hundred of them, and this is the page's hottest part)."""
    language = get_language()

    def label(value: Any) -> str:
        if name == "district":
            district = value.item
            return (
                f"{district.name} ({district.region.name})" if with_region == "1" else district.name
            )
        return str(value.item.label_in(language)) if value.item is not None else value.code

    return format_html_join(
        "\n",
        '<div class="facet-value"><input type="checkbox" name="{0}" value="{1}" id="f-{0}-{1}"{2}>'
        ' <label for="f-{0}-{1}">{3} <span class="count">({4})</span></label></div>',
        (
            (
                name,
                value.code,
                mark_safe(" checked") if value.selected else "",
                label(value),
                value.count,
            )
            for value in values
        ),
    )
