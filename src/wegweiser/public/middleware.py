"""HTTP caching of public pages: conditional GET needs the right Vary header."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers


class VaryOnLanguageAndCookie:
    """A page differs by language (``/`` redirects by Accept-Language) and by cookie (the
    shortlist in the session), so caches must keep them apart."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response
