"""Version history: one version per save, with the many-valued relations of that moment."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.admin_forms import change_form_data, superuser
from tests.conftest import make_offer, make_provider
from wegweiser.directory.history import (
    TrackedHistory,
    record_version,
    record_versions,
    save_with_relations,
)
from wegweiser.directory.models import (
    AgeGroup,
    District,
    EditorialStatus,
    Gender,
    Language,
    Location,
    Network,
    Offer,
    OfferKind,
    OfferLocation,
    OfferTranslation,
    Provider,
    Region,
)


def age_groups(*codes: str) -> list[AgeGroup]:
    return list(AgeGroup.objects.filter(code__in=codes))


def languages(*codes: str) -> list[Language]:
    return list(Language.objects.filter(code__in=codes))


def districts(region: Region, *codes: str) -> list[District]:
    return list(District.objects.filter(region=region, code__in=codes))


def recorded(version, relation: str, attribute: str) -> set[str]:
    """The values of ``relation`` as ``version`` recorded them (codes, names)."""
    return {str(getattr(row, attribute)) for row in getattr(version, relation).all()}


def recorded_codes(version, relation: str, target: str) -> set[str]:
    return {getattr(row, target).code for row in getattr(version, relation).all()}


# --- save_with_relations -----------------------------------------------------------------------


def test_creating_an_offer_records_exactly_one_version(kassel) -> None:
    offer = make_offer(
        kassel,
        relations={
            "age_groups": age_groups("kinder", "jugendliche"),
            "languages": languages("de", "tr"),
            "districts": districts(kassel, "05", "11"),
        },
    )
    assert offer.history.count() == 1
    version = offer.history.get()
    assert version.history_type == "+"
    assert version.title == "Deutschkurs am Vormittag"
    assert recorded_codes(version, "age_groups", "agegroup") == {"kinder", "jugendliche"}
    assert recorded_codes(version, "languages", "language") == {"de", "tr"}
    assert recorded_codes(version, "districts", "district") == {"05", "11"}


def test_every_later_save_records_one_version_with_the_relations_of_that_moment(kassel) -> None:
    partner = make_provider("Caritas Nordhessen", "wohlfahrtsverband")
    offer = make_offer(
        kassel,
        relations={"age_groups": age_groups("erwachsene"), "languages": languages("de")},
    )

    offer.title = "Deutschkurs am Nachmittag"
    save_with_relations(
        offer,
        {
            "age_groups": age_groups("erwachsene", "senioren"),
            "languages": languages("de", "ar", "uk"),
            "districts": districts(kassel, "05"),
            "partners": [partner],
        },
    )
    save_with_relations(offer, {"languages": languages("ru")})

    assert offer.history.count() == 3
    third, second, first = offer.history.all()
    assert [first.history_type, second.history_type, third.history_type] == ["+", "~", "~"]

    assert first.title == "Deutschkurs am Vormittag"
    assert recorded_codes(first, "age_groups", "agegroup") == {"erwachsene"}
    assert recorded_codes(first, "languages", "language") == {"de"}
    assert recorded_codes(first, "districts", "district") == set()
    assert recorded(first, "partners", "provider") == set()

    assert second.title == "Deutschkurs am Nachmittag"
    assert recorded_codes(second, "age_groups", "agegroup") == {"erwachsene", "senioren"}
    assert recorded_codes(second, "languages", "language") == {"de", "ar", "uk"}
    assert recorded_codes(second, "districts", "district") == {"05"}
    assert recorded(second, "partners", "provider") == {"Caritas Nordhessen"}

    # Relations not passed are kept as they were, and recorded as such.
    assert recorded_codes(third, "age_groups", "agegroup") == {"erwachsene", "senioren"}
    assert recorded_codes(third, "languages", "language") == {"ru"}
    assert recorded(third, "partners", "provider") == {"Caritas Nordhessen"}


def test_the_locations_of_a_version_are_recorded(kassel) -> None:
    centre = Location.objects.create(region=kassel, name="Stadtteilzentrum Wesertor")
    library = Location.objects.create(region=kassel, name="Stadtbibliothek")
    offer = make_offer(kassel, relations={"locations": [centre]})
    save_with_relations(offer, {"locations": [library]})
    newest, oldest = offer.history.all()
    assert recorded(oldest, "locations", "location") == {"Stadtteilzentrum Wesertor"}
    assert recorded(newest, "locations", "location") == {"Stadtbibliothek"}


def test_a_save_that_fails_records_no_version(kassel) -> None:
    offer = make_offer(kassel)
    offer.title = "Geändert"
    with pytest.raises(TypeError):
        save_with_relations(offer, {"age_groups": [object()]})  # type: ignore[list-item]
    assert offer.history.count() == 1
    assert Offer.objects.get(pk=offer.pk).title == "Deutschkurs am Vormittag"


def test_the_status_of_every_version_is_kept(kassel) -> None:
    offer = make_offer(kassel, status=EditorialStatus.DRAFT)
    offer.status = EditorialStatus.PUBLISHED
    save_with_relations(offer)
    offer.status = EditorialStatus.ARCHIVED
    save_with_relations(offer)
    statuses = list(offer.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["draft", "published", "archived"]


def test_the_state_at_a_past_moment_can_be_read_back(kassel) -> None:
    before_anything = timezone.now()
    offer = make_offer(kassel, "Entwurf eines Sprachcafés", status=EditorialStatus.DRAFT)
    while_draft = timezone.now()
    offer.title = "Sprachcafé"
    offer.status = EditorialStatus.PUBLISHED
    save_with_relations(offer)
    while_published = timezone.now()
    offer.status = EditorialStatus.ARCHIVED
    save_with_relations(offer)

    assert list(Offer.history.as_of(before_anything)) == []
    [as_draft] = Offer.history.as_of(while_draft)
    assert (as_draft.title, as_draft.status) == ("Entwurf eines Sprachcafés", "draft")
    [as_published] = Offer.history.as_of(while_published)
    assert (as_published.title, as_published.status) == ("Sprachcafé", "published")
    assert Offer.history.as_of(while_published).filter(status="published").count() == 1
    assert Offer.history.as_of(timezone.now()).get().status == "archived"
    assert offer.history.as_of(while_draft).status == "draft"


def test_the_version_names_who_saved_it_and_why(kassel) -> None:
    editor = superuser()
    offer = make_offer(kassel)
    offer.title = "Deutschkurs, korrigiert"
    save_with_relations(offer, user=editor, reason="Tippfehler im Titel")
    latest = offer.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Tippfehler im Titel"
    first = offer.history.last()
    assert first.history_user is None
    assert not first.history_change_reason


def test_a_version_without_a_change_to_its_fields_still_records_the_relations(kassel) -> None:
    offer = make_offer(kassel)
    save_with_relations(offer, {"age_groups": age_groups("kinder")})
    assert offer.history.count() == 2
    assert recorded_codes(offer.history.first(), "age_groups", "agegroup") == {"kinder"}


# --- Providers ---------------------------------------------------------------------------------


def test_provider_networks_are_recorded_with_every_version(reference) -> None:
    network = Network.objects.get(code="arbeitskreis-integration")
    provider = make_provider("Kulturzentrum Schlachthof")
    save_with_relations(provider, {"networks": [network]})
    save_with_relations(provider, {"networks": []})

    assert provider.history.count() == 3
    newest, middle, oldest = provider.history.all()
    assert recorded_codes(oldest, "networks", "network") == set()
    assert recorded_codes(middle, "networks", "network") == {"arbeitskreis-integration"}
    assert recorded_codes(newest, "networks", "network") == set()
    assert list(Provider.objects.in_network(network)) == []


def test_provider_districts_served_are_recorded(kassel) -> None:
    provider = make_provider()
    save_with_relations(provider, {"districts_served": districts(kassel, "01", "02")})
    assert recorded_codes(provider.history.first(), "districts_served", "district") == {"01", "02"}


# --- The admin records one version per save ------------------------------------------------------


@pytest.fixture
def superuser_client(client, db):
    client.force_login(superuser())
    return client


def test_saving_an_offer_in_the_admin_records_exactly_one_version(superuser_client, kassel) -> None:
    offer = make_offer(
        kassel,
        relations={"age_groups": age_groups("erwachsene"), "languages": languages("de")},
    )
    OfferTranslation.objects.create(offer=offer, language="en", title="German course")
    url = reverse("admin:directory_offer_change", args=[offer.pk])
    data = change_form_data(superuser_client.get(url))
    data["title"] = "Deutschkurs für Eltern"
    data["age_groups"] = [group.pk for group in age_groups("erwachsene", "senioren")]
    data["languages"] = [language.pk for language in languages("de", "ar")]
    data["districts"] = [district.pk for district in districts(kassel, "05")]

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert offer.history.count() == 2
    latest = offer.history.first()
    assert latest.history_type == "~"
    assert latest.title == "Deutschkurs für Eltern"
    assert recorded_codes(latest, "age_groups", "agegroup") == {"erwachsene", "senioren"}
    assert recorded_codes(latest, "languages", "language") == {"de", "ar"}
    assert recorded_codes(latest, "districts", "district") == {"05"}
    assert latest.history_user.email == "admin@example.org"


def test_the_admin_change_with_only_relations_changed_records_one_version(
    superuser_client, kassel
) -> None:
    offer = make_offer(kassel)
    url = reverse("admin:directory_offer_change", args=[offer.pk])
    data = change_form_data(superuser_client.get(url))
    data["age_groups"] = [group.pk for group in age_groups("kinder", "jugendliche")]
    data["partners"] = [make_provider("AWO Nordhessen", "wohlfahrtsverband").pk]

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert offer.history.count() == 2
    latest = offer.history.first()
    assert recorded_codes(latest, "age_groups", "agegroup") == {"kinder", "jugendliche"}
    assert recorded(latest, "partners", "provider") == {"AWO Nordhessen"}


def test_adding_an_offer_in_the_admin_records_one_created_version(superuser_client, kassel) -> None:
    provider = make_provider()
    add_url = reverse("admin:directory_offer_add")
    data = change_form_data(superuser_client.get(add_url))
    offer_values = {
        "region": kassel.pk,
        "provider": provider.pk,
        "title": "Neues Elterncafé",
        "kind": OfferKind.objects.get(code=OfferKind.REGULAR).pk,
        "gender": Gender.objects.get(code=Gender.ALL).pk,
        "status": EditorialStatus.DRAFT,
        "age_groups": [group.pk for group in age_groups("erwachsene")],
    }
    data.update(offer_values)

    response = superuser_client.post(add_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    offer = Offer.objects.get(title="Neues Elterncafé")
    assert offer.history.count() == 1
    version = offer.history.get()
    assert version.history_type == "+"
    assert recorded_codes(version, "age_groups", "agegroup") == {"erwachsene"}
    assert version.history_user.email == "admin@example.org"


def test_saving_a_provider_in_the_admin_records_one_version_with_its_networks(
    superuser_client, reference
) -> None:
    provider = make_provider("Kulturzentrum Schlachthof")
    network = Network.objects.get(code="arbeitskreis-integration")
    url = reverse("admin:directory_provider_change", args=[provider.pk])
    data = change_form_data(superuser_client.get(url))
    data["networks"] = [network.pk]
    data["description"] = "Kultur und Bildung in der Nordstadt."

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert provider.history.count() == 2
    latest = provider.history.first()
    assert latest.description == "Kultur und Bildung in der Nordstadt."
    assert recorded_codes(latest, "networks", "network") == {"arbeitskreis-integration"}
    assert latest.history_user.email == "admin@example.org"


def test_the_admin_shows_the_versions_of_an_offer(superuser_client, kassel) -> None:
    offer = make_offer(kassel, status=EditorialStatus.DRAFT)
    offer.status = EditorialStatus.PUBLISHED
    save_with_relations(offer, reason="Freigegeben")
    response = superuser_client.get(reverse("admin:directory_offer_history", args=[offer.pk]))
    assert response.status_code == 200
    assert "Freigegeben" in response.content.decode()


def test_reverting_an_offer_in_the_admin_records_one_version(superuser_client, kassel) -> None:
    offer = make_offer(kassel, "Sprachcafé", status=EditorialStatus.DRAFT)
    first = offer.history.get()
    offer.title = "Sprachcafé im Stadtteilzentrum"
    offer.status = EditorialStatus.PUBLISHED
    save_with_relations(offer)
    revert_url = reverse("admin:directory_offer_simple_history", args=[offer.pk, first.history_id])
    data = change_form_data(superuser_client.get(revert_url))
    assert data["title"] == "Sprachcafé"

    response = superuser_client.post(revert_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    offer.refresh_from_db()
    assert (offer.title, offer.status) == ("Sprachcafé", "draft")
    assert offer.history.count() == 3
    latest = offer.history.first()
    assert (latest.title, latest.status) == ("Sprachcafé", "draft")
    assert latest.history_user.email == "admin@example.org"


# --- Many versions at once (record_versions) ---------------------------------------------------


def _history_rows(model: type, after: int) -> list[dict]:
    """The versions of ``model`` newer than history id ``after``, each with its relation rows,
    without what necessarily differs between two recordings (ids and dates)."""
    history = TrackedHistory.by_model[model]
    rows = []
    versions = getattr(model, history.manager_name).filter(history_id__gt=after)
    for version in versions.order_by("id", "history_id"):
        row = {
            field.attname: getattr(version, field.attname)
            for field in version._meta.fields
            if field.attname not in {"history_id", "history_date"}
        }
        for field in history.get_m2m_fields_from_model(model):
            links = history.m2m_models[field].objects.filter(history=version)
            row[field.name] = sorted(
                (
                    {
                        column.attname: getattr(link, column.attname)
                        for column in link._meta.fields
                        if column.attname not in {"m2m_history_id", "history_id"}
                    }
                    for link in links
                ),
                key=repr,
            )
        rows.append(row)
    return rows


def _last_history_id(model: type) -> int:
    return (
        getattr(model, TrackedHistory.by_model[model].manager_name).aggregate(
            last=Max("history_id")
        )["last"]
        or 0
    )


def _assorted_objects(kassel: Region) -> list:
    """Offers with every tracked relation (none, one, several), providers, a location."""
    partner = make_provider("AWO Nordhessen", "wohlfahrtsverband")
    save_with_relations(
        partner,
        {
            "networks": Network.objects.filter(code="arbeitskreis-integration"),
            "districts_served": districts(kassel, "01", "02"),
        },
    )
    centre = Location.objects.create(region=kassel, name="Stadtteilzentrum", street="Weg 1")
    library = Location.objects.create(region=kassel, name="Stadtbibliothek")
    full = make_offer(
        kassel,
        "Alles",
        external_id="A-1",
        relations={
            "age_groups": age_groups("kinder", "jugendliche"),
            "languages": languages("de", "tr", "ar"),
            "districts": districts(kassel, "05", "11"),
            "partners": [partner],
            "locations": [centre, library],
        },
    )
    bare = make_offer(kassel, "Nichts", status=EditorialStatus.DRAFT, area=None)
    some = make_offer(kassel, "Etwas", citywide=True, relations={"languages": languages("uk")})
    return [full, bare, partner, some, centre, library, full.provider]


@pytest.mark.parametrize("bulk_insert_returns_ids", [True, False])
def test_recording_many_versions_at_once_writes_what_recording_them_one_by_one_writes(
    kassel, monkeypatch, bulk_insert_returns_ids
) -> None:
    editor = superuser()
    objects = _assorted_objects(kassel)
    created = [False, True, False, True, False, True, False]
    models_ = [Offer, Provider, Location]

    before_single = {model: _last_history_id(model) for model in models_}
    for instance, flag in zip(objects, created, strict=True):
        record_version(instance, created=flag, user=editor, reason="Import aus „a.csv“")
    one_by_one = {model: _history_rows(model, before_single[model]) for model in models_}

    if not bulk_insert_returns_ids:
        monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    before_bulk = {model: _last_history_id(model) for model in models_}
    record_versions(objects, created=created, user=editor, reason="Import aus „a.csv“")
    at_once = {model: _history_rows(model, before_bulk[model]) for model in models_}

    assert at_once == one_by_one
    offers = at_once[Offer]
    assert [row["title"] for row in offers] == ["Alles", "Nichts", "Etwas"]
    assert [row["history_type"] for row in offers] == ["~", "+", "+"]
    assert {row["history_user_id"] for row in offers} == {editor.pk}
    assert {row["history_change_reason"] for row in offers} == {"Import aus „a.csv“"}
    assert len(offers[0]["locations"]) == 2 and len(offers[0]["partners"]) == 1
    assert {link["uuid"] for link in offers[0]["locations"]} == set(
        OfferLocation.objects.filter(offer=objects[0]).values_list("uuid", flat=True)
    )
    assert len(at_once[Provider][0]["districts_served"]) == 2


def test_versions_recorded_at_once_are_found_like_any_other(kassel) -> None:
    offers = [make_offer(kassel, f"Angebot {number}") for number in range(3)]
    for offer in offers:
        offer.title += " (geändert)"
        offer.save_without_historical_record()  # type: ignore[attr-defined]

    record_versions(offers, created=False, reason="Sammelimport")

    for offer in offers:
        latest, first = offer.history.all()
        assert latest.title.endswith("(geändert)") and first.history_type == "+"
        assert latest.history_change_reason == "Sammelimport"
        assert latest.history_user is None
        assert latest.prev_record == first


def test_recording_many_versions_takes_the_same_number_of_queries_for_few_and_many(
    kassel,
) -> None:
    few = [
        make_offer(kassel, f"Wenige {n}", relations={"languages": languages("de")})
        for n in range(2)
    ]
    many = [
        make_offer(kassel, f"Viele {n}", relations={"languages": languages("de", "tr")})
        for n in range(8)
    ]
    with CaptureQueriesContext(connection) as for_few:
        record_versions(few, created=False)
    with CaptureQueriesContext(connection) as for_many:
        record_versions(many, created=False)
    assert len(for_few) == len(for_many)
    assert sum(offer.history.count() for offer in many) == 16


def test_recording_many_versions_needs_one_flag_per_object_and_each_object_saved_once(
    kassel,
) -> None:
    offer = make_offer(kassel)
    with pytest.raises(ValueError, match="one 'created' flag"):
        record_versions([offer], created=[True, False])
    with pytest.raises(ValueError, match="not saved"):
        record_versions([Offer(title="Ungespeichert")], created=True)
    with pytest.raises(ValueError, match="appears twice"):
        record_versions([offer, Offer.objects.get(pk=offer.pk)], created=False)
    assert offer.history.count() == 1
