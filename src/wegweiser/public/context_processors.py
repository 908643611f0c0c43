"""What every page of the public site needs in its template context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # in its own language: a reader finds "العربية" without reading German
    url: str
    current: bool


def language_links(request: HttpRequest) -> list[LanguageLink]:
    """The current page (with its query) in every language of the site.

    A page without a counterpart in another language (none so far) links to that language's
    home page instead of to itself.
    """
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            with override(code):
                url = reverse("public:home")
        links.append(
            LanguageLink(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                current=code == current,
            )
        )
    return links


def language_switch(request: HttpRequest) -> dict[str, Callable[[], list[LanguageLink]]]:
    """``language_links`` for the layout's language switch, computed only where a page uses it."""
    return {"language_links": lambda: language_links(request)}
