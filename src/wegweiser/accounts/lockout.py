"""Brute-force protection (django-axes): what failures are counted by, and the lockout page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The e-mail address as typed, in lower case: ``A@x.de`` and ``a@x.de`` fail together."""
    value = (credentials or {}).get("username")
    if value is None:
        value = request.POST.get("username", "")
    return str(value or "").strip().lower()


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address; behind ``WEGWEISER_PROXY_COUNT`` proxies, the one they recorded."""
    proxies = settings.WEGWEISER_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page shown while locked out: why, for how long, and until when."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off(request) or timedelta(0)
    ip_address = getattr(request, "axes_ip_address", None) or client_ip_address(request)
    last_failure = AccessAttempt.objects.filter(
        username=username_from_request(request, credentials), ip_address=ip_address
    ).aggregate(last=Max("attempt_time"))["last"]
    context = {
        "until": (last_failure or timezone.now()) + cool_off,
        "minutes": int(cool_off.total_seconds() // 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "accounts/locked_out.html", context, status=429)
