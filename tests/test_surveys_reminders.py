"""``wegweiser survey_reminders`` with frozen time: at most one reminder per invitation in N
days, nothing for submitted or blocked invitations or closed rounds; run twice, one e-mail."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.editorial_cast import build_cast
from tests.survey_cast import open_round
from wegweiser.editorial.models import AuditEntry
from wegweiser.surveys import actions
from wegweiser.surveys.models import Answer, Reminder

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
START = datetime.datetime(2026, 2, 2, 9, 0, tzinfo=BERLIN)


def at(day: int, hour: int = 6) -> datetime.datetime:
    return START.replace(day=day, hour=hour)


@pytest.fixture
def world(kassel, landkreis, settings):
    settings.WEGWEISER_SURVEY_REMINDER_DAYS = 7
    with time_machine.travel(START, tick=False):
        cast = build_cast(kassel, landkreis)
        survey_round = open_round(cast, kassel, deadline=datetime.date(2026, 3, 31))
    return cast, survey_round


def run(when: datetime.datetime, capture, *args: str) -> str:
    out = io.StringIO()
    with time_machine.travel(when, tick=False), capture(execute=True):
        call_command("survey_reminders", *args, stdout=out)
    return out.getvalue()


def test_no_reminder_within_the_first_days(world, mailoutbox, django_capture_on_commit_callbacks):
    output = run(at(8), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert "Erinnerungen verschickt: 0" in output


def test_run_twice_sends_one_reminder_per_invitation(
    world, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    output = run(at(9, 10), django_capture_on_commit_callbacks)  # opened on the 2nd at 9:00
    assert sorted(mail.to[0] for mail in mailoutbox) == ["bengi@example.org", "caritas@example.org"]
    assert all(mail.subject.startswith("Erinnerung:") for mail in mailoutbox)
    assert "[1/2] Befragung 2026, Bengi e. V.: bengi@example.org" in output
    assert "Erinnerungen verschickt: 2" in output

    mailoutbox.clear()
    output = run(at(9, 18), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert "Erinnerungen verschickt: 0" in output
    assert Reminder.objects.count() == 2
    assert AuditEntry.objects.filter(action="survey.remind", source="command").count() == 2

    run(at(16, 9), django_capture_on_commit_callbacks)  # 7 days less one hour after the last
    assert mailoutbox == []
    run(at(16, 11), django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2


def test_submitted_and_blocked_invitations_and_closed_rounds_are_skipped(
    world, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cast, survey_round = world
    caritas = survey_round.invitations.get(provider=cast.caritas)
    bengi = survey_round.invitations.get(provider=cast.bengi)
    with time_machine.travel(at(3), tick=False):
        actions.answer_offer(caritas, cast.offer, Answer.Kind.CONFIRMED)
        actions.submit(caritas)
        actions.revoke_link(bengi, actor=cast.city_editor)
    output = run(at(20), django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert "Erinnerungen verschickt: 0" in output

    with time_machine.travel(at(20), tick=False):
        actions.reissue_link(bengi, actor=cast.city_editor)  # mails the new link
        actions.close_round(survey_round, actor=cast.city_editor)
    mailoutbox.clear()
    run(at(28), django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_a_new_link_counts_as_the_last_email(
    world, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cast, survey_round = world
    bengi = survey_round.invitations.get(provider=cast.bengi)
    with time_machine.travel(at(8), tick=False):
        actions.reissue_link(bengi, actor=cast.city_editor)
    run(at(10), django_capture_on_commit_callbacks)
    assert [mail.to for mail in mailoutbox] == [["caritas@example.org"]]


def test_the_interval_is_an_option(world, mailoutbox, django_capture_on_commit_callbacks) -> None:
    run(at(5), django_capture_on_commit_callbacks, "--days", "2")
    assert len(mailoutbox) == 2
    with pytest.raises(CommandError, match="mindestens 1"):
        call_command("survey_reminders", "--days", "0", stdout=io.StringIO())
