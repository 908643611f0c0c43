"""The staff forms: creating and editing offers and providers, translations side by side,
concurrent edits, history with diff and restore. (Mass assignment and who may post what:
tests/test_role_url_matrix.py.)"""

from __future__ import annotations

import pytest

from tests.editorial_cast import Cast, build_cast, client_for, edit_url, form_data
from wegweiser.directory.models import (
    AgeGroup,
    Area,
    District,
    EditorialStatus,
    Gender,
    Location,
    Offer,
    OfferKind,
    OfferTranslation,
    Provider,
    ProviderTranslation,
)
from wegweiser.editorial import actions
from wegweiser.editorial.models import AuditEntry, Revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(kassel, landkreis) -> Cast:
    return build_cast(kassel, landkreis)


def new_offer_data(cast: Cast, **overrides) -> dict:
    data = {
        "provider": str(cast.caritas.pk),
        "title": "Nähcafé für Frauen",
        "description": "Gemeinsam nähen und Deutsch sprechen.",
        "area": str(Area.objects.get(code="freizeit-sport").pk),
        "kind": str(OfferKind.objects.get(code="regelangebot").pk),
        "gender": str(Gender.objects.get(code="frauen").pk),
        "age_groups": [str(AgeGroup.objects.get(code="erwachsene").pk)],
        "districts": [str(District.objects.get(region=cast.kassel, code="05").pk)],
        "registration_required": "true",
        "barrier_free": "unknown",
        "childcare": "false",
        "cost": "kostenlos",
        "website": "example.org/naehcafe",
    }
    data.update(overrides)
    return data


# --- Create -------------------------------------------------------------------------------------


def test_a_city_editor_creates_an_offer_with_its_relations_as_a_draft(cast) -> None:
    client = client_for(cast.city_editor)
    response = client.post("/staff/redaktion/angebote/neu/stadt-kassel/", new_offer_data(cast))

    assert response.status_code == 302
    offer = Offer.objects.get(title="Nähcafé für Frauen")
    assert response["Location"] == edit_url(offer)
    assert offer.status == EditorialStatus.DRAFT
    assert offer.region == cast.kassel
    assert [g.code for g in offer.age_groups.all()] == ["erwachsene"]
    assert [d.code for d in offer.districts.all()] == ["05"]
    assert (offer.registration_required, offer.barrier_free, offer.childcare) == (True, None, False)
    assert offer.website == "https://example.org/naehcafe"
    assert offer.history.count() == 1


def test_citywide_together_with_districts_is_refused_with_a_message(cast) -> None:
    client = client_for(cast.city_editor)
    response = client.post(
        "/staff/redaktion/angebote/neu/stadt-kassel/", new_offer_data(cast, citywide="on")
    )
    assert response.status_code == 200
    assert "hat keine einzelnen Stadtteile" in response.content.decode()
    assert not Offer.objects.filter(title="Nähcafé für Frauen").exists()


def test_a_district_of_another_region_is_not_a_choice(cast) -> None:
    vellmar = District.objects.filter(region=cast.landkreis)[0]
    response = client_for(cast.city_editor).post(
        "/staff/redaktion/angebote/neu/stadt-kassel/",
        new_offer_data(cast, districts=[str(vellmar.pk)]),
    )
    assert response.status_code == 200
    assert "ist keine gültige Auswahl" in response.content.decode()
    assert not Offer.objects.filter(title="Nähcafé für Frauen").exists()


def test_a_new_location_is_created_with_the_offer(cast) -> None:
    response = client_for(cast.caritas_editor).post(
        "/staff/redaktion/angebote/neu/stadt-kassel/",
        new_offer_data(
            cast,
            new_location_name="Stadtteilzentrum Wesertor",
            new_location_street="Weserstraße 26",
            new_location_postcode="34125",
            new_location_city="Kassel",
        ),
    )
    assert response.status_code == 302
    offer = Offer.objects.get(title="Nähcafé für Frauen")
    location = offer.locations.get()
    assert (location.name, location.provider, location.region) == (
        "Stadtteilzentrum Wesertor",
        cast.caritas,
        cast.kassel,
    )


def test_a_provider_editor_can_only_pick_their_own_provider(cast) -> None:
    client = client_for(cast.caritas_editor)
    form = client.get("/staff/redaktion/angebote/neu/stadt-kassel/").context["form"]
    assert list(form.fields["provider"].queryset) == [cast.caritas]

    response = client.post(
        "/staff/redaktion/angebote/neu/stadt-kassel/",
        new_offer_data(cast, provider=str(cast.bengi.pk)),
    )
    assert response.status_code == 200
    assert not Offer.objects.filter(title="Nähcafé für Frauen").exists()


# --- Concurrent edits ---------------------------------------------------------------------------


def test_the_later_of_two_concurrent_edits_is_stopped_and_keeps_what_was_typed(cast) -> None:
    anna = client_for(cast.city_editor)
    second_editor = cast.city_editor.__class__.objects.create_user("ben@example.org", "x" * 20)
    second_editor.memberships.create(region=cast.kassel, role="city_editor")
    ben = client_for(second_editor)
    annas = form_data(anna.get(edit_url(cast.draft)).context["form"])
    bens = form_data(ben.get(edit_url(cast.draft)).context["form"])

    annas["title"] = "Elterncafé am Montag"
    assert anna.post(edit_url(cast.draft), annas).status_code == 302
    bens["title"] = "Elterncafé am Dienstag"
    response = ben.post(edit_url(cast.draft), bens)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Stadt &lt;stadt@example.org&gt; hat diesen Eintrag am" in page
    assert 'value="Elterncafé am Dienstag"' in page
    assert Offer.objects.get(pk=cast.draft.pk).title == "Elterncafé am Montag"

    # Saving again after reading the message overwrites deliberately.
    again = form_data(response.context["form"])
    assert ben.post(edit_url(cast.draft), again).status_code == 302
    assert Offer.objects.get(pk=cast.draft.pk).title == "Elterncafé am Dienstag"


def test_a_provider_proposal_on_a_stale_form_is_stopped_too(cast) -> None:
    provider = client_for(cast.caritas_editor)
    data = form_data(provider.get(edit_url(cast.offer)).context["form"])
    actions.save_offer(cast.offer, {"schedule": "montags"}, actor=cast.city_editor)

    data["title"] = "Veraltet"
    response = provider.post(edit_url(cast.offer), data)

    assert response.status_code == 200
    assert "hat diesen Eintrag am" in response.content.decode()
    assert not Revision.objects.exists()


# --- Translations -------------------------------------------------------------------------------


def test_the_translation_page_shows_the_german_source_beside_each_field_and_the_state(
    cast,
) -> None:
    OfferTranslation.objects.create(offer=cast.offer, language="en", title="Language café")
    actions.save_offer(cast.offer, {"title": "Sprachcafé im Quartier"}, actor=cast.city_editor)
    client = client_for(cast.city_editor)

    page = client.get(f"{edit_url(cast.offer)}uebersetzung/en/").content.decode()

    assert '<td lang="de" class="source">Sprachcafé im Quartier</td>' in page
    assert 'value="Language café"' in page
    assert "veraltet" in page
    overview = client.get(edit_url(cast.offer)).content.decode()
    assert "fehlt" in overview and "veraltet" in overview


def test_saving_a_translation_makes_it_current(cast) -> None:
    client = client_for(cast.city_editor)
    url = f"{edit_url(cast.offer)}uebersetzung/ar/"
    data = form_data(client.get(url).context["form"])
    data["title"] = "مقهى اللغة"

    assert client.post(url, data).status_code == 302
    translation = OfferTranslation.objects.get(offer=cast.offer, language="ar")
    assert translation.title == "مقهى اللغة"
    assert translation.state == "current"


def test_a_translation_saved_meanwhile_is_not_overwritten_unseen(cast) -> None:
    client = client_for(cast.city_editor)
    url = f"{edit_url(cast.offer)}uebersetzung/en/"
    data = form_data(client.get(url).context["form"])
    OfferTranslation.objects.create(offer=cast.offer, language="en", title="Someone else's")

    data["title"] = "Mine"
    response = client.post(url, data)

    assert response.status_code == 200
    assert 'value="Mine"' in response.content.decode()
    assert OfferTranslation.objects.get(offer=cast.offer, language="en").title == "Someone else's"


def test_an_unknown_translation_language_is_not_found(cast) -> None:
    client = client_for(cast.city_editor)
    assert client.get(f"{edit_url(cast.offer)}uebersetzung/de/").status_code == 404
    assert client.get(f"{edit_url(cast.offer)}uebersetzung/xx/").status_code == 404


def test_a_providers_description_is_translated_side_by_side(cast) -> None:
    client = client_for(cast.caritas_editor)
    provider_url = f"/staff/redaktion/traeger/{cast.caritas.uuid}/"
    assert "fehlt" in client.get(provider_url).content.decode()
    url = f"{provider_url}uebersetzung/en/"
    page = client.get(url)
    assert f'<td lang="de" class="source">{cast.caritas.description}' in page.content.decode()
    data = form_data(page.context["form"])
    data["description"] = "Welfare association of the Catholic Church in Kassel."

    assert client.post(url, data).status_code == 302
    translation = ProviderTranslation.objects.get(provider=cast.caritas, language="en")
    assert translation.description == data["description"]
    assert translation.state == "current"
    assert AuditEntry.objects.filter(action="provider.translate").count() == 1

    # The German text changes: the translation is outdated, and says so.
    actions.save_provider(cast.caritas, {"description": "Neu beschrieben."}, actor=cast.city_editor)
    assert "veraltet" in client.get(url).content.decode()
    # Saved again unchanged, it is current again (made from the new German text).
    assert client.post(url, form_data(client.get(url).context["form"])).status_code == 302
    assert ProviderTranslation.objects.get(provider=cast.caritas, language="en").state == "current"
    # Saved once more unchanged: nothing to save, no audit entry.
    client.post(url, form_data(client.get(url).context["form"]))
    assert AuditEntry.objects.filter(action="provider.translate").count() == 2


def test_a_provider_translation_saved_meanwhile_is_not_overwritten_unseen(cast) -> None:
    client = client_for(cast.city_editor)
    url = f"/staff/redaktion/traeger/{cast.caritas.uuid}/uebersetzung/tr/"
    data = form_data(client.get(url).context["form"])
    actions.save_provider_translation(
        cast.caritas, "tr", {"description": "Başkasınınki"}, actor=cast.caritas_editor
    )

    data["description"] = "Benimki"
    response = client.post(url, data)

    assert response.status_code == 200
    assert "Benimki" in response.content.decode()
    saved = ProviderTranslation.objects.get(provider=cast.caritas, language="tr")
    assert saved.description == "Başkasınınki"
    assert client.get(url.replace("/tr/", "/de/")).status_code == 404


# --- History, diff, restore ---------------------------------------------------------------------


def test_the_history_page_lists_each_version_with_what_changed(cast) -> None:
    actions.save_offer(
        cast.draft, {"title": "Elterncafé neu", "schedule": "dienstags"}, actor=cast.city_editor
    )
    page = client_for(cast.observer).get(f"{edit_url(cast.draft)}versionen/").content.decode()
    assert "Titel, Zeiten" in page
    assert "stadt@example.org" in page
    assert "angelegt" in page


def test_a_version_page_shows_the_diff_and_restores(cast) -> None:
    first = cast.draft.history.get()
    actions.save_offer(
        cast.draft, {"description": "Kaffee und Gespräche am Freitag"}, actor=cast.city_editor
    )
    client = client_for(cast.city_editor)
    url = f"{edit_url(cast.draft)}versionen/{first.history_id}/"

    page = client.get(url).content.decode()
    assert "<ins>Kaffee und Gespräche am Freitag</ins>" in page

    assert client.post(f"{url}wiederherstellen/").status_code == 302
    cast.draft.refresh_from_db()
    assert cast.draft.description == ""
    assert cast.draft.history.count() == 3


def test_an_observer_sees_versions_but_cannot_restore(cast) -> None:
    first = cast.draft.history.get()
    actions.save_offer(cast.draft, {"title": "Geändert"}, actor=cast.city_editor)
    client = client_for(cast.observer)
    url = f"{edit_url(cast.draft)}versionen/{first.history_id}/"
    assert "wiederherstellen" not in client.get(url).content.decode()
    assert client.post(f"{url}wiederherstellen/").status_code == 403
    assert Offer.objects.get(pk=cast.draft.pk).title == "Geändert"


# --- Providers ----------------------------------------------------------------------------------


def test_a_provider_editor_saves_their_provider_directly(cast) -> None:
    client = client_for(cast.caritas_editor)
    url = f"/staff/redaktion/traeger/{cast.caritas.uuid}/"
    data = form_data(client.get(url).context["form"])
    data["phone"] = "0561 7004-0"

    assert client.post(url, data).status_code == 302
    provider = Provider.objects.get(pk=cast.caritas.pk)
    assert provider.phone == "0561 7004-0"
    assert provider.history.count() == 2
    assert AuditEntry.objects.filter(action="provider.save", actor=cast.caritas_editor).exists()


def test_a_provider_editor_cannot_see_or_save_another_provider(cast) -> None:
    client = client_for(cast.caritas_editor)
    url = f"/staff/redaktion/traeger/{cast.bengi.uuid}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Gekapert"}).status_code == 404
    assert Provider.objects.get(pk=cast.bengi.pk).name == "Bengi e. V."


def test_a_city_editor_creates_and_publishes_a_provider(cast) -> None:
    client = client_for(cast.city_editor)
    blank = form_data(client.get("/staff/redaktion/traeger/neu/").context["form"])
    blank.update(name="Neue Initiative", provider_type=str(cast.bengi.provider_type.pk))
    response = client.post("/staff/redaktion/traeger/neu/", blank)
    assert response.status_code == 302
    provider = Provider.objects.get(name="Neue Initiative")
    assert provider.status == EditorialStatus.DRAFT

    client.post(f"/staff/redaktion/traeger/{provider.uuid}/aktion/publish/")
    provider.refresh_from_db()
    assert provider.status == EditorialStatus.PUBLISHED


def test_a_location_of_another_provider_is_not_offered_to_a_provider_editor(cast) -> None:
    theirs = Location.objects.create(region=cast.kassel, provider=cast.bengi, name="Bengi-Treff")
    mine = Location.objects.create(region=cast.kassel, provider=cast.caritas, name="Caritas-Haus")
    form = client_for(cast.caritas_editor).get(edit_url(cast.draft)).context["form"]
    choices = set(form.fields["locations"].queryset)
    assert mine in choices
    assert theirs not in choices
