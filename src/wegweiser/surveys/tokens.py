"""Personal links of a survey round: signed, expiring, revocable, no account needed.

A token is ``django.core.signing.dumps({"i": invitation id, "n": nonce})`` with its own salt,
so it cannot be forged without ``SECRET_KEY`` and is useless to any other part of Django. It
carries its signing time: ``WEGWEISER_SURVEY_LINK_DAYS`` after that it has expired (each
reminder sends a freshly signed link with the same nonce). Re-issuing a link gives the
invitation a new nonce, which makes every earlier link invalid; revoking blocks the invitation.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing

from wegweiser.surveys.models import Invitation

SALT = "wegweiser.surveys.invitation"


class LinkProblem(Exception):
    """Why a personal link cannot be used; ``status`` is the HTTP status of the page shown."""

    status = 403
    reason = "invalid"

    def __init__(self, invitation: Invitation | None = None) -> None:
        super().__init__(self.reason)
        self.invitation = invitation


class LinkInvalid(LinkProblem):
    """Not a link we made, tampered with, or replaced by a newer one."""


class LinkRevoked(LinkProblem):
    reason = "revoked"


class LinkExpired(LinkProblem):
    status = 410
    reason = "expired"


class RoundClosed(LinkProblem):
    status = 410
    reason = "closed"


def make_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT)


def invitation_for(token: str) -> Invitation:
    """The invitation a token names, if it may be used now; else a ``LinkProblem``."""
    max_age = datetime.timedelta(days=settings.WEGWEISER_SURVEY_LINK_DAYS)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int):
        raise LinkInvalid
    invitation = (
        Invitation.objects.select_related("survey_round__region", "provider__provider_type")
        .filter(pk=payload["i"])
        .first()
    )
    if invitation is None or payload.get("n") != invitation.nonce:
        raise LinkInvalid
    if not invitation.survey_round.is_open:
        raise RoundClosed(invitation)
    if invitation.revoked_at is not None:
        raise LinkRevoked(invitation)
    return invitation
