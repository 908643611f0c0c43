"""API v1 providers, vocabularies, regions and districts: only published providers, labels in
the language asked for, GeoJSON with the attribution the geodata licence requires."""

from __future__ import annotations

import pytest

from tests.api_support import offers_in_every_state
from tests.conftest import make_provider
from wegweiser.directory.models import Area, District, EditorialStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(kassel, landkreis):
    return offers_in_every_state(kassel, landkreis)


def test_it_lists_only_published_providers(client, offers):
    make_provider("Geheimer Entwurf e. V.", status=EditorialStatus.DRAFT)
    make_provider("Archivierter Verein", status=EditorialStatus.ARCHIVED)
    response = client.get("/api/v1/providers", {"page_size": 100})
    assert response.status_code == 200
    names = [p["name"] for p in response.json()["results"]]
    assert "Kulturverein Nord e. V." in names
    assert "Geheimer Entwurf e. V." not in names
    assert "Archivierter Verein" not in names


def test_a_provider_lists_only_its_published_offers(client, offers):
    provider = offers["kurs"].provider
    response = client.get(f"/api/v1/providers/{provider.uuid}")
    assert response.status_code == 200
    assert sorted(response.json()["offers"]) == sorted(
        [str(offers["kurs"].uuid), str(offers["cafe"].uuid)]
    )
    draft = make_provider("Entwurf", status=EditorialStatus.DRAFT)
    assert client.get(f"/api/v1/providers/{draft.uuid}").status_code == 404


def test_providers_filter_by_name_and_type(client, offers):
    found = client.get("/api/v1/providers", {"q": "kulturverein"}).json()
    assert [p["name"] for p in found["results"]] == ["Kulturverein Nord e. V."]
    bad = client.get("/api/v1/providers", {"provider_type": "mafia"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["parameter"] == "provider_type"


def test_vocabularies_in_the_language_asked_for(client, reference):
    response = client.get("/api/v1/vocabularies", {"lang": "en"})
    assert response.status_code == 200
    vocabularies = {v["name"]: v for v in response.json()}
    assert set(vocabularies) == {
        "area",
        "age",
        "gender",
        "target",
        "language",
        "provider_type",
        "kind",
        "network",
    }
    areas = {t["code"]: t["label"] for t in vocabularies["area"]["values"]}
    assert areas["sprachfoerderung"] == "Language support"


def test_an_inactive_value_is_not_listed(client, reference):
    Area.objects.filter(code="religion").update(active=False)
    values = client.get("/api/v1/vocabularies/area").json()["values"]
    assert "religion" not in [v["code"] for v in values]
    assert client.get("/api/v1/vocabularies/nothing").status_code == 404


def test_regions_and_districts_with_offer_counts(client, offers):
    regions = client.get("/api/v1/regions").json()
    assert [r["slug"] for r in regions] == ["stadt-kassel", "landkreis-kassel"]
    districts = client.get("/api/v1/districts", {"region": "stadt-kassel"}).json()
    assert len(districts) == 23
    nord = next(d for d in districts if d["code"] == "11")
    assert nord["published_offers"] == 1  # the course there; not the draft, not citywide ones
    assert client.get("/api/v1/districts", {"region": "x"}).status_code == 400


def test_districts_as_geojson_with_the_attribution(client, offers):
    response = client.get("/api/v1/districts/geojson", {"region": "stadt-kassel"})
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert "Stadt Kassel, Vermessung und Geoinformation" in collection["attribution"]
    feature = next(f for f in collection["features"] if f["properties"]["code"] == "11")
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert (
        feature["geometry"] == District.objects.get(region__slug="stadt-kassel", code="11").geometry
    )
