"""API v1 offers: the public site's search with every facet, pages, languages, only published
offers, and a 400 with a JSON message for every bad parameter."""

from __future__ import annotations

import pytest

from tests.api_support import HIDDEN_TITLES, offers_in_every_state
from tests.conftest import make_offer, make_provider
from wegweiser.directory.models import OfferTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(kassel, landkreis):
    return offers_in_every_state(kassel, landkreis)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [offer["title"] for offer in response.json()["results"]]


def test_it_lists_only_published_offers(client, offers):
    response = client.get("/api/v1/offers", {"sort": "name"})
    assert titles(response) == [
        "Deutschkurs für Frauen",
        "Frauentreff Vellmar",
        "Fußball am Abend",
        "Sprachcafé",
    ]
    assert response.json()["count"] == 4
    for title in HIDDEN_TITLES:
        assert title not in response.content.decode()


def test_a_search_finds_what_the_public_site_finds_and_never_a_draft(client, offers):
    found = titles(client.get("/api/v1/offers", {"q": "deutschkurs"}))
    assert found[0] == "Deutschkurs für Frauen"  # the title match first, then synonyms
    assert not set(found) & set(HIDDEN_TITLES)
    assert titles(client.get("/api/v1/offers", {"q": "entwurf"})) == []


def test_every_facet_filters(client, offers):
    assert titles(client.get("/api/v1/offers", {"area": "freizeit-sport"})) == ["Fußball am Abend"]
    assert titles(client.get("/api/v1/offers", {"region": "landkreis-kassel"})) == [
        "Frauentreff Vellmar"
    ]
    assert titles(client.get("/api/v1/offers", {"language": "ar"})) == ["Sprachcafé"]
    assert titles(client.get("/api/v1/offers", {"age": "erwachsene"})) == ["Deutschkurs für Frauen"]
    assert titles(client.get("/api/v1/offers", {"free": "true"})) == ["Deutschkurs für Frauen"]
    assert titles(client.get("/api/v1/offers", {"barrier_free": "true"})) == ["Fußball am Abend"]
    # District 11: its own offer and the offers for the whole city.
    nord = titles(
        client.get("/api/v1/offers", {"district": "11", "region": "stadt-kassel", "sort": "name"})
    )
    assert nord == ["Deutschkurs für Frauen", "Sprachcafé"]
    women = titles(client.get("/api/v1/offers", {"gender": "frauen", "area": "sprachfoerderung"}))
    assert sorted(women) == ["Deutschkurs für Frauen", "Sprachcafé"]
    several = titles(client.get("/api/v1/offers?area=freizeit-sport&area=sonstiges&sort=name"))
    assert several == ["Frauentreff Vellmar", "Fußball am Abend"]


def test_facets_come_with_counts(client, offers):
    facets = client.get("/api/v1/offers", {"area": "sprachfoerderung"}).json()["facets"]
    areas = {value["code"]: value for value in facets["area"]}
    assert areas["sprachfoerderung"] == {"code": "sprachfoerderung", "count": 2, "selected": True}
    assert areas["freizeit-sport"]["count"] == 1  # a facet's own filter is left out


def test_pages(client, offers):
    first = client.get("/api/v1/offers", {"sort": "name", "page_size": 3}).json()
    second = client.get("/api/v1/offers", {"sort": "name", "page_size": 3, "page": 2}).json()
    assert (first["count"], first["pages"], len(first["results"])) == (4, 2, 3)
    assert [o["title"] for o in second["results"]] == ["Sprachcafé"]
    beyond = client.get("/api/v1/offers", {"page": 9}).json()
    assert beyond["results"] == [] and beyond["count"] == 4


def test_the_language_parameter_translates_texts_and_labels(client, offers):
    OfferTranslation(offer=offers["cafe"], language="en", title="Language café").save()
    response = client.get("/api/v1/offers", {"lang": "en", "language": "ar"})
    offer = response.json()["results"][0]
    assert offer["title"] == "Language café"
    assert offer["language"] == "en"
    assert offer["area"] == {"code": "sprachfoerderung", "label": "Language support"}
    assert offer["url"].endswith(f"/en/angebote/{offers['cafe'].uuid}/")
    # German where no translation exists.
    kurs = client.get(f"/api/v1/offers/{offers['kurs'].uuid}", {"lang": "tr"}).json()
    assert kurs["title"] == "Deutschkurs für Frauen"


def test_one_offer_in_full(client, offers):
    response = client.get(f"/api/v1/offers/{offers['kurs'].uuid}")
    assert response.status_code == 200
    offer = response.json()
    assert offer["provider"]["name"] == "Kulturverein Nord e. V."
    assert offer["districts"] == ["11"]
    assert offer["cost"] == "kostenlos"
    assert offer["contact"]["phone"] == "0561 987"
    assert [g["code"] for g in offer["age_groups"]] == ["erwachsene"]
    assert response["Last-Modified"]
    assert client.get(f"/api/v1/offers/{offers['cafe'].uuid}").json()["districts"] == ["00"]


@pytest.mark.parametrize("state", ["draft", "review", "archived"])
def test_an_unpublished_offer_is_not_found(client, offers, state):
    response = client.get(f"/api/v1/offers/{offers[state].uuid}")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=100001", "page"),
        ("page_size=101", "page_size"),
        ("page_size=-1", "page_size"),
        ("area=nix", "area"),
        ("age=x&age=erwachsene", "age"),
        ("district=99", "district"),
        ("region=atlantis", "region"),
        ("gender=alle", "gender"),
        ("kind=%3Cscript%3E", "kind"),
        ("free=vielleicht", "free"),
        ("sort=random", "sort"),
        ("lang=fr", "lang"),
        ("q=%00", "q"),
        ("q=" + "x" * 201, "q"),
        ("provider_type=' OR 1=1 --", "provider_type"),
    ],
)
def test_a_bad_parameter_is_a_400_with_a_json_message(client, offers, query, parameter):
    response = client.get(f"/api/v1/offers?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert parameter in body["detail"]
    assert [error["parameter"] for error in body["errors"]] == [parameter]
    assert body["errors"][0]["message"]


def test_a_malformed_id_is_a_400(client, offers):
    response = client.get("/api/v1/offers/not-a-uuid")
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "offer_id"


def test_an_offer_shows_its_locations_published_partners_and_every_term(client, offers):
    from wegweiser.directory.models import AgeGroup, District, Location

    nord = District.objects.get(region=offers["kurs"].region, code="11")
    places = [
        Location.objects.create(
            region=offers["kurs"].region, name=name, street=street, city="Kassel", district=nord
        )
        for name, street in (("Zentrum", "Holländische Str. 1"), ("Bücherei", "Am Park 2"))
    ]
    partners = [make_provider("Stadtbibliothek"), make_provider("Geheim e. V.", status="draft")]
    offer = make_offer(
        offers["kurs"].region,
        "Lesepaten",
        description="Vorlesen am Nachmittag",
        relations={
            "locations": places,
            "partners": partners,
            "age_groups": list(AgeGroup.objects.filter(code__in=["kinder", "jugendliche"])),
        },
    )
    AgeGroup.objects.filter(code="kinder").update(active=False)
    OfferTranslation(offer=offer, language="en", title="Reading mentors").save()

    listed = client.get("/api/v1/offers", {"q": "Lesepaten", "lang": "en"}).json()["results"]
    single = client.get(f"/api/v1/offers/{offer.uuid}", {"lang": "en"}).json()

    assert listed == [single]
    assert single["title"] == "Reading mentors"
    assert single["description"] == "Vorlesen am Nachmittag"  # German where not translated
    assert [p["name"] for p in single["partners"]] == ["Stadtbibliothek"]
    assert [(p["name"], p["street"], p["district"]) for p in single["locations"]] == [
        ("Bücherei", "Am Park 2", "11"),
        ("Zentrum", "Holländische Str. 1", "11"),
    ]
    age = AgeGroup.objects.get(code="kinder")
    assert [term["code"] for term in single["age_groups"]] == ["kinder", "jugendliche"]
    assert single["age_groups"][0]["label"] == age.label_in("en")  # inactive, still its label


def test_a_page_of_offers_costs_the_same_queries_whatever_its_size(client, offers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wegweiser.directory.models import Location

    place = Location.objects.create(region=offers["kurs"].region, name="Treff", city="Kassel")
    partner = make_provider("Partner e. V.")
    for number in range(25):
        make_offer(
            offers["kurs"].region,
            f"Treffpunkt {number:02d}",
            relations={"locations": [place], "partners": [partner]},
        )
    client.get("/api/v1/offers", {"lang": "en"})  # the catalog is built once per change

    counts = []
    for size in (2, 25):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/offers", {"lang": "en", "page_size": size})
        assert len(response.json()["results"]) == size
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 6
