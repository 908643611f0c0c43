"""Editorial actions: who may take each step, and that each step leaves one version and one
audit entry (or, when refused, nothing at all)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from tests.conftest import make_offer
from tests.editorial_cast import Cast, build_cast
from wegweiser.directory.models import AgeGroup, Area, EditorialStatus, Offer, OfferTranslation
from wegweiser.editorial import actions
from wegweiser.editorial.models import AuditEntry, Revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(kassel, landkreis) -> Cast:
    return build_cast(kassel, landkreis)


def audit_of(offer: Offer) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(offer.uuid))
        .order_by("id")
        .values_list("action", flat=True)
    )


def versions(offer: Offer) -> int:
    return offer.history.count()


# --- Transitions per role ----------------------------------------------------------------------

ALLOWED = {
    # action: roles that may take it on a Caritas offer in Kassel
    "submit": {"city_editor", "caritas_editor", "administrator"},
    "publish": {"city_editor", "administrator"},
    "archive": {"city_editor", "administrator"},
}
ROLES = [
    "city_editor",
    "county_editor",
    "caritas_editor",
    "bengi_editor",
    "statistics",
    "observer",
    "administrator",
    "nobody",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", ["submit", "publish", "archive"])
def test_each_transition_is_allowed_only_to_its_roles(cast, role, step) -> None:
    actor = getattr(cast, role)
    offer = cast.draft
    before_versions = versions(offer)
    action = {
        "submit": actions.submit_offer,
        "publish": actions.publish_offer,
        "archive": actions.archive_offer,
    }[step]

    if role in ALLOWED[step]:
        action(offer, actor=actor)
        offer.refresh_from_db()
        target = {"submit": "in_review", "publish": "published", "archive": "archived"}[step]
        assert offer.status == target
        assert versions(offer) == before_versions + 1
        assert offer.history.first().history_user == actor
        entry = AuditEntry.objects.get(action=f"offer.{step}")
        assert (entry.actor, entry.object_id, entry.region) == (actor, str(offer.uuid), cast.kassel)
    else:
        with pytest.raises(PermissionDenied):
            action(offer, actor=actor)
        offer.refresh_from_db()
        assert offer.status == EditorialStatus.DRAFT
        assert versions(offer) == before_versions
        assert not AuditEntry.objects.filter(action=f"offer.{step}").exists()


def test_the_audit_entry_records_where_the_request_came_from(cast) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    actions.submit_offer(cast.draft, actor=cast.caritas_editor, request=request)

    entry = AuditEntry.objects.get(action="offer.submit")
    assert entry.ip_address == "203.0.113.7"
    assert entry.actor_label == "caritas@example.org"
    assert entry.source == "web"
    assert entry.summary == "Entwurf → In Prüfung"


def test_a_step_the_state_does_not_allow_is_refused_and_changes_nothing(cast) -> None:
    with pytest.raises(ActionRefusedType):
        actions.submit_offer(cast.offer, actor=cast.city_editor)  # already published
    cast.offer.refresh_from_db()
    assert cast.offer.status == EditorialStatus.PUBLISHED
    assert audit_of(cast.offer) == []


ActionRefusedType = actions.ActionRefused


def test_publishing_needs_an_area(cast, kassel) -> None:
    offer = make_offer(kassel, "Ohne Bereich", area=None, status="draft", provider=cast.caritas)

    with pytest.raises(ValidationError) as error:
        actions.publish_offer(offer, actor=cast.city_editor)

    assert "area" in error.value.message_dict
    offer.refresh_from_db()
    assert offer.status == EditorialStatus.DRAFT


def test_publishing_confirms_the_offer(cast) -> None:
    actions.publish_offer(cast.draft, actor=cast.city_editor)
    cast.draft.refresh_from_db()
    assert cast.draft.verified_by == cast.city_editor
    assert cast.draft.verified_at is not None


def test_rejecting_sends_the_draft_back_and_mails_the_reason_to_who_submitted_it(
    cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    actions.submit_offer(cast.draft, actor=cast.caritas_editor)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject_offer(
            cast.draft, reason="Bitte die Zeiten ergänzen.", actor=cast.city_editor
        )

    cast.draft.refresh_from_db()
    assert cast.draft.status == EditorialStatus.DRAFT
    [mail] = mailoutbox
    assert mail.to == ["caritas@example.org"]
    assert "Elterncafé" in mail.subject
    assert "Bitte die Zeiten ergänzen." in mail.body
    assert audit_of(cast.draft)[-1] == "offer.reject"


def test_a_rejection_needs_a_reason(cast) -> None:
    actions.submit_offer(cast.draft, actor=cast.caritas_editor)
    with pytest.raises(ValidationError):
        actions.reject_offer(cast.draft, reason="  ", actor=cast.city_editor)
    cast.draft.refresh_from_db()
    assert cast.draft.status == EditorialStatus.IN_REVIEW


def test_a_provider_editor_cannot_reject(cast) -> None:
    actions.submit_offer(cast.draft, actor=cast.caritas_editor)
    with pytest.raises(PermissionDenied):
        actions.reject_offer(cast.draft, reason="nein", actor=cast.caritas_editor)


def test_an_archived_offer_can_be_reopened_as_a_draft_by_the_city(cast) -> None:
    actions.archive_offer(cast.offer, actor=cast.city_editor)
    with pytest.raises(PermissionDenied):
        actions.reopen_offer(cast.offer, actor=cast.caritas_editor)
    actions.reopen_offer(cast.offer, actor=cast.city_editor)
    cast.offer.refresh_from_db()
    assert cast.offer.status == EditorialStatus.DRAFT


# --- Saving -------------------------------------------------------------------------------------


def test_saving_a_draft_records_one_version_and_one_audit_entry(cast) -> None:
    before = versions(cast.draft)
    actions.save_offer(
        cast.draft,
        {
            "title": "Elterncafé am Freitag",
            "age_groups": AgeGroup.objects.filter(code="erwachsene"),
        },
        actor=cast.caritas_editor,
    )

    cast.draft.refresh_from_db()
    assert cast.draft.title == "Elterncafé am Freitag"
    assert [g.code for g in cast.draft.age_groups.all()] == ["erwachsene"]
    assert versions(cast.draft) == before + 1
    assert audit_of(cast.draft) == ["offer.save"]
    entry = AuditEntry.objects.get(action="offer.save")
    assert entry.summary == "Geändert: Titel, Altersgruppen"


def test_saving_unchanged_values_writes_nothing(cast) -> None:
    before = versions(cast.draft)
    with pytest.raises(actions.NothingChanged):
        actions.save_offer(cast.draft, {"title": "Elterncafé"}, actor=cast.city_editor)
    assert versions(cast.draft) == before
    assert audit_of(cast.draft) == []


def test_a_provider_editor_cannot_save_another_providers_offer(cast) -> None:
    with pytest.raises(PermissionDenied):
        actions.save_offer(cast.bengi_offer, {"title": "Gekapert"}, actor=cast.caritas_editor)
    cast.bengi_offer.refresh_from_db()
    assert cast.bengi_offer.title == "Frauentreff"


def test_a_provider_editor_cannot_hand_an_offer_to_another_provider(cast) -> None:
    with pytest.raises(PermissionDenied):
        actions.save_offer(cast.draft, {"provider": cast.bengi}, actor=cast.caritas_editor)
    cast.draft.refresh_from_db()
    assert cast.draft.provider == cast.caritas


def test_a_provider_editor_cannot_save_a_published_offer_directly(cast) -> None:
    with pytest.raises(PermissionDenied):
        actions.save_offer(cast.offer, {"title": "Direkt"}, actor=cast.caritas_editor)


def test_a_city_editor_of_another_region_cannot_save(cast) -> None:
    with pytest.raises(PermissionDenied):
        actions.save_offer(cast.offer, {"title": "Von außen"}, actor=cast.county_editor)


def test_an_invalid_value_is_refused_whole(cast) -> None:
    foreign = list(cast.landkreis.districts.all()[:1])
    with pytest.raises(ValidationError) as error:
        actions.save_offer(
            cast.draft, {"title": "Neu", "districts": foreign}, actor=cast.city_editor
        )
    assert "districts" in error.value.message_dict
    cast.draft.refresh_from_db()
    assert cast.draft.title == "Elterncafé"


def test_a_save_against_an_outdated_version_is_refused(cast) -> None:
    stale = cast.draft.lock_version
    actions.save_offer(cast.draft, {"title": "Erste Änderung"}, actor=cast.city_editor)
    with pytest.raises(actions.ActionRefused):
        actions.save_offer(
            cast.draft, {"title": "Zweite"}, actor=cast.city_editor, expected_version=stale
        )
    cast.draft.refresh_from_db()
    assert cast.draft.title == "Erste Änderung"


def test_creating_an_offer_makes_a_draft_with_one_version(cast) -> None:
    offer = actions.create_offer(
        cast.kassel,
        {
            "provider": cast.caritas,
            "title": "Nähcafé",
            "kind": cast.offer.kind,
            "gender": cast.offer.gender,
            "area": Area.objects.get(code="freizeit-sport"),
            "citywide": True,
        },
        actor=cast.caritas_editor,
    )

    assert offer.status == EditorialStatus.DRAFT
    assert versions(offer) == 1
    assert audit_of(offer) == ["offer.create"]


def test_a_provider_editor_creates_offers_only_for_their_provider(cast) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_offer(
            cast.kassel,
            {
                "provider": cast.bengi,
                "title": "Fremd",
                "kind": cast.offer.kind,
                "gender": cast.offer.gender,
            },
            actor=cast.caritas_editor,
        )
    assert not Offer.objects.filter(title="Fremd").exists()


def test_observers_and_the_statistics_office_create_nothing(cast) -> None:
    for actor in (cast.observer, cast.statistics):
        with pytest.raises(PermissionDenied):
            actions.create_offer(
                cast.kassel,
                {
                    "provider": cast.caritas,
                    "title": "X",
                    "kind": cast.offer.kind,
                    "gender": cast.offer.gender,
                },
                actor=actor,
            )


# --- Still correct ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("caritas_editor", True),
        ("city_editor", True),
        ("administrator", True),
        ("bengi_editor", False),
        ("observer", False),
        ("county_editor", False),
        ("statistics", False),
    ],
)
def test_still_correct_confirms_without_editing(cast, role, allowed) -> None:
    actor = getattr(cast, role)
    before_versions, before_lock = versions(cast.offer), cast.offer.lock_version
    if allowed:
        actions.confirm_still_correct(cast.offer, actor=actor)
        cast.offer.refresh_from_db()
        assert cast.offer.verified_by == actor
        assert audit_of(cast.offer) == ["offer.confirm"]
    else:
        with pytest.raises(PermissionDenied):
            actions.confirm_still_correct(cast.offer, actor=actor)
        assert audit_of(cast.offer) == []
    cast.offer.refresh_from_db()
    assert versions(cast.offer) == before_versions
    assert cast.offer.lock_version == before_lock


def test_a_provider_is_confirmed_by_its_editor_but_not_by_another_providers(cast) -> None:
    actions.confirm_still_correct(cast.caritas, actor=cast.caritas_editor)
    cast.caritas.refresh_from_db()
    assert cast.caritas.verified_by == cast.caritas_editor
    with pytest.raises(PermissionDenied):
        actions.confirm_still_correct(cast.caritas, actor=cast.bengi_editor)


# --- Restore ------------------------------------------------------------------------------------


def test_restoring_an_earlier_version_adds_a_new_version_with_the_old_content(cast) -> None:
    first = cast.draft.history.get()
    actions.save_offer(
        cast.draft,
        {"title": "Elterncafé neu", "languages": cast.offer.languages.none()},
        actor=cast.city_editor,
    )
    actions.save_offer(cast.draft, {"description": "Neue Beschreibung"}, actor=cast.city_editor)

    actions.restore_version(cast.draft, first.history_id, actor=cast.city_editor)

    cast.draft.refresh_from_db()
    assert (cast.draft.title, cast.draft.description) == ("Elterncafé", "")
    assert versions(cast.draft) == 4
    assert cast.draft.history.first().history_change_reason.startswith("Version vom")
    assert audit_of(cast.draft)[-1] == "offer.restore"
    assert cast.draft.status == EditorialStatus.DRAFT


def test_a_provider_editors_restore_on_a_published_offer_becomes_a_revision(cast) -> None:
    first = cast.offer.history.get()
    actions.save_offer(cast.offer, {"title": "Sprachcafé am Montag"}, actor=cast.city_editor)

    outcome = actions.restore_version(cast.offer, first.history_id, actor=cast.caritas_editor)

    assert isinstance(outcome, Revision)
    assert outcome.data == {"title": "Sprachcafé"}
    cast.offer.refresh_from_db()
    assert cast.offer.title == "Sprachcafé am Montag"


def test_restoring_needs_the_right_to_edit(cast) -> None:
    first = cast.bengi_offer.history.get()
    with pytest.raises(PermissionDenied):
        actions.restore_version(cast.bengi_offer, first.history_id, actor=cast.caritas_editor)


# --- Bulk ---------------------------------------------------------------------------------------


def test_bulk_publishing_does_each_offer_it_may_and_skips_the_rest(cast, kassel) -> None:
    second = make_offer(kassel, "Zweiter Entwurf", provider=cast.bengi, status="draft")
    no_area = make_offer(kassel, "Ohne Bereich", provider=cast.bengi, status="draft", area=None)

    result = actions.bulk_offers(
        "publish", [cast.draft, second, no_area, cast.county_offer], actor=cast.city_editor
    )

    assert {o.title for o in result.done} == {"Elterncafé", "Zweiter Entwurf"}
    assert {o.title for o, _reason in result.skipped} == {"Ohne Bereich", "Deutsch in Vellmar"}
    assert Offer.objects.get(pk=second.pk).status == EditorialStatus.PUBLISHED
    assert Offer.objects.get(pk=no_area.pk).status == EditorialStatus.DRAFT
    assert AuditEntry.objects.filter(action="offer.publish").count() == 2


# --- Translations -------------------------------------------------------------------------------


def test_a_translation_saved_by_the_city_is_current_and_records_no_offer_version(cast) -> None:
    before = versions(cast.offer)
    actions.change_offer(
        cast.offer,
        {"translations": {"en": {"title": "Language café"}}},
        actor=cast.city_editor,
    )
    translation = OfferTranslation.objects.get(offer=cast.offer, language="en")
    assert translation.title == "Language café"
    assert translation.state == "current"
    assert versions(cast.offer) == before
    assert audit_of(cast.offer) == ["offer.save"]
