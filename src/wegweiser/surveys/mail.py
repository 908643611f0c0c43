"""The e-mails of a survey round: invitation, reminder, new link (German with an English part)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from wegweiser.surveys import tokens
from wegweiser.surveys.models import Invitation


def link_for(invitation: Invitation, request: Any = None) -> str:
    """The invitation's personal link, freshly signed (absolute)."""
    path = reverse("survey_questionnaire:overview", args=[tokens.make_token(invitation)])
    if request is not None:
        return str(request.build_absolute_uri(path))
    return f"{settings.WEGWEISER_SITE_URL.rstrip('/')}{path}"


def send_on_commit(
    template: str, invitation: Invitation, recipients: list[str], *, request: Any = None
) -> None:
    """Render ``surveys/email/<template>.txt`` (first line: the subject) and send it once the
    current transaction commits; nothing is sent when it rolls back."""
    if not recipients:
        return
    survey_round = invitation.survey_round
    context = {
        "invitation": invitation,
        "round": survey_round,
        "provider": invitation.provider,
        "region": survey_round.region,
        "link": link_for(invitation, request),
        "link_days": settings.WEGWEISER_SURVEY_LINK_DAYS,
    }
    with translation.override("de"):
        text = render_to_string(f"surveys/email/{template}.txt", context)
    subject, _blank, body = text.strip().partition("\n")
    transaction.on_commit(
        lambda: send_mail(
            subject.strip(),
            body.strip() + "\n",
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            fail_silently=False,
        )
    )
