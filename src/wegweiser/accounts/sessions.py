"""Staff sessions end after ``WEGWEISER_STAFF_SESSION_IDLE_MINUTES`` without a request and
``WEGWEISER_STAFF_SESSION_MAX_HOURS`` after the login.

Only signed-in users are concerned: a visitor of the public site gets no session from this (the
shortlist creates one of its own when used).
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

STARTED_AT = "_wegweiser_session_started"
SEEN_AT = "_wegweiser_session_seen"
# The last-seen time is written at most once a minute, not at every request.
SEEN_RESOLUTION_SECONDS = 60


def idle_limit() -> int:
    return int(settings.WEGWEISER_STAFF_SESSION_IDLE_MINUTES) * 60


def absolute_limit() -> int:
    return int(settings.WEGWEISER_STAFF_SESSION_MAX_HOURS) * 3600


def start(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[STARTED_AT] = now
    request.session[SEEN_AT] = now
    # The cookie and the stored session end with the absolute limit too.
    request.session.set_expiry(timezone.now() + timedelta(seconds=absolute_limit()))


def is_expired(request: HttpRequest) -> bool:
    """Whether the signed-in session is over; otherwise notes that it was used now."""
    started = request.session.get(STARTED_AT)
    seen = request.session.get(SEEN_AT)
    now = int(time.time())
    # A session without the marks was not started by a login we saw: it is not trusted.
    if not isinstance(started, int) or not isinstance(seen, int):
        return True
    if now - seen > idle_limit() or now - started > absolute_limit():
        return True
    if now - seen >= SEEN_RESOLUTION_SECONDS:
        request.session[SEEN_AT] = now
    return False
