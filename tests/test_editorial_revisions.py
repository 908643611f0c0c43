"""A provider's change to a published offer waits for the city: the public keeps the published
state until a city editor approves; a rejection reaches the author with the reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.editorial_cast import Cast, build_cast, client_for, edit_url, form_data
from wegweiser.directory.models import Language, Offer
from wegweiser.editorial import actions
from wegweiser.editorial.models import AuditEntry, Revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(kassel, landkreis) -> Cast:
    return build_cast(kassel, landkreis)


def public_page(client, offer: Offer) -> str:
    response = client.get(f"/de/angebote/{offer.uuid}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_provider_edit_of_a_published_offer_waits_for_approval_in_the_browser_flow(
    cast, client
) -> None:
    provider = client_for(cast.caritas_editor)
    data = form_data(provider.get(edit_url(cast.offer)).context["form"])
    data["title"] = "Sprachcafé am Donnerstag"
    data["languages"] = [str(Language.objects.get(code="tr").pk)]

    response = provider.post(edit_url(cast.offer), data)

    assert response.status_code == 302
    revision = Revision.objects.get()
    assert revision.state == Revision.State.PENDING
    assert revision.data == {"title": "Sprachcafé am Donnerstag", "languages": ["tr"]}
    assert revision.author == cast.caritas_editor
    cast.offer.refresh_from_db()
    assert cast.offer.title == "Sprachcafé"
    assert "Sprachcafé am Donnerstag" not in public_page(client, cast.offer)

    city = client_for(cast.city_editor)
    page = city.get(f"/staff/redaktion/vorschlaege/{revision.pk}/").content.decode()
    assert '<td class="new">Sprachcafé<ins> am Donnerstag</ins></td>' in page
    assert '<td class="new"><ins>Türkisch</ins></td>' in page
    assert city.post(f"/staff/redaktion/vorschlaege/{revision.pk}/uebernehmen/").status_code == 302

    assert "Sprachcafé am Donnerstag" in public_page(client, cast.offer)
    cast.offer.refresh_from_db()
    assert [lang.code for lang in cast.offer.languages.all()] == ["tr"]
    revision.refresh_from_db()
    assert (revision.state, revision.decided_by) == (Revision.State.APPROVED, cast.city_editor)
    assert cast.offer.history.first().history_change_reason == (
        f"Änderungsvorschlag #{revision.pk} übernommen"
    )
    assert list(
        AuditEntry.objects.filter(object_id=str(cast.offer.uuid))
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["revision.propose", "revision.approve"]


def test_a_rejected_revision_changes_nothing_and_mails_the_reason(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    revision = actions.propose_revision(
        cast.offer, {"title": "Falscher Titel"}, actor=cast.caritas_editor, source="web"
    )
    city = client_for(cast.city_editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = city.post(
            f"/staff/redaktion/vorschlaege/{revision.pk}/ablehnen/",
            {"reason": "Der Titel muss das Angebot beschreiben."},
        )

    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == Revision.State.REJECTED
    assert revision.reason == "Der Titel muss das Angebot beschreiben."
    [mail] = mailoutbox
    assert mail.to == ["caritas@example.org"]
    assert "Der Titel muss das Angebot beschreiben." in mail.body
    assert "Falscher Titel" not in public_page(client, cast.offer)


def test_a_rejection_without_reason_is_refused_with_a_message(cast) -> None:
    revision = actions.propose_revision(
        cast.offer, {"title": "Neu"}, actor=cast.caritas_editor, source="web"
    )
    response = client_for(cast.city_editor).post(
        f"/staff/redaktion/vorschlaege/{revision.pk}/ablehnen/", {"reason": ""}
    )
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == Revision.State.PENDING


def test_approving_a_revision_made_before_a_later_change_is_refused(cast) -> None:
    revision = actions.propose_revision(
        cast.offer, {"title": "Vorschlag"}, actor=cast.caritas_editor, source="web"
    )
    actions.save_offer(cast.offer, {"schedule": "montags"}, actor=cast.city_editor)

    with pytest.raises(actions.ActionRefused, match="spätere Änderung überschreiben"):
        actions.approve_revision(revision, actor=cast.city_editor)

    cast.offer.refresh_from_db()
    assert (cast.offer.title, cast.offer.schedule) == ("Sprachcafé", "montags")
    revision.refresh_from_db()
    assert revision.state == Revision.State.PENDING


def test_the_refusal_of_an_outdated_revision_is_shown_on_the_page(cast) -> None:
    revision = actions.propose_revision(
        cast.offer, {"title": "Vorschlag"}, actor=cast.caritas_editor, source="web"
    )
    actions.save_offer(cast.offer, {"schedule": "montags"}, actor=cast.city_editor)
    city = client_for(cast.city_editor)

    response = city.post(f"/staff/redaktion/vorschlaege/{revision.pk}/uebernehmen/", follow=True)

    page = response.content.decode()
    assert "spätere Änderung überschreiben" in page
    assert Offer.objects.get(pk=cast.offer.pk).title == "Sprachcafé"


def test_only_the_city_approves(cast) -> None:
    revision = actions.propose_revision(
        cast.offer, {"title": "Vorschlag"}, actor=cast.caritas_editor, source="web"
    )
    for actor in (cast.caritas_editor, cast.observer, cast.county_editor, cast.statistics):
        with pytest.raises(PermissionDenied):
            actions.approve_revision(revision, actor=actor)
    assert Offer.objects.get(pk=cast.offer.pk).title == "Sprachcafé"


def test_a_decided_revision_cannot_be_decided_again(cast) -> None:
    revision = actions.propose_revision(
        cast.offer, {"title": "Vorschlag"}, actor=cast.caritas_editor, source="web"
    )
    actions.reject_revision(revision, reason="nein", actor=cast.city_editor)
    with pytest.raises(actions.ActionRefused):
        actions.approve_revision(revision, actor=cast.city_editor)


def test_a_second_proposal_by_the_same_author_supersedes_the_first(cast) -> None:
    first = actions.propose_revision(
        cast.offer, {"title": "Erster Vorschlag"}, actor=cast.caritas_editor, source="web"
    )
    second = actions.propose_revision(
        cast.offer, {"title": "Zweiter Vorschlag"}, actor=cast.caritas_editor, source="web"
    )
    first.refresh_from_db()
    assert first.state == Revision.State.SUPERSEDED
    assert second.state == Revision.State.PENDING


def test_the_edit_form_shows_the_authors_pending_proposal(cast) -> None:
    actions.propose_revision(
        cast.offer, {"title": "Mein Vorschlag"}, actor=cast.caritas_editor, source="web"
    )
    page = client_for(cast.caritas_editor).get(edit_url(cast.offer)).content.decode()
    assert 'value="Mein Vorschlag"' in page
    assert "wartet noch auf Prüfung" in page


def test_proposals_are_validated_when_made(cast) -> None:
    foreign = list(cast.landkreis.districts.all()[:1])
    with pytest.raises(ValidationError):
        actions.propose_revision(
            cast.offer, {"districts": foreign}, actor=cast.caritas_editor, source="import"
        )
    assert not Revision.objects.exists()


def test_a_proposal_without_a_change_is_refused(cast) -> None:
    with pytest.raises(actions.NothingChanged):
        actions.propose_revision(
            cast.offer, {"title": "Sprachcafé"}, actor=cast.caritas_editor, source="import"
        )


def test_a_proposal_for_a_draft_is_refused(cast) -> None:
    with pytest.raises(actions.ActionRefused):
        actions.propose_revision(
            cast.draft, {"title": "Neu"}, actor=cast.caritas_editor, source="import"
        )


def test_another_providers_editor_cannot_propose(cast) -> None:
    with pytest.raises(PermissionDenied):
        actions.propose_revision(
            cast.offer, {"title": "Fremd"}, actor=cast.bengi_editor, source="web"
        )
    assert not Revision.objects.exists()


def test_the_system_proposes_for_an_import_without_a_user(cast) -> None:
    revision = actions.propose_revision(
        cast.offer, {"title": "Aus dem Import"}, actor=None, source="import"
    )
    assert revision.author is None
    entry = AuditEntry.objects.get(action="revision.propose")
    assert entry.actor_label == "System (import)"


def test_a_proposed_translation_is_applied_on_approval(cast) -> None:
    revision = actions.propose_revision(
        cast.offer,
        {"translations": {"tr": {"title": "Dil kafesi"}}},
        actor=cast.caritas_editor,
        source="web",
    )
    assert not cast.offer.translations.exists()
    actions.approve_revision(revision, actor=cast.city_editor)
    assert cast.offer.translations.get(language="tr").title == "Dil kafesi"
