"""Personal links: valid, expired, tampered, replaced, revoked, of a closed round; a link that
cannot be used gets a clear page (403 or 410) and changes nothing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from tests.survey_cast import build_world, link, page
from wegweiser.editorial.models import AuditEntry
from wegweiser.surveys import actions, tokens
from wegweiser.surveys.models import Answer, Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(kassel, landkreis):
    return build_world(kassel, landkreis)


def _confirm_path(world) -> str:
    return f"angebote/{world.cast.offer.uuid}/bestaetigen/"


def _nothing_answered(world) -> bool:
    return (
        not Answer.objects.exists()
        and not AuditEntry.objects.filter(action__in=["offer.confirm", "survey.submit"]).exists()
    )


def test_a_valid_link_shows_the_providers_own_offers_and_marks_it_opened(world, client) -> None:
    response = client.get(link(world.caritas))
    assert response.status_code == 200
    content = page(response)
    assert "Sprachcafé" in content
    assert "Frauentreff" not in content  # Bengi's
    assert "Elterncafé" not in content  # a draft is not asked about
    assert "Deutsch in Vellmar" not in content  # another region's round
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    world.caritas.refresh_from_db()
    assert world.caritas.first_opened_at is not None
    assert world.caritas.progress == Invitation.Progress.IN_PROGRESS


def test_a_tampered_link_is_refused_with_403(world, client) -> None:
    token = tokens.make_token(world.caritas)
    value, _sep, signature = token.rpartition(":")
    forged_payload = signing.b64_encode(
        signing.JSONSerializer().dumps({"i": world.bengi.pk, "n": world.bengi.nonce})
    ).decode()
    for bad in (
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        f"{forged_payload}:{value.split(':')[-1]}:{signature}",
        "kein-token",
        signing.dumps({"i": world.caritas.pk, "n": world.caritas.nonce}),  # no salt
    ):
        response = client.get(f"/befragung/{bad}/")
        assert response.status_code == 403, bad
        assert "Dieser Link ist ungültig" in page(response)
        response = client.post(f"/befragung/{bad}/{_confirm_path(world)}")
        assert response.status_code == 403
    assert _nothing_answered(world)
    world.caritas.refresh_from_db()
    assert world.caritas.first_opened_at is None


def test_a_link_expires_after_the_configured_days(world, client, settings) -> None:
    settings.WEGWEISER_SURVEY_LINK_DAYS = 30
    address = link(world.caritas)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=29)):
        assert client.get(address).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        response = client.get(address)
        assert response.status_code == 410
        assert "Dieser Link ist abgelaufen" in page(response)
        response = client.post(address + _confirm_path(world))
        assert response.status_code == 410
        assert not Answer.objects.exists()
        # A reminder brings a freshly signed link that works again.
        assert client.get(link(world.caritas)).status_code == 200


def test_a_revoked_link_is_refused_until_a_new_one_is_issued(world, client) -> None:
    old = link(world.caritas)
    actions.revoke_link(world.caritas, actor=world.cast.city_editor)
    response = client.get(old)
    assert response.status_code == 403
    assert "Dieser Link ist gesperrt" in page(response)
    assert client.post(old + _confirm_path(world)).status_code == 403
    assert _nothing_answered(world)

    actions.reissue_link(world.caritas, actor=world.cast.city_editor)
    world.caritas.refresh_from_db()
    assert client.get(old).status_code == 403  # the old link stays invalid
    assert client.get(link(world.caritas)).status_code == 200


def test_a_new_link_replaces_the_old_one(
    world, client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    old = link(world.caritas)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reissue_link(world.caritas, actor=world.cast.city_editor)
    assert client.get(old).status_code == 403
    [mail] = mailoutbox
    assert mail.subject.startswith("Neuer Link")
    address = next(line for line in mail.body.splitlines() if "/befragung/" in line).strip()
    assert client.get(address.removeprefix("http://127.0.0.1:8000")).status_code == 200
    assert world.caritas.reminders.get().kind == "new_link"


def test_a_link_of_a_closed_round_gets_410(world, client) -> None:
    address = link(world.caritas)
    actions.close_round(world.survey_round, actor=world.cast.city_editor)
    response = client.get(address)
    assert response.status_code == 410
    assert client.post(address + _confirm_path(world)).status_code == 410
    assert _nothing_answered(world)


def test_the_link_problem_pages_keep_csrf_protection(world) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(link(world.caritas) + _confirm_path(world))
    assert response.status_code == 403
    assert not Answer.objects.exists()
