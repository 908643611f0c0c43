"""Two people editing the same entry: the later save is stopped, nothing typed is lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.admin_forms import PASSWORD, change_form_data
from tests.conftest import make_offer, make_provider
from wegweiser.accounts.models import User
from wegweiser.directory.history import save_with_relations
from wegweiser.directory.models import EditorialStatus, Offer, Provider

pytestmark = pytest.mark.django_db


def editor(email: str) -> Client:
    User.objects.create_superuser(email, PASSWORD, first_name=email.split("@")[0].title())
    client = Client()
    assert client.login(email=email, password=PASSWORD)
    return client


def change_url(obj: Any) -> str:
    return reverse(f"admin:directory_{obj._meta.model_name}_change", args=[obj.pk])


def test_every_save_moves_the_edit_version_on(kassel) -> None:
    offer = make_offer(kassel)
    first = offer.lock_version
    offer.title = "Deutschkurs am Abend"
    save_with_relations(offer)
    offer.refresh_from_db()
    assert offer.lock_version == first + 1


def test_the_later_of_two_concurrent_offer_edits_is_stopped_and_keeps_its_input(kassel) -> None:
    offer = make_offer(kassel, "Sprachcafé")
    anna, ben = editor("anna@example.org"), editor("ben@example.org")
    annas_form = change_form_data(anna.get(change_url(offer)))
    bens_form = change_form_data(ben.get(change_url(offer)))

    annas_form["title"] = "Sprachcafé am Montag"
    assert anna.post(change_url(offer), annas_form).status_code == 302
    bens_form["title"] = "Sprachcafé am Dienstag"
    response = ben.post(change_url(offer), bens_form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Anna &lt;anna@example.org&gt; hat diesen Eintrag am" in page
    assert 'value="Sprachcafé am Dienstag"' in page
    offer.refresh_from_db()
    assert offer.title == "Sprachcafé am Montag"
    assert offer.history.count() == 2


def test_saving_again_after_reading_the_conflict_overwrites_deliberately(kassel) -> None:
    offer = make_offer(kassel, "Sprachcafé")
    anna, ben = editor("anna@example.org"), editor("ben@example.org")
    bens_form = change_form_data(ben.get(change_url(offer)))
    annas_form = change_form_data(anna.get(change_url(offer)))
    annas_form["title"] = "Sprachcafé am Montag"
    anna.post(change_url(offer), annas_form)

    bens_form["title"] = "Sprachcafé am Dienstag"
    conflict = ben.post(change_url(offer), bens_form)
    resubmitted = change_form_data(conflict)
    assert resubmitted["title"] == "Sprachcafé am Dienstag"
    response = ben.post(change_url(offer), resubmitted)

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Sprachcafé am Dienstag"
    assert offer.history.first().history_user.email == "ben@example.org"


def test_a_change_saved_outside_the_admin_also_stops_a_stale_form(kassel) -> None:
    offer = make_offer(kassel, "Sprachcafé", status=EditorialStatus.DRAFT)
    anna = editor("anna@example.org")
    form = change_form_data(anna.get(change_url(offer)))
    offer.status = EditorialStatus.PUBLISHED
    save_with_relations(offer, reason="import")

    form["title"] = "Sprachcafé neu"
    response = anna.post(change_url(offer), form)

    assert response.status_code == 200
    assert "jemand anderes hat diesen Eintrag am" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).status == EditorialStatus.PUBLISHED


def test_concurrent_provider_edits_are_detected_too(db, reference) -> None:
    provider = make_provider("Bengi e. V.", "migrantenorganisation")
    anna, ben = editor("anna@example.org"), editor("ben@example.org")
    annas_form = change_form_data(anna.get(change_url(provider)))
    bens_form = change_form_data(ben.get(change_url(provider)))
    annas_form["phone"] = "0561 1234"
    assert anna.post(change_url(provider), annas_form).status_code == 302

    bens_form["email"] = "info@bengi.example"
    response = ben.post(change_url(provider), bens_form)

    assert response.status_code == 200
    provider = Provider.objects.get(pk=provider.pk)
    assert (provider.phone, provider.email) == ("0561 1234", "")


def test_a_revert_in_the_admin_continues_the_edit_versions(superuser_client, kassel) -> None:
    offer = make_offer(kassel, "Sprachcafé")
    first = offer.history.get()
    offer.title = "Sprachcafé am Montag"
    save_with_relations(offer)
    stale = change_form_data(superuser_client.get(change_url(offer)))
    revert_url = reverse("admin:directory_offer_simple_history", args=[offer.pk, first.history_id])

    assert (
        superuser_client.post(
            revert_url, change_form_data(superuser_client.get(revert_url))
        ).status_code
        == 302
    )

    offer.refresh_from_db()
    assert offer.title == "Sprachcafé"
    assert offer.lock_version == 3
    stale["title"] = "Überholt"
    assert superuser_client.post(change_url(offer), stale).status_code == 200
    assert Offer.objects.get(pk=offer.pk).title == "Sprachcafé"
