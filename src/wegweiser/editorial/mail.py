"""E-mails of the editorial workflow, sent once the action's transaction has committed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def send_on_commit(template: str, recipients: Iterable[str], context: dict[str, Any]) -> None:
    """Render ``editorial/email/<template>.txt`` (first line: the subject) in German and send it
    when the current transaction commits; nothing is sent when it rolls back."""
    send_template_on_commit(f"editorial/email/{template}.txt", recipients, context)


def send_template_on_commit(
    template: str, recipients: Iterable[str], context: dict[str, Any]
) -> None:
    """``send_on_commit`` for any template path (the other apps' e-mails use it too)."""
    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return
    with translation.override("de"):
        text = render_to_string(template, context)
    subject, _blank, body = text.strip().partition("\n")
    transaction.on_commit(
        lambda: send_mail(
            subject.strip(),
            body.strip() + "\n",
            settings.DEFAULT_FROM_EMAIL,
            addresses,
            fail_silently=False,
        )
    )
