"""Reminders of open survey rounds (``wegweiser survey_reminders``).

An invitation is due when its round is open, it is neither submitted nor blocked, and the last
e-mail it got (the invitation, a reminder or a new link) is at least ``days`` days old. So a
second run the same day sends nothing, and nobody gets more than one reminder in ``days`` days.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from wegweiser.surveys import actions
from wegweiser.surveys.models import Invitation, SurveyRound


@dataclasses.dataclass
class ReminderResult:
    sent: int = 0
    skipped: list[tuple[Invitation, str]] = dataclasses.field(default_factory=list)


def due(days: int, now: datetime.datetime | None = None) -> list[Invitation]:
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=days)
    invitations = (
        Invitation.objects.filter(
            survey_round__state=SurveyRound.State.OPEN,
            submitted_at__isnull=True,
            revoked_at__isnull=True,
        )
        .select_related("survey_round__region", "provider")
        .annotate(last_reminder=Max("reminders__sent_at"))
        .order_by("survey_round_id", "provider__name", "pk")
    )
    result: list[Invitation] = []
    for invitation in invitations:
        mails = [m for m in (invitation.sent_at, invitation.last_reminder) if m is not None]
        if not mails or max(mails) <= limit:
            result.append(invitation)
    return result


def send_due(
    days: int,
    *,
    now: datetime.datetime | None = None,
    progress: Callable[[int, int, Invitation, str], None] | None = None,
) -> ReminderResult:
    """Remind every due invitation (each in its own transaction, by the system)."""
    now = now or timezone.now()
    result = ReminderResult()
    invitations = due(days, now)
    for number, invitation in enumerate(invitations, start=1):
        try:
            reminder = actions.remind(invitation, actor=None, source="command", now=now)
        except ValidationError as error:
            reason = " ".join(error.messages)
            result.skipped.append((invitation, reason))
            outcome = reason
        else:
            result.sent += 1
            outcome = reminder.recipients
        if progress is not None:
            progress(number, len(invitations), invitation, outcome)
    return result
