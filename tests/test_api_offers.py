"""API v1 offers: the public site's search with every facet, pages, languages, only published
offers, and a 400 with a JSON message for every bad parameter."""

from __future__ import annotations

import pytest

from tests.api_support import HIDDEN_TITLES, offers_in_every_state
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
