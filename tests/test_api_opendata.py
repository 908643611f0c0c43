"""Open data downloads: CSV of published offers, providers and indicators, with DCAT-AP.de
metadata naming the licence; formulas neutralised; suppressed values never written."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import override_settings

from tests.api_support import HIDDEN_TITLES, indicator, offers_in_every_state
from tests.conftest import make_offer, make_provider
from wegweiser.directory.models import EditorialStatus
from wegweiser.monitoring.models import IndicatorStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(kassel, landkreis):
    return offers_in_every_state(kassel, landkreis)


def rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_offers_csv_has_only_published_offers(client, offers):
    found = rows(client.get("/opendata/angebote.csv"))
    assert sorted(row["titel"] for row in found) == [
        "Deutschkurs für Frauen",
        "Frauentreff Vellmar",
        "Fußball am Abend",
        "Sprachcafé",
    ]
    kurs = next(row for row in found if row["titel"] == "Deutschkurs für Frauen")
    assert (kurs["id"], kurs["stadtteile"], kurs["bereich"]) == (
        str(offers["kurs"].uuid),
        "11",
        "sprachfoerderung",
    )
    only_kassel = rows(client.get("/opendata/angebote.csv", {"region": "landkreis-kassel"}))
    assert [row["titel"] for row in only_kassel] == ["Frauentreff Vellmar"]
    for bad in ("x", "\x00", "a" * 300, "stadt kassel"):
        response = client.get("/opendata/angebote.csv", {"region": bad})
        assert response.status_code == 400
        assert response.json()["detail"] == "Unknown region. See /api/v1/regions."


def test_formulas_are_neutralised(client, kassel):
    make_offer(kassel, '=HYPERLINK("http://example.org")', provider=make_provider("+Verein"))
    found = rows(client.get("/opendata/angebote.csv"))
    assert found[0]["titel"] == '\'=HYPERLINK("http://example.org")'
    providers = rows(client.get("/opendata/traeger.csv"))
    assert "'+Verein" in [row["name"] for row in providers]


def test_the_providers_csv_has_only_published_providers(client, offers):
    make_provider("Entwurf e. V.", status=EditorialStatus.DRAFT)
    names = [row["name"] for row in rows(client.get("/opendata/traeger.csv"))]
    assert "Kulturverein Nord e. V." in names
    assert "Entwurf e. V." not in names
    body = b"".join(client.get("/opendata/angebote.csv").streaming_content).decode()
    for title in HIDDEN_TITLES:
        assert title not in body


def test_the_indicators_csv_never_shows_a_suppressed_value(client, kassel):
    indicator(kassel, "00", "anteil_auslaender", zaehler=100, nenner=1000, wert="10.0")
    indicator(
        kassel,
        "05",
        "anteil_auslaender",
        zaehler=2,
        nenner=40,
        wert="5.0",
        status=IndicatorStatus.SUPPRESSED,
    )
    found = {row["gebiet"]: row for row in rows(client.get("/opendata/indikatoren.csv"))}
    assert found["00"]["zaehler"] == "100"
    assert (found["05"]["zaehler"], found["05"]["wert"], found["05"]["status"]) == (
        "",
        "",
        "gesperrt",
    )


def test_dcat_metadata_names_the_licence(client, offers):
    response = client.get("/opendata/")
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    catalog = json.loads(response.content)
    assert catalog["@type"] == "dcat:Catalog"
    datasets = {d["dct:identifier"]: d for d in catalog["dcat:dataset"]}
    assert set(datasets) == {
        "wegweiser-angebote",
        "wegweiser-traeger",
        "wegweiser-indikatoren",
        "wegweiser-stadtteile",
    }
    offers_dataset = datasets["wegweiser-angebote"]
    distribution = offers_dataset["dcat:distribution"][0]
    assert distribution["dcat:downloadURL"]["@id"] == "http://testserver/opendata/angebote.csv"
    assert distribution["dct:license"]["@id"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    geodata = datasets["wegweiser-stadtteile"]
    assert "Vermessung und Geoinformation" in geodata["dcatde:licenseAttributionByText"]


@override_settings(WEGWEISER_OPENDATA_LICENSE="http://dcat-ap.de/def/licenses/cc-by/4.0")
def test_the_licence_is_a_setting(client, reference):
    metadata = json.loads(client.get("/opendata/traeger.jsonld").content)
    assert metadata["dct:license"]["@id"] == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert client.get("/opendata/unbekannt.jsonld").status_code == 404
