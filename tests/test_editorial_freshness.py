"""Freshness with frozen time: reminders, escalation, the public notice, automatic unpublishing,
ended projects; ``wegweiser editorial_daily`` run twice does nothing the second time."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from tests.conftest import make_offer
from tests.editorial_cast import Cast, build_cast, client_for
from wegweiser.directory.models import EditorialStatus, Offer, OfferKind
from wegweiser.editorial import actions, freshness
from wegweiser.editorial.models import AuditEntry, FreshnessReminder

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
START = datetime.datetime(2025, 1, 10, 9, 0, tzinfo=BERLIN)


def at(year: int, month: int, day: int, hour: int = 6) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=BERLIN)


@pytest.fixture
def cast(kassel, landkreis) -> Cast:
    with time_machine.travel(START, tick=False):
        cast = build_cast(kassel, landkreis)
    cast.caritas.email = "info@caritas.example"
    cast.caritas.save()
    return cast


def daily(when: datetime.datetime, capture) -> str:
    out = io.StringIO()
    with time_machine.travel(when, tick=False), capture(execute=True):
        call_command("editorial_daily", stdout=out)
    return out.getvalue()


def test_months_are_calendar_months() -> None:
    assert freshness.months_before(at(2025, 8, 31), 6) == at(2025, 2, 28)
    assert freshness.months_before(at(2024, 8, 31), 6) == at(2024, 2, 29)
    assert freshness.months_before(at(2025, 1, 15), 18) == at(2023, 7, 15)


def test_no_reminder_before_six_months(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    daily(at(2025, 7, 9), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert not FreshnessReminder.objects.exists()


def test_after_six_months_the_provider_is_reminded_once(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    output = daily(at(2025, 7, 11), django_capture_on_commit_callbacks)

    caritas_mails = [mail for mail in mailoutbox if "Caritas" in mail.subject]
    [mail] = caritas_mails
    assert sorted(mail.to) == ["caritas@example.org", "info@caritas.example"]
    assert "Sprachcafé" in mail.body
    assert "Elterncafé" not in mail.body  # a draft is not public, nothing to remind of
    assert f"/staff/redaktion/angebote/{cast.offer.uuid}/" in mail.body
    assert "Deutsch in Vellmar" in mail.body  # one e-mail for the provider's offers everywhere
    assert "Erinnerungen verschickt: 2 E-Mail(s) zu 3 Angebot(en)" in output
    assert FreshnessReminder.objects.filter(offer=cast.offer).count() == 1

    mailoutbox.clear()
    output = daily(at(2025, 7, 11, 18), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert "Erinnerungen verschickt: 0 E-Mail(s) zu 0 Angebot(en)" in output
    assert AuditEntry.objects.filter(action="freshness.remind").count() == 2  # two providers


def test_a_confirmed_offer_is_reminded_again_only_after_another_period(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    daily(at(2025, 7, 11), django_capture_on_commit_callbacks)
    with time_machine.travel(at(2025, 7, 20), tick=False):
        actions.confirm_still_correct(cast.offer, actor=cast.caritas_editor)
    mailoutbox.clear()

    daily(at(2026, 1, 19), django_capture_on_commit_callbacks)
    assert not any("Sprachcafé" in mail.body for mail in mailoutbox)

    daily(at(2026, 1, 21), django_capture_on_commit_callbacks)
    assert any("Sprachcafé" in mail.body for mail in mailoutbox)
    assert FreshnessReminder.objects.filter(offer=cast.offer).count() == 2


def test_an_unanswered_reminder_goes_onto_the_escalation_list_once(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    daily(at(2025, 7, 11), django_capture_on_commit_callbacks)
    mailoutbox.clear()

    daily(at(2025, 8, 1), django_capture_on_commit_callbacks)
    assert mailoutbox == []  # not yet 28 days

    output = daily(at(2025, 8, 9), django_capture_on_commit_callbacks)
    kassel_mails = [mail for mail in mailoutbox if "Stadt Kassel" in mail.subject]
    [mail] = kassel_mails
    assert mail.to == ["stadt@example.org"]
    assert "Sprachcafé" in mail.body and "Frauentreff" in mail.body
    assert "Neu auf der Eskalationsliste: 3" in output

    mailoutbox.clear()
    daily(at(2025, 8, 9, 20), django_capture_on_commit_callbacks)
    assert mailoutbox == []

    with time_machine.travel(at(2025, 8, 10), tick=False):
        page = client_for(cast.city_editor).get("/staff/redaktion/aktualitaet/").content.decode()
    assert "Eskalationsliste" in page
    assert "Sprachcafé" in page


def test_confirming_takes_an_offer_off_the_escalation_list(
    cast, django_capture_on_commit_callbacks
) -> None:
    daily(at(2025, 7, 11), django_capture_on_commit_callbacks)
    with time_machine.travel(at(2025, 8, 20), tick=False):
        actions.confirm_still_correct(cast.offer, actor=cast.caritas_editor)
        listed = {r.offer for r in freshness.escalation_list([cast.kassel.pk])}
    assert cast.offer not in listed
    assert cast.bengi_offer in listed


def test_the_public_page_says_not_confirmed_after_twelve_months(cast, client) -> None:
    with time_machine.travel(at(2026, 1, 9), tick=False):
        page = client.get(f"/de/angebote/{cast.offer.uuid}/").content.decode()
    assert "Nicht bestätigt seit" not in page

    with time_machine.travel(at(2026, 1, 11), tick=False):
        page = client.get(f"/de/angebote/{cast.offer.uuid}/").content.decode()
    assert "Nicht bestätigt seit 10. Januar 2025" in page


def test_after_eighteen_months_the_offer_goes_offline_once_with_an_audit_entry(
    cast, client, django_capture_on_commit_callbacks
) -> None:
    daily(at(2026, 7, 9), django_capture_on_commit_callbacks)
    assert Offer.objects.get(pk=cast.offer.pk).status == EditorialStatus.PUBLISHED

    output = daily(at(2026, 7, 11), django_capture_on_commit_callbacks)
    offer = Offer.objects.get(pk=cast.offer.pk)
    assert offer.status == EditorialStatus.DRAFT
    assert "Nicht bestätigte Angebote offline genommen: 3" in output
    entry = AuditEntry.objects.get(action="offer.auto_unpublish", object_id=str(offer.uuid))
    assert entry.actor is None
    assert entry.source == "command"
    assert "nicht bestätigt seit 10.01.2025" in entry.summary
    assert offer.history.first().status == EditorialStatus.DRAFT
    assert client.get(f"/de/angebote/{offer.uuid}/").status_code == 404

    versions = offer.history.count()
    output = daily(at(2026, 7, 11, 20), django_capture_on_commit_callbacks)
    assert "Nicht bestätigte Angebote offline genommen: 0" in output
    assert Offer.objects.get(pk=offer.pk).history.count() == versions
    assert AuditEntry.objects.filter(action="offer.auto_unpublish").count() == 3


def test_a_project_is_archived_after_its_end_date_but_a_course_is_not(
    cast, kassel, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel(START, tick=False):
        project = make_offer(
            kassel,
            "Projekt Ankommen",
            kind=OfferKind.PROJECT,
            provider=cast.caritas,
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2025, 3, 31),
        )
        course = make_offer(
            kassel,
            "Integrationskurs",
            kind=OfferKind.COURSE,
            provider=cast.caritas,
            end_date=datetime.date(2025, 3, 31),
        )

    daily(at(2025, 3, 31, 23), django_capture_on_commit_callbacks)
    assert Offer.objects.get(pk=project.pk).status == EditorialStatus.PUBLISHED

    output = daily(at(2025, 4, 1), django_capture_on_commit_callbacks)
    assert Offer.objects.get(pk=project.pk).status == EditorialStatus.ARCHIVED
    assert Offer.objects.get(pk=course.pk).status == EditorialStatus.PUBLISHED
    assert "Projekte nach ihrem Ende archiviert: 1" in output
    assert AuditEntry.objects.filter(action="offer.auto_archive").count() == 1

    daily(at(2025, 4, 1, 12), django_capture_on_commit_callbacks)
    assert AuditEntry.objects.filter(action="offer.auto_archive").count() == 1


def test_the_periods_are_settings(
    cast, settings, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    settings.WEGWEISER_REMINDER_AFTER_MONTHS = 1
    settings.WEGWEISER_UNPUBLISH_AFTER_MONTHS = 0  # off
    daily(at(2025, 2, 11), django_capture_on_commit_callbacks)
    assert any("Sprachcafé" in mail.body for mail in mailoutbox)
    daily(at(2030, 1, 1), django_capture_on_commit_callbacks)
    assert Offer.objects.get(pk=cast.offer.pk).status == EditorialStatus.PUBLISHED


def test_the_dashboard_counts_by_provider_and_by_area(cast) -> None:
    with time_machine.travel(at(2025, 12, 1), tick=False):
        actions.confirm_still_correct(cast.bengi_offer, actor=cast.bengi_editor)
    with time_machine.travel(at(2026, 2, 1), tick=False):
        offers = Offer.objects.filter(region=cast.kassel)
        rows = {row.label: row for row in freshness.by_provider(offers)}
        areas = {row.label: row for row in freshness.by_area(offers)}
    caritas = rows["Caritasverband Nordhessen-Kassel e. V."]
    assert (caritas.published, caritas.due, caritas.stale) == (1, 1, 1)
    bengi = rows["Bengi e. V."]
    assert (bengi.published, bengi.due, bengi.stale) == (1, 0, 0)
    assert (areas["Sprachförderung"].published, areas["Sprachförderung"].stale) == (2, 1)


def test_a_provider_editor_confirms_in_one_click(cast) -> None:
    client = client_for(cast.caritas_editor)
    with time_machine.travel(at(2025, 9, 1), tick=False):
        response = client.post(f"/staff/redaktion/angebote/{cast.offer.uuid}/bestaetigen/")
    assert response.status_code == 302
    offer = Offer.objects.get(pk=cast.offer.pk)
    assert offer.verified_at == at(2025, 9, 1)
    assert offer.verified_by == cast.caritas_editor
