"""A survey round's life: opening invites the providers by e-mail, closing freezes the snapshot
of all published offers, which later edits never change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tests.conftest import make_offer, make_provider
from tests.editorial_cast import build_cast, client_for
from tests.survey_cast import build_world, link, open_round
from wegweiser.directory.models import (
    AgeGroup,
    District,
    EditorialStatus,
    Language,
    Network,
    TargetGroup,
)
from wegweiser.editorial import actions as editorial
from wegweiser.editorial.models import AuditEntry
from wegweiser.surveys import actions, services
from wegweiser.surveys.models import SnapshotOffer, SnapshotRefused, SurveyRound

pytestmark = pytest.mark.django_db


def test_opening_invites_every_provider_with_published_offers_in_the_region(
    kassel, landkreis, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cast = build_cast(kassel, landkreis)
    cast.caritas.email = "info@caritas.example"
    cast.caritas.save()
    only_drafts = make_provider("Nur Entwürfe e. V.", email="entwurf@example.org")
    make_offer(kassel, "Noch nicht fertig", provider=only_drafts, status="draft")
    only_county = make_provider("Vellmar hilft e. V.", email="vellmar@example.org")
    make_offer(landkreis, "Treff in Vellmar", provider=only_county)

    with django_capture_on_commit_callbacks(execute=True):
        survey_round = open_round(cast, kassel, message="Bitte bis Ende März.")

    invited = sorted(survey_round.invitations.values_list("provider__name", flat=True))
    assert invited == ["Bengi e. V.", "Caritasverband Nordhessen-Kassel e. V."]
    caritas_mail = next(mail for mail in mailoutbox if "Caritas" in mail.subject)
    assert sorted(caritas_mail.to) == ["caritas@example.org", "info@caritas.example"]
    assert "Befragung 2026" in caritas_mail.subject
    assert "/befragung/" in caritas_mail.body
    assert "Bitte bis Ende März." in caritas_mail.body
    assert "-- English --" in caritas_mail.body
    bengi_mail = next(mail for mail in mailoutbox if "Bengi" in mail.subject)
    assert bengi_mail.to == ["bengi@example.org"]
    assert len(mailoutbox) == 2
    entry = AuditEntry.objects.get(action="survey.open")
    assert (entry.actor, entry.region) == (cast.city_editor, kassel)
    assert "2 Träger eingeladen" in entry.summary


def test_the_mailed_link_opens_the_questionnaire(
    kassel, landkreis, client, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cast = build_cast(kassel, landkreis)
    with django_capture_on_commit_callbacks(execute=True):
        open_round(cast, kassel)
    mail = next(mail for mail in mailoutbox if "Bengi" in mail.subject)
    address = next(line for line in mail.body.splitlines() if "/befragung/" in line).strip()
    response = client.get(address.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert "Frauentreff" in response.content.decode()
    assert "Sprachcafé" not in response.content.decode()


def test_a_provider_without_any_address_is_invited_but_not_mailed(kassel, landkreis) -> None:
    cast = build_cast(kassel, landkreis)
    silent = make_provider("Ohne Adresse e. V.")
    make_offer(kassel, "Stilles Angebot", provider=silent)
    survey_round = open_round(cast, kassel)
    invitation = survey_round.invitations.get(provider=silent)
    assert (invitation.recipients, invitation.sent_at) == ("", None)
    assert "davon 1 ohne E-Mail-Adresse" in AuditEntry.objects.get(action="survey.open").summary


def test_a_provider_whose_first_offer_comes_later_is_invited_on_request(
    kassel, landkreis, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cast = build_cast(kassel, landkreis)
    survey_round = open_round(cast, kassel)
    late = make_provider("Später Start e. V.", email="start@example.org")
    make_offer(kassel, "Nähcafé", provider=late)
    client = client_for(cast.city_editor)
    url = f"/staff/befragungen/{survey_round.pk}/"
    assert "Später Start e. V." in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}nachzuegler/", follow=True)

    assert "1 Träger ist nachträglich eingeladen." in response.content.decode()
    invitation = survey_round.invitations.get(provider=late)
    assert [mail.to for mail in mailoutbox] == [["start@example.org"]]
    assert "/befragung/" in mailoutbox[0].body
    assert client.get(link(invitation)).status_code == 200
    assert AuditEntry.objects.filter(action="survey.invite_latecomers").count() == 1
    # Nobody is invited twice; a second click says everybody is invited.
    response = client.post(f"{url}nachzuegler/", follow=True)
    assert (
        "Alle Träger mit veröffentlichten Angeboten sind eingeladen." in response.content.decode()
    )
    assert survey_round.invitations.filter(provider=late).count() == 1
    assert AuditEntry.objects.filter(action="survey.invite_latecomers").count() == 1
    # A closed round invites nobody.
    actions.close_round(survey_round, actor=cast.city_editor)
    make_offer(kassel, "Zu spät", provider=make_provider("Noch später e. V."))
    with pytest.raises(actions.ActionRefused):
        actions.invite_latecomers(survey_round, actor=cast.city_editor)
    # A provider editor may not invite.
    with pytest.raises(PermissionDenied):
        actions.invite_latecomers(open_round(cast, kassel), actor=cast.caritas_editor)


def test_only_one_round_per_region_runs_at_a_time(kassel, landkreis) -> None:
    cast = build_cast(kassel, landkreis)
    open_round(cast, kassel)
    with pytest.raises(actions.ActionRefused, match="läuft schon eine Befragung"):
        open_round(cast, kassel, title="Noch eine")
    assert SurveyRound.objects.filter(region=kassel).count() == 1
    # Another region is independent.
    actions.open_round(
        landkreis,
        title="Befragung im Kreis",
        deadline=timezone.localdate(),
        actor=cast.county_editor,
    )


def test_a_deadline_in_the_past_is_refused(kassel, landkreis) -> None:
    cast = build_cast(kassel, landkreis)
    with pytest.raises(actions.ActionRefused):
        open_round(cast, kassel, deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert not SurveyRound.objects.exists()


def test_only_the_regions_city_editors_open_and_close_rounds(kassel, landkreis) -> None:
    cast = build_cast(kassel, landkreis)
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    for user in (cast.county_editor, cast.caritas_editor, cast.observer, cast.statistics):
        with pytest.raises(PermissionDenied):
            actions.open_round(kassel, title="X", deadline=deadline, actor=user)
    survey_round = open_round(cast, kassel)
    for user in (cast.county_editor, cast.caritas_editor, cast.observer):
        with pytest.raises(PermissionDenied):
            actions.close_round(survey_round, actor=user)
    survey_round.refresh_from_db()
    assert survey_round.is_open
    assert not SnapshotOffer.objects.exists()


def test_opening_through_the_staff_page(
    kassel, landkreis, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    cast = build_cast(kassel, landkreis)
    client = client_for(cast.city_editor)
    form = client.get("/staff/befragungen/neu/")
    assert "Stadt Kassel: eingeladen werden 2 Träger" in form.content.decode()
    deadline = timezone.localdate() + datetime.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/befragungen/neu/",
            {"region": kassel.pk, "title": "Befragung 2026", "deadline": deadline.isoformat()},
        )
    survey_round = SurveyRound.objects.get()
    assert response["Location"] == f"/staff/befragungen/{survey_round.pk}/"
    assert survey_round.invitations.count() == 2
    assert len(mailoutbox) == 2


def test_a_bad_opening_form_keeps_the_input_and_changes_nothing(kassel, landkreis) -> None:
    cast = build_cast(kassel, landkreis)
    client = client_for(cast.city_editor)
    response = client.post(
        "/staff/befragungen/neu/",
        {"region": landkreis.pk, "title": "Meine Runde", "deadline": "2001-01-01"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Meine Runde" in content
    assert "Die Frist liegt in der Vergangenheit." in content
    assert "Bitte eine gültige Auswahl treffen." in content  # not the editor's region
    assert not SurveyRound.objects.exists()


# --- Closing and the snapshot -------------------------------------------------------------------


def _close(world) -> SurveyRound:
    return actions.close_round(world.survey_round, actor=world.cast.city_editor)


def test_closing_freezes_every_published_offer_of_the_region(kassel, landkreis) -> None:
    world = build_world(kassel, landkreis)
    cast = world.cast
    other = make_provider("Stadt Kassel, Jugendamt", "kommune")
    other.networks.set([Network.objects.order_by("code")[0]])
    mitte = District.objects.get(region=kassel, code="01")
    youth = make_offer(
        kassel,
        "Jugendtreff",
        provider=other,
        area="bildung",
        kind="projekt",
        relations={
            "districts": [mitte],
            "age_groups": list(AgeGroup.objects.filter(code__in=["kinder", "jugendliche"])),
            "languages": list(Language.objects.filter(code__in=["de", "tr"])),
            "target_groups": list(TargetGroup.objects.order_by("code")[:1]),
            "partners": [cast.bengi],
        },
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    citywide = make_offer(kassel, "Beratung für alle", provider=cast.bengi, citywide=True)

    survey_round = _close(world)

    rows = {row["title"]: row for row in services.snapshot_rows(survey_round)}
    published = {o.title for o in kassel.offers.filter(status=EditorialStatus.PUBLISHED)}
    assert (
        set(rows) == published == {"Sprachcafé", "Frauentreff", "Jugendtreff", "Beratung für alle"}
    )
    assert "Elterncafé" not in rows and "Deutsch in Vellmar" not in rows  # draft; other region
    row = rows["Jugendtreff"]
    assert row["offer"] == str(youth.uuid)
    assert row["provider"] == str(other.uuid)
    assert row["provider_name"] == "Stadt Kassel, Jugendamt"
    assert row["area"] == "bildung"
    assert row["kind"] == "projekt"
    assert row["gender"] == "alle"
    assert row["age_groups"] == sorted(["kinder", "jugendliche"])
    assert row["languages"] == ["de", "tr"]
    assert row["target_groups"] == [TargetGroup.objects.order_by("code")[0].code]
    assert (row["citywide"], row["districts"]) == (False, ["01"])
    assert row["provider_type"] == "kommune"
    assert row["provider_type_column"] == "stadt-land"
    assert row["networks"] == [Network.objects.order_by("code")[0].code]
    assert row["partners"] == [str(cast.bengi.uuid)]
    assert (row["start_date"], row["end_date"]) == ("2026-01-01", "2026-12-31")
    assert rows["Beratung für alle"]["districts"] == ["00"]
    assert rows["Beratung für alle"]["citywide"] is True
    assert rows["Sprachcafé"]["provider_type"] == "wohlfahrtsverband"
    assert rows["Sprachcafé"]["provider_type_column"] == "wohlfahrtsverbaende"
    survey_round.refresh_from_db()
    assert (survey_round.state, survey_round.snapshot_format) == ("closed", 1)
    assert survey_round.closed_by == cast.city_editor
    assert citywide.uuid  # built before closing
    entry = AuditEntry.objects.get(action="survey.close")
    assert "4 veröffentlichte Angebote eingefroren" in entry.summary


def test_the_snapshot_does_not_change_when_offers_change_later(kassel, landkreis) -> None:
    world = build_world(kassel, landkreis)
    cast = world.cast
    survey_round = _close(world)
    before = services.snapshot_rows(survey_round)

    editorial.save_offer(cast.offer, {"title": "Sprachcafé neu"}, actor=cast.city_editor)
    editorial.archive_offer(cast.bengi_offer, actor=cast.city_editor)
    editorial.publish_offer(cast.draft, actor=cast.city_editor)
    cast.caritas.name = "Caritas umbenannt"
    cast.caritas.save()

    assert services.snapshot_rows(survey_round) == before
    assert {row["title"] for row in before} == {"Sprachcafé", "Frauentreff"}


def test_snapshot_rows_cannot_be_changed_or_deleted(kassel, landkreis) -> None:
    world = build_world(kassel, landkreis)
    survey_round = _close(world)
    row = SnapshotOffer.objects.filter(survey_round=survey_round)[0]
    row.title = "Anders"
    with pytest.raises(SnapshotRefused), transaction.atomic():
        row.save()
    with pytest.raises(SnapshotRefused), transaction.atomic():
        row.delete()
    with pytest.raises(SnapshotRefused), transaction.atomic():
        SnapshotOffer.objects.filter(survey_round=survey_round).update(title="Anders")
    with pytest.raises(SnapshotRefused), transaction.atomic():
        SnapshotOffer.objects.filter(survey_round=survey_round).delete()
    assert set(SnapshotOffer.objects.values_list("title", flat=True)) == {
        "Sprachcafé",
        "Frauentreff",
    }


def test_a_round_is_closed_once(kassel, landkreis) -> None:
    world = build_world(kassel, landkreis)
    _close(world)
    with pytest.raises(actions.ActionRefused):
        _close(world)
    assert SnapshotOffer.objects.count() == 2
    assert AuditEntry.objects.filter(action="survey.close").count() == 1


def test_closing_ends_the_links_and_leaves_unsubmitted_answers_unapplied(
    kassel, landkreis, client
) -> None:
    world = build_world(kassel, landkreis)
    actions.answer_offer(world.caritas, world.cast.offer, "confirmed")
    address = link(world.caritas)
    _close(world)

    response = client.get(address)
    assert response.status_code == 410
    assert "Diese Befragung ist abgeschlossen" in response.content.decode()
    response = client.post(address + f"angebote/{world.cast.offer.uuid}/bestaetigen/")
    assert response.status_code == 410
    world.cast.offer.refresh_from_db()
    assert not AuditEntry.objects.filter(action="offer.confirm").exists()
    assert world.caritas.answers.get().applied_at is None


def test_closing_through_the_staff_page_asks_first(kassel, landkreis) -> None:
    world = build_world(kassel, landkreis)
    client = client_for(world.cast.city_editor)
    address = f"/staff/befragungen/{world.survey_round.pk}/abschliessen/"
    confirm = client.get(address)
    assert confirm.status_code == 200
    assert "0 von 2 Trägern" in confirm.content.decode()
    assert world.survey_round.is_open
    response = client.post(address)
    assert response.status_code == 302
    world.survey_round.refresh_from_db()
    assert not world.survey_round.is_open
    snapshot = client.get(f"/staff/befragungen/{world.survey_round.pk}/stand/")
    assert "Sprachcafé" in snapshot.content.decode()
