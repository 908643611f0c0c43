"""Personal links for progress updates on a measure, for responsible actors without an account
(as in survey rounds): signed, expiring, and revoked by issuing a new one (the measure's
``link_nonce`` changes)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

from wegweiser.concept.models import Measure

SALT = "wegweiser.concept.measure-link"


class LinkProblem(Exception):
    pass


def issue(measure: Measure, *, request: Any = None) -> str:
    measure.link_nonce = secrets.token_urlsafe(12)
    Measure.objects.filter(pk=measure.pk).update(link_nonce=measure.link_nonce)
    token = signing.dumps({"m": measure.pk, "n": measure.link_nonce}, salt=SALT)
    path = reverse("concept_link", args=[token])
    return request.build_absolute_uri(path) if request is not None else path


def send_on_commit(measure: Measure, link: str, recipients: list[str]) -> None:
    """E-mail the link to ``recipients`` once the current transaction commits (German)."""
    from wegweiser.editorial.mail import send_template_on_commit

    context = {
        "measure": measure,
        "region": measure.goal.action_field.concept.region,
        "link": link,
        "link_days": settings.WEGWEISER_CONCEPT_LINK_DAYS,
    }
    send_template_on_commit("concept/email/measure_link.txt", recipients, context)


def measure_for(token: str) -> Measure:
    max_age = dt.timedelta(days=settings.WEGWEISER_CONCEPT_LINK_DAYS)
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkProblem("expired") from None
    except signing.BadSignature:
        raise LinkProblem("invalid") from None
    measure = (
        Measure.objects.select_related(
            "goal__action_field__concept__region", "responsible_provider"
        )
        .filter(pk=data.get("m"))
        .first()
    )
    if measure is None or not measure.link_nonce or measure.link_nonce != data.get("n"):
        raise LinkProblem("revoked")
    return measure
