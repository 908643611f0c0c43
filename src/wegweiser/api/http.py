"""HTTP behaviour shared by every API and download URL: CORS for reading, a per-client rate
limit, and Last-Modified.

The ETag and the 304 answers to conditional requests come from Django's
``ConditionalGetMiddleware`` (already in ``MIDDLEWARE``): it hashes the body into an ETag and
answers ``If-None-Match``/``If-Modified-Since`` with 304. This module adds what it cannot know.

The rate limit is a fixed window per client in Django's cache (as the public forms' limit in
``editorial.ratelimit``): the key is a keyed hash of the client's address, so the cache holds no
address in plain text. ``WEGWEISER_API_RATE_LIMIT`` requests per ``WEGWEISER_API_RATE_WINDOW``
seconds; 0 switches it off (tests and benchmarks).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

from wegweiser.accounts.lockout import client_ip_address

PREFIXES = ("/api/", "/opendata/")
_Response = TypeVar("_Response", bound=HttpResponseBase)
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(PREFIXES)


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def json_error(status: int, detail: str, **extra: object) -> HttpResponse:
    body = json.dumps({"detail": detail, **extra}, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json")


def _rate_key(request: HttpRequest, window_start: int) -> str:
    address = client_ip_address(request) or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"wegweiser:api-rate:{window_start}:{digest[:32]}"


def over_limit(request: HttpRequest) -> int:
    """Count this request; the seconds until the client may ask again, or 0 when within the
    limit."""
    limit = settings.WEGWEISER_API_RATE_LIMIT
    if not limit:
        return 0
    window = settings.WEGWEISER_API_RATE_WINDOW
    now = int(time.time())
    window_start = now - now % window
    key = _rate_key(request, window_start)
    if cache.add(key, 1, timeout=window + 1):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 1)
            used = 1
    if used > limit:
        return max(window_start + window - now, 1)
    return 0


class ApiHttpMiddleware:
    """CORS (any origin may read), preflight answers, and the rate limit, for ``PREFIXES``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_api(request):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Language, If-None-Match, If-Modified-Since"
            )
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = json_error(405, "Only GET, HEAD and OPTIONS are allowed.")
            response["Allow"] = ALLOWED_METHODS
        elif retry_after := over_limit(request):
            response = json_error(
                429,
                f"Too many requests; try again in {retry_after} seconds.",
                retry_after=retry_after,
            )
            response["Retry-After"] = str(retry_after)
        else:
            # django-ninja routes GET only; HEAD is the same answer, whose body the server
            # (and Django's test client) drops.
            method, request.method = request.method, "GET"
            response = self.get_response(request)
            request.method = method
            if response.status_code == 404 and not _is_json(response):
                response = json_error(404, "Not Found: no such URL. See /api/v1/docs/.")
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
        patch_vary_headers(response, ("Origin",))
        return response


def set_last_modified(response: _Response, moment: dt.datetime | None) -> _Response:
    """Last-Modified from the newest change of what the response shows (whole seconds)."""
    if moment is not None:
        response["Last-Modified"] = http_date(moment.timestamp())
    return response
