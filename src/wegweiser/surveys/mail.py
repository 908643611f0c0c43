"""The e-mails of a survey round: invitation, reminder, new link (German with an English part)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from wegweiser.editorial.mail import send_template_on_commit
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
    send_template_on_commit(f"surveys/email/{template}.txt", recipients, context)
