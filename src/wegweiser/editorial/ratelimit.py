"""A per-client limit on the public forms, kept in Django's cache.

The key is a keyed hash of the client's address (``REMOTE_ADDR``; behind a reverse proxy the
deployment must make that the client's address), so the cache holds no address in plain text.
The window is fixed: it starts with the first counted submission and lasts an hour. With the
default local-memory cache each server process counts on its own; a shared cache (e.g. Redis
or the database cache) makes the limit exact across processes.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def _key(request: HttpRequest, bucket: str) -> str:
    address = request.META.get("REMOTE_ADDR") or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"wegweiser:ratelimit:{bucket}:{digest[:32]}"


def exceeded(request: HttpRequest, bucket: str = "public-report") -> bool:
    """Whether the client has used up its submissions for this hour (does not count one)."""
    count = cache.get(_key(request, bucket), 0)
    return int(count) >= settings.WEGWEISER_PUBLIC_REPORTS_PER_HOUR


def count(request: HttpRequest, bucket: str = "public-report") -> None:
    """Count one submission."""
    key = _key(request, bucket)
    if not cache.add(key, 1, timeout=WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=WINDOW_SECONDS)
