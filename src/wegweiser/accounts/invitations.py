"""The link in an invitation e-mail: signed, expiring, and tied to one open invitation."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing

from wegweiser.accounts.models import Invitation

_SALT = "wegweiser.accounts.invitation"


class InvitationLinkError(Exception):
    """The link cannot be used; ``expired`` tells whether only its time ran out."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def validity() -> timedelta:
    return timedelta(days=settings.WEGWEISER_INVITATION_DAYS)


def link_token(invitation: Invitation) -> str:
    return signing.dumps([invitation.pk, invitation.token], salt=_SALT, compress=True)


def invitation_from_token(value: str) -> Invitation:
    """The invitation the link stands for, or ``InvitationLinkError``.

    A link is refused when its signature does not match (tampered), when it is older than
    ``WEGWEISER_INVITATION_DAYS`` (expired), and when its invitation was withdrawn.
    """
    try:
        payload = signing.loads(value, salt=_SALT, max_age=validity())
    except signing.SignatureExpired:
        raise InvitationLinkError(expired=True) from None
    except signing.BadSignature:
        raise InvitationLinkError from None
    if not (isinstance(payload, list) and len(payload) == 2):
        raise InvitationLinkError
    pk, secret = payload
    invitation = Invitation.objects.filter(pk=pk, token=secret).select_related("region").first()
    if invitation is None:
        raise InvitationLinkError
    return invitation
