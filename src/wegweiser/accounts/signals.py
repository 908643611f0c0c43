"""At every login: when the session started, for the idle and absolute limits."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from wegweiser.accounts import sessions


@receiver(user_logged_in, dispatch_uid="wegweiser.accounts.session_start")
def start_staff_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.start(request)
