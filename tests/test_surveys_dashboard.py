"""The round dashboard: response rate overall and by provider type, each provider's status,
reminders, revoking and re-issuing links."""

from __future__ import annotations

import pytest

from tests.conftest import make_offer, make_provider
from tests.editorial_cast import build_cast, client_for
from tests.survey_cast import World, link, open_round, page
from wegweiser.editorial.models import AuditEntry
from wegweiser.surveys import actions, services
from wegweiser.surveys.models import Answer, Invitation, Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(kassel, landkreis) -> World:
    """Caritas (welfare) submitted, Bengi (migrant organisation) in progress, two more
    migrant organisations and a city office not opened."""
    cast = build_cast(kassel, landkreis)
    for name in ("Verein A", "Verein B"):
        make_offer(
            kassel, f"Angebot von {name}", provider=make_provider(name, "migrantenorganisation")
        )
    make_offer(kassel, "Bürgerbüro", provider=make_provider("Stadt Kassel", "kommune"))
    survey_round = open_round(cast, kassel)
    world = World(
        cast,
        survey_round,
        survey_round.invitations.get(provider=cast.caritas),
        survey_round.invitations.get(provider=cast.bengi),
    )
    actions.answer_offer(world.caritas, cast.offer, Answer.Kind.CONFIRMED)
    actions.submit(world.caritas)
    actions.mark_opened(world.bengi)
    return world


def test_progress_counts_overall_and_by_provider_type(world) -> None:
    overall = services.progress(world.survey_round)
    assert (overall.invited, overall.not_opened, overall.in_progress, overall.submitted) == (
        5,
        3,
        1,
        1,
    )
    assert overall.response_rate == 20
    by_type = {row.label: row for row in services.progress_by_provider_type(world.survey_round)}
    assert set(by_type) == {
        "Kommune (Stadt- und Kreisverwaltung, Schulen, Jobcenter)",
        "Wohlfahrtsverband",
        "Migrantenselbstorganisation",
    }
    welfare = by_type["Wohlfahrtsverband"]
    assert (welfare.invited, welfare.submitted, welfare.response_rate) == (1, 1, 100)
    migrants = by_type["Migrantenselbstorganisation"]
    assert (migrants.invited, migrants.not_opened, migrants.in_progress, migrants.submitted) == (
        3,
        2,
        1,
        0,
    )
    assert migrants.response_rate == 0


def test_the_dashboard_shows_rates_and_each_providers_status(world) -> None:
    response = client_for(world.cast.city_editor).get(
        f"/staff/befragungen/{world.survey_round.pk}/"
    )
    assert response.status_code == 200
    content = page(response)
    assert "1 von 5 (20 %)" in content
    assert "1 von 1 (100 %)" in content  # welfare organisations
    assert "0 von 3 (0 %)" in content  # migrant organisations
    for provider, status in (
        ("Caritasverband Nordhessen-Kassel e. V.", "abgeschickt"),
        ("Bengi e. V.", "in Bearbeitung"),
        ("Verein A", "nicht geöffnet"),
    ):
        row = content[content.index(f">{provider}</a>") :].split("</tr>")[0]
        assert status in row, provider
    assert content.count(">Erinnern</button>") == 4  # not for the one that submitted


def test_the_dashboard_filters_by_status(world) -> None:
    client = client_for(world.cast.city_editor)
    content = page(client.get(f"/staff/befragungen/{world.survey_round.pk}/?status=not_opened"))
    assert ">Verein A</a>" in content and ">Bengi e. V.</a>" not in content
    content = page(client.get(f"/staff/befragungen/{world.survey_round.pk}/?status=submitted"))
    assert ">Caritasverband Nordhessen-Kassel e. V.</a>" in content
    assert ">Verein A</a>" not in content


def test_observers_read_the_dashboard_without_buttons_or_links(world) -> None:
    client = client_for(world.cast.observer)
    content = page(client.get(f"/staff/befragungen/{world.survey_round.pk}/"))
    assert "1 von 5 (20 %)" in content
    assert "Erinnern" not in content and "abschließen" not in content
    detail = page(
        client.get(f"/staff/befragungen/{world.survey_round.pk}/traeger/{world.bengi.pk}/")
    )
    assert "/befragung/" not in detail  # the personal link is for those who run the round


def test_the_reminder_button_mails_the_link_again(
    world, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client = client_for(world.cast.city_editor)
    address = f"/staff/befragungen/{world.survey_round.pk}/traeger/{world.bengi.pk}/erinnern/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(address)
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.subject.startswith("Erinnerung: Wegweiser – Befragung 2026 (Bengi e. V.)")
    assert mail.to == ["bengi@example.org"]
    reminder = Reminder.objects.get()
    assert (reminder.invitation, reminder.kind, reminder.source) == (world.bengi, "reminder", "web")
    entry = AuditEntry.objects.get(action="survey.remind")
    assert entry.actor == world.cast.city_editor


def test_no_reminder_for_a_provider_that_submitted_or_has_no_address(
    world, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    client = client_for(world.cast.city_editor)
    quiet = world.survey_round.invitations.get(provider__name="Verein A")
    with django_capture_on_commit_callbacks(execute=True):
        for invitation in (world.caritas, quiet):
            response = client.post(
                f"/staff/befragungen/{world.survey_round.pk}/traeger/{invitation.pk}/erinnern/",
                follow=True,
            )
            assert response.status_code == 200
    content = page(response)
    assert "keine E-Mail-Adresse bekannt" in content
    assert mailoutbox == []
    assert not Reminder.objects.exists()


def test_revoking_a_link_from_the_invitation_page(world, client) -> None:
    staff = client_for(world.cast.city_editor)
    address = link(world.bengi)
    detail = f"/staff/befragungen/{world.survey_round.pk}/traeger/{world.bengi.pk}/"
    assert "/befragung/" in page(staff.get(detail))
    response = staff.post(detail + "sperren/", {"next": "invitation"})
    assert response["Location"] == detail
    assert client.get(address).status_code == 403
    assert "Link gesperrt am" in page(staff.get(detail))
    assert Invitation.objects.get(pk=world.bengi.pk).revoked_at is not None
