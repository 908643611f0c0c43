"""The provider's questionnaire: answers change nothing until submitted; submitting confirms,
proposes revisions, reports ended offers and sends new ones to review, each through the
editorial actions with an audit entry naming the survey. Another provider's offers and fields
outside the form change nothing."""

from __future__ import annotations

import pytest

from tests.editorial_cast import form_data
from tests.survey_cast import build_world, is_link, link, page
from wegweiser.directory.models import EditorialStatus, Offer
from wegweiser.editorial.models import AuditEntry, ChangeReport, Revision
from wegweiser.surveys import actions
from wegweiser.surveys.models import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(kassel, landkreis):
    return build_world(kassel, landkreis)


def _change_data(client, world, offer: Offer, **changes: str) -> dict:
    form = client.get(link(world.caritas, f"angebote/{offer.uuid}/aendern/")).context["form"]
    return {**form_data(form), **changes}


def _state(offer: Offer) -> tuple:
    offer = Offer.objects.get(pk=offer.pk)
    return (offer.title, offer.status, offer.provider_id, offer.lock_version, offer.verified_at)


def test_the_offer_page_shows_the_current_data_and_the_three_choices(world, client) -> None:
    response = client.get(link(world.caritas, f"angebote/{world.cast.offer.uuid}/"))
    assert response.status_code == 200
    content = page(response)
    assert "Angebot 1 von 1:" in content
    assert "Sprachförderung" in content or "sprachfoerderung" in content
    assert "Ja, die Angaben stimmen noch" in content
    assert "Etwas hat sich geändert" in content
    assert "Das Angebot gibt es nicht mehr" in content


def test_answers_change_no_offer_until_submitted(world, client) -> None:
    offer = world.cast.offer
    before = _state(offer)
    client.post(link(world.caritas, f"angebote/{offer.uuid}/bestaetigen/"))
    assert world.caritas.answers.get().kind == Answer.Kind.CONFIRMED
    assert _state(offer) == before
    assert not AuditEntry.objects.filter(action="offer.confirm").exists()


def test_confirming_and_submitting_confirms_the_offer(world, client) -> None:
    offer = world.cast.offer
    response = client.post(link(world.caritas, f"angebote/{offer.uuid}/bestaetigen/"))
    assert is_link(response["Location"], world.caritas, "absenden/")  # guided: all answered
    response = client.post(link(world.caritas, "absenden/"), {"note": "Alles gut."})
    assert response.status_code == 302

    offer.refresh_from_db()
    assert offer.verified_at is not None and offer.verified_by is None
    entry = AuditEntry.objects.get(action="offer.confirm")
    assert entry.actor is None
    assert entry.actor_label == "Befragung 2026: Caritasverband Nordhessen-Kassel e. V."
    assert entry.source == "survey"
    world.caritas.refresh_from_db()
    assert world.caritas.submitted_at is not None
    assert world.caritas.note == "Alles gut."
    answer = world.caritas.answers.get()
    assert answer.applied_at is not None and "bestätigt" in answer.outcome
    submit_entry = AuditEntry.objects.get(action="survey.submit")
    assert submit_entry.actor_label == entry.actor_label
    assert "Angaben stimmen: 1" in submit_entry.summary
    overview = page(client.get(link(world.caritas)))
    assert "Ihre Antworten sind am" in overview


def test_a_change_becomes_a_pending_revision_and_the_public_keeps_the_old_state(
    world, client
) -> None:
    offer = world.cast.offer
    data = _change_data(client, world, offer, title="Sprachcafé am Abend", schedule="dienstags")
    response = client.post(link(world.caritas, f"angebote/{offer.uuid}/aendern/"), data)
    assert response.status_code == 302
    answer = world.caritas.answers.get()
    assert answer.kind == Answer.Kind.CHANGED
    assert answer.data == {"title": "Sprachcafé am Abend", "schedule": "dienstags"}
    detail = page(client.get(link(world.caritas, f"angebote/{offer.uuid}/")))
    assert "Sprachcafé am Abend" in detail  # the diff of the proposed change

    client.post(link(world.caritas, "absenden/"))

    offer.refresh_from_db()
    assert offer.title == "Sprachcafé"  # unchanged until a city editor approves
    assert offer.status == EditorialStatus.PUBLISHED
    revision = Revision.objects.get(offer=offer)
    assert revision.state == Revision.State.PENDING
    assert revision.source == "survey" and revision.author is None
    assert revision.data == {"title": "Sprachcafé am Abend", "schedule": "dienstags"}
    entry = AuditEntry.objects.get(action="revision.propose")
    assert entry.actor_label.startswith("Befragung 2026: Caritas")
    answer.refresh_from_db()
    assert answer.revision == revision


def test_an_unchanged_change_form_is_refused_with_a_message(world, client) -> None:
    offer = world.cast.offer
    data = _change_data(client, world, offer)
    response = client.post(link(world.caritas, f"angebote/{offer.uuid}/aendern/"), data)
    assert response.status_code == 200
    assert "Sie haben nichts geändert." in page(response)
    assert not Answer.objects.exists()


def test_an_invalid_change_keeps_the_input_and_stores_nothing(world, client) -> None:
    offer = world.cast.offer
    data = _change_data(
        client,
        world,
        offer,
        title="Neuer Titel",
        start_date="2026-05-01",
        end_date="2026-04-01",
    )
    response = client.post(link(world.caritas, f"angebote/{offer.uuid}/aendern/"), data)
    assert response.status_code == 200
    assert "Neuer Titel" in page(response)
    assert not Answer.objects.exists()


def test_an_ended_offer_becomes_a_report_for_the_editors_not_an_archive(world, client) -> None:
    offer = world.cast.offer
    response = client.post(
        link(world.caritas, f"angebote/{offer.uuid}/beenden/"),
        {"ended_on": "2026-03-31", "note": "Förderung ausgelaufen."},
    )
    assert response.status_code == 302
    client.post(link(world.caritas, "absenden/"))

    offer.refresh_from_db()
    assert offer.status == EditorialStatus.PUBLISHED  # the editors archive it
    report = ChangeReport.objects.get(offer=offer)
    assert report.state == ChangeReport.State.OPEN
    assert "gibt es dieses Angebot nicht mehr (beendet am 31.03.2026)" in report.message
    assert "Förderung ausgelaufen." in report.message
    entry = AuditEntry.objects.get(action="report.create")
    assert (entry.source, entry.actor_label) == (
        "survey",
        "Befragung 2026: Caritasverband Nordhessen-Kassel e. V.",
    )
    assert world.caritas.answers.get().change_report == report


def test_a_new_offer_becomes_a_draft_in_review_of_the_invited_provider(world, client) -> None:
    form = client.get(link(world.caritas, "neu/")).context["form"]
    data = {
        **form_data(form),
        "title": "Hausaufgabenhilfe",
        "area": str(world.cast.offer.area_id),
        # Attempts to choose what the form does not offer: ignored or refused, never applied.
        "provider": str(world.cast.bengi.pk),
        "status": "published",
        "region": str(world.cast.landkreis.pk),
    }
    response = client.post(link(world.caritas, "neu/"), data)
    assert response.status_code == 302
    answer = world.caritas.answers.get(kind=Answer.Kind.NEW)
    assert answer.data["provider"] == str(world.cast.caritas.uuid)
    assert not Offer.objects.filter(title="Hausaufgabenhilfe").exists()

    client.post(link(world.caritas, f"angebote/{world.cast.offer.uuid}/bestaetigen/"))
    client.post(link(world.caritas, "absenden/"))

    created = Offer.objects.get(title="Hausaufgabenhilfe")
    assert created.status == EditorialStatus.IN_REVIEW
    assert created.provider == world.cast.caritas
    assert created.region == world.cast.kassel
    assert AuditEntry.objects.get(action="offer.create").actor_label.startswith("Befragung 2026")
    assert AuditEntry.objects.get(action="offer.submit").source == "survey"
    answer.refresh_from_db()
    assert answer.created_offer == created


def test_a_proposed_new_offer_can_be_edited_and_removed_before_submitting(world, client) -> None:
    form = client.get(link(world.caritas, "neu/")).context["form"]
    client.post(link(world.caritas, "neu/"), {**form_data(form), "title": "Erster Titel"})
    answer = world.caritas.answers.get()
    edit = client.get(link(world.caritas, f"neu/{answer.pk}/"))
    data = {**form_data(edit.context["form"]), "title": "Zweiter Titel"}
    assert data["title"] == "Zweiter Titel"
    client.post(link(world.caritas, f"neu/{answer.pk}/"), data)
    answer.refresh_from_db()
    assert answer.data["title"] == "Zweiter Titel"
    assert world.caritas.answers.count() == 1

    client.post(link(world.caritas, f"antworten/{answer.pk}/zuruecknehmen/"))
    assert not world.caritas.answers.exists()


def test_submitting_needs_an_answer_for_every_offer(world, client) -> None:
    response = client.get(link(world.caritas, "absenden/"))
    assert "Noch nicht beantwortete Angebote: 1." in page(response)
    response = client.post(link(world.caritas, "absenden/"))
    assert response.status_code == 200
    assert "Bitte beantworten Sie zuerst alle Angebote. Es fehlen: „Sprachcafé“" in page(response)
    world.caritas.refresh_from_db()
    assert world.caritas.submitted_at is None


def test_an_answer_can_be_taken_back_before_submitting(world, client) -> None:
    offer = world.cast.offer
    client.post(link(world.caritas, f"angebote/{offer.uuid}/bestaetigen/"))
    answer = world.caritas.answers.get()
    client.post(link(world.caritas, f"antworten/{answer.pk}/zuruecknehmen/"))
    assert not Answer.objects.exists()


def test_after_submitting_nothing_more_changes(world, client) -> None:
    offer = world.cast.offer
    data = _change_data(client, world, offer, title="Zu spät")
    client.post(link(world.caritas, f"angebote/{offer.uuid}/bestaetigen/"))
    client.post(link(world.caritas, "absenden/"))
    answer = world.caritas.answers.get()
    assert client.get(link(world.caritas, f"angebote/{offer.uuid}/aendern/")).status_code == 302

    for path, payload in (
        (f"angebote/{offer.uuid}/aendern/", data),
        (f"angebote/{offer.uuid}/beenden/", {}),
        (f"antworten/{answer.pk}/zuruecknehmen/", {}),
        ("absenden/", {}),
        ("neu/", {**data, "title": "Auch zu spät"}),
    ):
        response = client.post(link(world.caritas, path), payload)
        assert is_link(response["Location"], world.caritas), path
    assert world.caritas.answers.get() == answer
    assert not Revision.objects.exists()
    assert not Offer.objects.filter(title__in=["Zu spät", "Auch zu spät"]).exists()
    assert AuditEntry.objects.filter(action="survey.submit").count() == 1


def test_another_providers_offer_cannot_be_answered(world, client) -> None:
    """Caritas's link with Bengi's offer (or a Caritas offer elsewhere): 404, nothing stored."""
    for foreign in (world.cast.bengi_offer, world.cast.county_offer, world.cast.draft):
        before = _state(foreign)
        for path in ("", "bestaetigen/", "aendern/", "beenden/"):
            response = client.post(
                link(world.caritas, f"angebote/{foreign.uuid}/{path}"), {"title": "Übernommen"}
            )
            assert response.status_code == 404, (foreign.title, path)
        assert _state(foreign) == before
    assert not Answer.objects.exists()


def test_another_invitations_answer_cannot_be_withdrawn(world, client) -> None:
    actions.answer_offer(world.bengi, world.cast.bengi_offer, Answer.Kind.CONFIRMED)
    bengi_answer = world.bengi.answers.get()
    response = client.post(link(world.caritas, f"antworten/{bengi_answer.pk}/zuruecknehmen/"))
    assert response.status_code == 404
    response = client.get(link(world.caritas, f"neu/{bengi_answer.pk}/"))
    assert response.status_code == 404
    assert Answer.objects.filter(pk=bengi_answer.pk).exists()


def test_posting_another_lead_provider_or_a_status_changes_nothing(world, client) -> None:
    offer = world.cast.offer
    data = _change_data(
        client,
        world,
        offer,
        title="Sprachcafé neu",
        provider=str(world.cast.bengi.pk),
        status="published",
        region=str(world.cast.landkreis.pk),
        verified_at="2020-01-01",
    )
    client.post(link(world.caritas, f"angebote/{offer.uuid}/aendern/"), data)
    answer = world.caritas.answers.get()
    assert answer.data == {"title": "Sprachcafé neu"}
    client.post(link(world.caritas, "absenden/"))
    offer.refresh_from_db()
    assert (offer.provider, offer.region, offer.title) == (
        world.cast.caritas,
        world.cast.kassel,
        "Sprachcafé",
    )
    assert Revision.objects.get().data == {"title": "Sprachcafé neu"}


def test_the_action_refuses_a_foreign_lead_provider(world) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.answer_offer(
            world.caritas,
            world.cast.offer,
            Answer.Kind.CHANGED,
            values={"provider": world.cast.bengi, "title": "X"},
        )
    with pytest.raises(PermissionDenied):
        actions.answer_offer(world.caritas, world.cast.bengi_offer, Answer.Kind.CONFIRMED)
    assert not Answer.objects.exists()


def test_an_answer_refused_at_submission_is_kept_with_the_reason(world, client) -> None:
    from wegweiser.editorial import actions as editorial

    offer = world.cast.offer
    data = _change_data(client, world, offer, title="Sprachcafé neu")
    client.post(link(world.caritas, f"angebote/{offer.uuid}/aendern/"), data)
    form = client.get(link(world.caritas, "neu/")).context["form"]
    client.post(link(world.caritas, "neu/"), {**form_data(form), "title": "Nachhilfe"})
    # Meanwhile the editors archive the offer the change was about.
    editorial.archive_offer(offer, actor=world.cast.city_editor)

    client.post(link(world.caritas, "absenden/"))

    changed = world.caritas.answers.get(kind=Answer.Kind.CHANGED)
    assert changed.outcome.startswith("Nicht übernommen:")
    assert not Revision.objects.exists()
    assert Offer.objects.get(title="Nachhilfe").status == EditorialStatus.IN_REVIEW
    world.caritas.refresh_from_db()
    assert world.caritas.submitted_at is not None
