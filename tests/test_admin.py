"""The interim admin: every page opens, only staff get in, offers stay consistent; the home page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from tests.admin_forms import PASSWORD, change_form_data, superuser
from tests.conftest import make_offer, make_provider
from wegweiser.accounts.models import Membership, Role, User
from wegweiser.directory import demo
from wegweiser.directory.history import save_with_relations
from wegweiser.directory.models import (
    District,
    EditorialStatus,
    Gender,
    Location,
    Offer,
    OfferKind,
    OfferTranslation,
    ProviderTranslation,
    Region,
)


@pytest.fixture
def directory(reference) -> None:
    """The Kassel demo content where its file exists; otherwise a little of everything."""
    if demo.DEMO_FILE.exists():
        demo.load()
    else:
        provider = make_provider("Kulturzentrum Schlachthof e. V.")
        location = Location.objects.create(
            region=Region.objects.get(slug="stadt-kassel"), provider=provider, name="Schlachthof"
        )
        make_offer(
            Region.objects.get(slug="stadt-kassel"),
            provider=provider,
            relations={"locations": [location]},
        )
    offer = Offer.objects.order_by("pk")[0]
    provider = offer.provider
    OfferTranslation.objects.create(offer=offer, language="en", title="An offer")
    ProviderTranslation.objects.create(provider=provider, language="en", description="A provider")


def directory_models() -> list[tuple[type[models.Model], Any]]:
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "directory"
    ]


def url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def offer_titles(response: Any) -> set[str]:
    return {offer.title for offer in response.context["cl"].result_list}


# --- Every page opens ----------------------------------------------------------------------------


def test_every_directory_model_is_in_the_admin() -> None:
    registered = {model.__name__ for model, _admin in directory_models()}
    assert {
        "Region",
        "District",
        "Area",
        "AgeGroup",
        "Gender",
        "OfferKind",
        "ProviderType",
        "TargetGroup",
        "Language",
        "Network",
        "Provider",
        "Location",
        "Offer",
    } <= registered


def test_every_directory_changelist_opens(superuser_client, directory) -> None:
    for model, _model_admin in directory_models():
        response = superuser_client.get(url(model, "changelist"))
        assert response.status_code == 200, model.__name__
        assert response.context["cl"].result_count == model._default_manager.count(), model.__name__


def test_every_directory_add_page_opens_where_adding_is_allowed(
    superuser_client, directory
) -> None:
    request = superuser_client.get(reverse("admin:index")).wsgi_request
    for model, model_admin in directory_models():
        expected = 200 if model_admin.has_add_permission(request) else 403
        response = superuser_client.get(url(model, "add"))
        assert response.status_code == expected, model.__name__


def test_every_directory_change_page_opens(superuser_client, directory) -> None:
    for model, _model_admin in directory_models():
        instance = model._default_manager.first()
        assert instance is not None, f"no {model.__name__} to open"
        response = superuser_client.get(url(model, "change", instance.pk))
        assert response.status_code == 200, model.__name__


def test_the_history_pages_of_versioned_models_open(superuser_client, directory) -> None:
    for model, model_admin in directory_models():
        if hasattr(model_admin, "history_view"):
            instance = model._default_manager.first()
            assert instance is not None, f"no {model.__name__} to open"
            response = superuser_client.get(url(model, "history", instance.pk))
            assert response.status_code == 200, model.__name__


def test_the_admin_index_lists_the_directory(superuser_client, directory) -> None:
    response = superuser_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert reverse("admin:directory_offer_changelist") in response.content.decode()


# --- Search and filters --------------------------------------------------------------------------


def test_the_offer_list_searches_titles_and_provider_names(superuser_client, kassel) -> None:
    schlachthof = make_provider("Kulturzentrum Schlachthof e. V.")
    make_offer(kassel, "Interkulturelles Theater", provider=schlachthof)
    make_offer(kassel, "Schlachthof-Sprachcafé")
    make_offer(kassel, "Bewerbungstraining")

    response = superuser_client.get(url(Offer, "changelist"), {"q": "Schlachthof"})

    assert response.status_code == 200
    assert offer_titles(response) == {"Interkulturelles Theater", "Schlachthof-Sprachcafé"}


def test_the_offer_list_filters_by_region(superuser_client, kassel, landkreis) -> None:
    make_offer(kassel, "In Kassel")
    make_offer(landkreis, "Im Landkreis")

    response = superuser_client.get(url(Offer, "changelist"), {"region__id__exact": landkreis.pk})

    assert response.status_code == 200
    assert offer_titles(response) == {"Im Landkreis"}


def test_the_offer_list_filters_by_status(superuser_client, kassel) -> None:
    make_offer(kassel, "Veröffentlicht")
    make_offer(kassel, "Entwurf", status=EditorialStatus.DRAFT)

    response = superuser_client.get(url(Offer, "changelist"), {"status__exact": "draft"})

    assert offer_titles(response) == {"Entwurf"}


def test_the_district_list_searches_alternative_names(superuser_client, kassel) -> None:
    response = superuser_client.get(url(District, "changelist"), {"q": "Nord-Holland"})
    assert [district.code for district in response.context["cl"].result_list] == ["11"]


# --- Who gets in --------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Offer, District, Region])
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, model) -> None:
    target = url(model, "changelist")
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={target}"


def sign_in(client, email: str) -> Any:
    """The admin has no login form of its own: administrators sign in on the staff login."""
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": PASSWORD, "next": reverse("admin:index")},
    )


def test_the_admin_login_forwards_to_the_staff_login_keeping_the_target(client, db) -> None:
    response = client.get(f"{reverse('admin:login')}?next=/admin/directory/offer/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/anmelden/?next=%2Fadmin%2Fdirectory%2Foffer%2F"


def test_a_password_posted_to_the_admin_login_signs_nobody_in(client, db) -> None:
    superuser()
    response = client.post(
        reverse("admin:login"), {"username": "admin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_staff_sign_in_with_their_email_address(client, db) -> None:
    superuser()
    response = sign_in(client, "admin@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_sign_in_whatever_the_case_of_their_email_address(client, db) -> None:
    superuser("Admin@Example.org")
    assert User.objects.get().email == "admin@example.org"
    response = sign_in(client, "Admin@Example.org")
    assert response.status_code == 302


def test_a_wrong_password_keeps_the_door_shut(client, db) -> None:
    superuser()
    response = client.post(
        reverse("accounts:login"),
        {"username": "admin@example.org", "password": "falsch-falsch-1"},
    )
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_signed_in_user_who_is_not_staff_gets_no_access(client, kassel) -> None:
    User.objects.create_user("nutzerin@example.org", PASSWORD)
    assert client.login(email="nutzerin@example.org", password=PASSWORD)
    offer = make_offer(kassel)

    for target in (
        reverse("admin:index"),
        url(Offer, "changelist"),
        url(Offer, "change", offer.pk),
    ):
        response = client.get(target)
        assert response.status_code == 302, target
        assert response["Location"].startswith(reverse("admin:login"))

    response = client.post(url(Offer, "change", offer.pk), {"title": "Übernommen"})
    assert response.status_code == 302
    assert Offer.objects.get(pk=offer.pk).title == offer.title


def test_a_signed_in_non_administrator_is_refused_not_sent_round_in_circles(client, db) -> None:
    User.objects.create_user("nutzerin@example.org", PASSWORD)
    assert client.login(email="nutzerin@example.org", password=PASSWORD)
    response = client.get("/staff/anmelden/?next=/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 2  # staff login → admin → admin login: refused


def test_only_administrators_enter_the_admin_not_other_staff(client, kassel) -> None:
    # The admin is for superusers; staff (the is_staff flag, a city editor) use the staff pages.
    praktikant = User.objects.create_user("praktikant@example.org", PASSWORD, is_staff=True)
    Membership.objects.create(user=praktikant, region=kassel, role=Role.CITY_EDITOR)
    assert client.login(email="praktikant@example.org", password=PASSWORD)
    offer = make_offer(kassel)
    for target in (url(Offer, "changelist"), url(Offer, "change", offer.pk), url(Offer, "add")):
        response = client.get(target)
        assert response.status_code == 302, target
        assert response["Location"].startswith(reverse("admin:login"))
    client.post(url(Offer, "change", offer.pk), {"title": "Übernommen"})
    assert Offer.objects.get(pk=offer.pk).title == offer.title


# --- The offer form keeps offers consistent ------------------------------------------------------


def test_the_offer_form_refuses_citywide_with_districts(superuser_client, kassel) -> None:
    offer = make_offer(kassel, relations={"districts": list(District.objects.filter(code="05"))})
    target = url(Offer, "change", offer.pk)
    data = change_form_data(superuser_client.get(target))
    data["citywide"] = "on"
    data["title"] = "Soll nicht gespeichert werden"

    response = superuser_client.post(target, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ein Angebot für die ganze Region (00) hat keine einzelnen Stadtteile." in page
    offer.refresh_from_db()
    assert offer.citywide is False
    assert offer.title == "Deutschkurs am Vormittag"
    assert offer.district_codes == ["05"]
    assert offer.history.count() == 1


def test_the_offer_form_refuses_districts_of_another_region(
    superuser_client, kassel, landkreis
) -> None:
    offer = make_offer(kassel)
    target = url(Offer, "change", offer.pk)
    data = change_form_data(superuser_client.get(target))
    data["districts"] = [District.objects.get(region=landkreis, code="06633026").pk]

    response = superuser_client.post(target, data)

    assert response.status_code == 200
    assert "Stadtteile einer anderen Region: 06633026 Vellmar" in response.content.decode()
    assert offer.districts.count() == 0


def test_the_offer_form_refuses_a_new_citywide_offer_with_districts(
    superuser_client, kassel
) -> None:
    provider = make_provider()
    target = url(Offer, "add")
    data = change_form_data(superuser_client.get(target))
    data.update(
        {
            "region": kassel.pk,
            "provider": provider.pk,
            "title": "Ganz Kassel und doch nicht",
            "kind": OfferKind.objects.get(code=OfferKind.COURSE).pk,
            "gender": Gender.objects.get(code=Gender.ALL).pk,
            "status": EditorialStatus.DRAFT,
            "citywide": "on",
            "districts": [District.objects.get(region=kassel, code="05").pk],
        }
    )

    response = superuser_client.post(target, data)

    assert response.status_code == 200
    assert "Ein Angebot für die ganze Region (00) hat keine einzelnen Stadtteile." in (
        response.content.decode()
    )
    assert not Offer.objects.filter(title="Ganz Kassel und doch nicht").exists()


def test_the_offer_form_refuses_a_location_of_another_region(
    superuser_client, kassel, landkreis
) -> None:
    offer = make_offer(kassel)
    elsewhere = Location.objects.create(region=landkreis, name="Rathaus Vellmar")
    target = url(Offer, "change", offer.pk)
    data = change_form_data(superuser_client.get(target))
    data["offerlocation_set-TOTAL_FORMS"] = "1"
    data["offerlocation_set-0-offer"] = str(offer.pk)
    data["offerlocation_set-0-location"] = str(elsewhere.pk)

    response = superuser_client.post(target, data)

    assert response.status_code == 200
    assert "Orte einer anderen Region: Rathaus Vellmar" in response.content.decode()
    assert not offer.locations.exists()


def test_the_offer_form_refuses_to_move_an_offer_away_from_its_locations(
    superuser_client, kassel, landkreis
) -> None:
    centre = Location.objects.create(region=kassel, name="Stadtteilzentrum Wesertor")
    offer = make_offer(kassel, relations={"locations": [centre]})
    target = url(Offer, "change", offer.pk)
    data = change_form_data(superuser_client.get(target))
    data["region"] = str(landkreis.pk)

    response = superuser_client.post(target, data)

    assert response.status_code == 200
    assert "Orte einer anderen Region: Stadtteilzentrum Wesertor" in response.content.decode()
    offer.refresh_from_db()
    assert offer.region == kassel


def test_the_offer_form_adds_a_location_of_its_region(superuser_client, kassel) -> None:
    offer = make_offer(kassel)
    centre = Location.objects.create(region=kassel, name="Stadtteilzentrum Wesertor")
    target = url(Offer, "change", offer.pk)
    data = change_form_data(superuser_client.get(target))
    data["offerlocation_set-TOTAL_FORMS"] = "1"
    data["offerlocation_set-0-offer"] = str(offer.pk)
    data["offerlocation_set-0-location"] = str(centre.pk)

    response = superuser_client.post(target, data)

    assert response.status_code == 302
    assert list(offer.locations.all()) == [centre]
    assert {row.location for row in offer.history.first().locations.all()} == {centre}


def test_the_offer_form_saves_a_consistent_change(superuser_client, kassel) -> None:
    offer = make_offer(kassel, relations={"districts": list(District.objects.filter(code="05"))})
    target = url(Offer, "change", offer.pk)
    data = change_form_data(superuser_client.get(target))
    data["citywide"] = "on"
    data["districts"] = []

    response = superuser_client.post(target, data)

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.citywide is True
    assert offer.district_codes == ["00"]


def test_saving_an_unchanged_offer_form_changes_nothing_but_adds_a_version(
    superuser_client, kassel
) -> None:
    verified_at = dt.datetime(2025, 3, 30, 1, 30, 15, tzinfo=dt.UTC)  # night of the DST change
    centre = Location.objects.create(region=kassel, name="Stadtteilzentrum Wesertor")
    offer = make_offer(
        kassel,
        contact_phone="0561 123",
        barrier_free=True,
        childcare=False,
        hours=Decimal("22.5"),
        start_date=dt.date(2025, 1, 6),
        verified_at=verified_at,
        relations={"districts": list(District.objects.filter(code="05")), "locations": [centre]},
    )
    OfferTranslation.objects.create(offer=offer, language="en", title="German course")
    target = url(Offer, "change", offer.pk)

    response = superuser_client.post(target, change_form_data(superuser_client.get(target)))

    assert response.status_code == 302
    saved = Offer.objects.get(pk=offer.pk)
    assert (saved.title, saved.contact_phone, saved.hours, saved.start_date) == (
        "Deutschkurs am Vormittag",
        "0561 123",
        Decimal("22.5"),
        dt.date(2025, 1, 6),
    )
    assert (saved.barrier_free, saved.childcare, saved.registration_required) == (True, False, None)
    assert saved.verified_at == verified_at
    assert saved.district_codes == ["05"]
    assert list(saved.locations.all()) == [centre]
    assert saved.translated("title", "en") == "German course"
    assert saved.translation_state("en") == "current"
    assert saved.history.count() == 2


# --- The home page ------------------------------------------------------------------------------


def test_the_home_page_lists_both_regions_with_their_published_offers(
    client, kassel, landkreis
) -> None:
    for title in ("Sprachcafé", "Elterncafé", "Hausaufgabenhilfe"):
        make_offer(kassel, title)
    make_offer(kassel, "Entwurf", status=EditorialStatus.DRAFT)
    make_offer(kassel, "In Prüfung", status=EditorialStatus.IN_REVIEW)
    make_offer(landkreis, "Frauentreff Vellmar")
    make_offer(landkreis, "Altes Projekt", status=EditorialStatus.ARCHIVED)

    response = client.get("/de/")

    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    regions = {region.name: region.published_offers for region in response.context["regions"]}
    assert regions == {"Stadt Kassel": 3, "Landkreis Kassel": 1}
    page = " ".join(response.content.decode().split())
    assert "Stadt Kassel</span>: 3 veröffentlichte Angebote" in page
    assert "Landkreis Kassel</span>: 1 veröffentlichtes Angebot" in page
    assert page.index("Stadt Kassel</span>") < page.index("Landkreis Kassel</span>")


def test_the_home_page_counts_a_region_without_offers_as_zero(client, reference) -> None:
    response = client.get("/de/")
    page = " ".join(response.content.decode().split())
    assert "Stadt Kassel</span>: 0 veröffentlichte Angebote" in page
    assert "Landkreis Kassel</span>: 0 veröffentlichte Angebote" in page


def test_the_home_page_is_german_even_when_the_browser_prefers_nothing(client, reference) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="", follow=True)
    assert response.redirect_chain == [("/de/", 302)]
    assert '<html lang="de"' in response.content.decode()


def test_the_root_redirects_by_the_browsers_language(client, reference) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


def test_the_english_home_page_is_served_under_en(client, kassel, landkreis) -> None:
    make_offer(kassel)
    response = client.get("/en/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert '<html lang="en"' in page
    assert "Stadt Kassel" in page
    assert "Landkreis Kassel" in page
    regions = {region.name: region.published_offers for region in response.context["regions"]}
    assert regions == {"Stadt Kassel": 1, "Landkreis Kassel": 0}


def test_an_unpublished_change_does_not_count(client, kassel) -> None:
    offer = make_offer(kassel)
    offer.status = EditorialStatus.ARCHIVED
    save_with_relations(offer)
    response = client.get("/de/")
    regions = {region.name: region.published_offers for region in response.context["regions"]}
    assert regions["Stadt Kassel"] == 0
