"""Open Referral HSDS 3.0: the API at /api/hsds/ and ``wegweiser export_hsds``, validated
against the official schemas in ../shared/hsds-3.0/ (resolved locally)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.api_support import HIDDEN_TITLES, offers_in_every_state
from tests.hsds_schemas import errors, official_datapackage
from wegweiser.directory.models import Area, Location, OfferLocation

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(kassel, landkreis):
    offers = offers_in_every_state(kassel, landkreis)
    location = Location.objects.create(
        region=kassel,
        name="Stadtteilzentrum Nord",
        street="Wiesenstraße 1",
        postcode="34125",
        city="Kassel",
        latitude="51.330000",
        longitude="9.500000",
    )
    OfferLocation.objects.create(offer=offers["kurs"], location=location)
    OfferLocation.objects.create(offer=offers["draft"], location=location)
    return offers


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def assert_page(page, schema: str) -> None:
    for key in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page"):
        assert key in page
    for item in page["contents"]:
        assert errors(schema, item) == []


def test_services_validate_and_are_only_published(client, offers):
    page = get(client, "/api/hsds/services", per_page=50)
    assert_page(page, "compiled/service_list.json")
    assert page["total_items"] == 4
    assert not {s["name"] for s in page["contents"]} & set(HIDDEN_TITLES)
    for offer in offers.values():
        response = client.get(f"/api/hsds/services/{offer.uuid}")
        if offer.title in HIDDEN_TITLES:
            assert response.status_code == 404
        else:
            assert errors("compiled/service.json", response.json()) == []


def test_a_full_service_carries_its_relations(client, offers):
    service = get(client, f"/api/hsds/services/{offers['kurs'].uuid}")
    assert service["id"] == str(offers["kurs"].uuid)
    assert service["organization"]["name"] == "Kulturverein Nord e. V."
    assert service["phones"][0]["number"] == "0561 987"
    assert service["schedules"][0]["description"] == "montags 9 bis 12 Uhr"
    assert service["funding"][0]["source"] == "Landesprogramm WIR"
    assert service["service_areas"][0]["name"] == "Nord (Holland)"
    address = service["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["postal_code"], address["country"]) == (
        "Wiesenstraße 1",
        "34125",
        "DE",
    )
    terms = {a["taxonomy_term"]["code"] for a in service["attributes"]}
    assert {"sprachfoerderung", "frauen", "erwachsene"} <= terms


def test_services_parameters(client, offers):
    area = Area.objects.get(code="freizeit-sport")
    by_term = get(client, "/api/hsds/services", taxonomy_term_id=str(area.uuid))
    assert [s["name"] for s in by_term["contents"]] == ["Fußball am Abend"]
    provider = offers["kurs"].provider
    by_org = get(client, "/api/hsds/services", organization_id=str(provider.uuid))
    assert sorted(s["name"] for s in by_org["contents"]) == ["Deutschkurs für Frauen", "Sprachcafé"]
    found = get(client, "/api/hsds/services", search="fußball")
    assert [s["name"] for s in found["contents"]] == ["Fußball am Abend"]
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    assert get(client, "/api/hsds/services", modified_after=future)["total_items"] == 0
    # an odd offset and a time without offset are fine
    odd = "0389-10-08T06:51:58.321384-18:19"
    assert get(client, "/api/hsds/organizations", modified_after=odd)["total_items"] >= 1
    assert (
        get(client, "/api/hsds/services", modified_after="2000-01-01T00:00:00")["total_items"] == 4
    )
    second = get(client, "/api/hsds/services", per_page=3, page=2)
    assert (second["page_number"], second["size"], second["last_page"]) == (2, 1, True)
    assert second["first_page"] is False


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "per_page=501",
        "per_page=x",
        "taxonomy_term_id=nope",
        "taxonomy_term_id=00000000-0000-0000-0000-000000000000",
        "organization_id=1",
        "modified_after=gestern",
        "modified_after=0001-01-01T00:00:00%2B18:00",
        "search=%00",
    ],
)
def test_bad_hsds_parameters_are_a_400(client, offers, query):
    response = client.get(f"/api/hsds/services?{query}")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_organizations_validate(client, offers):
    page = get(client, "/api/hsds/organizations", per_page=100)
    assert_page(page, "compiled/organization_list.json")
    provider = offers["kurs"].provider
    organization = get(client, f"/api/hsds/organizations/{provider.uuid}")
    assert errors("compiled/organization.json", organization) == []
    assert sorted(s["name"] for s in organization["services"]) == [
        "Deutschkurs für Frauen",
        "Sprachcafé",
    ]


def test_service_at_locations_validate_and_skip_drafts(client, offers):
    page = get(client, "/api/hsds/service_at_locations")
    assert_page(page, "compiled/service_at_location_list.json")
    assert [item["service"]["name"] for item in page["contents"]] == ["Deutschkurs für Frauen"]
    item = get(client, f"/api/hsds/service_at_locations/{page['contents'][0]['id']}")
    assert errors("compiled/service_at_location.json", item) == []
    hidden = OfferLocation.objects.get(offer=offers["draft"])
    assert client.get(f"/api/hsds/service_at_locations/{hidden.uuid}").status_code == 404


def test_taxonomies_and_terms_validate(client, reference):
    taxonomies = get(client, "/api/hsds/taxonomies")
    assert_page(taxonomies, "taxonomy.json")
    bereich = next(t for t in taxonomies["contents"] if t["name"] == "Bereich")
    terms = get(client, "/api/hsds/taxonomy_terms", taxonomy_id=bereich["id"], per_page=100)
    assert_page(terms, "taxonomy_term.json")
    assert {t["code"] for t in terms["contents"]} == set(
        Area.objects.filter(active=True).values_list("code", flat=True)
    )
    term = get(client, f"/api/hsds/taxonomy_terms/{terms['contents'][0]['id']}")
    assert errors("taxonomy_term.json", term) == []
    assert term["taxonomy_detail"]["name"] == "Bereich"
    assert get(client, f"/api/hsds/taxonomies/{bereich['id']}")["name"] == "Bereich"


def test_the_export_writes_valid_documents_and_the_data_package(offers, tmp_path):
    output = io.StringIO()
    call_command("export_hsds", str(tmp_path), "--region", "stadt-kassel", stdout=output)
    assert "3 Angebote" in output.getvalue()
    for file_name, schema in (
        ("services.json", "compiled/service.json"),
        ("organizations.json", "compiled/organization.json"),
        ("service_at_locations.json", "compiled/service_at_location.json"),
        ("taxonomies.json", "taxonomy.json"),
        ("taxonomy_terms.json", "taxonomy_term.json"),
    ):
        documents = json.loads((tmp_path / file_name).read_text(encoding="utf-8"))
        assert documents, file_name
        for document in documents:
            assert errors(schema, document) == [], file_name
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    assert sorted(s["name"] for s in services) == [
        "Deutschkurs für Frauen",
        "Fußball am Abend",
        "Sprachcafé",
    ]  # Vellmar is in the other region; drafts never
    assert_tabular_package(tmp_path)


def assert_tabular_package(directory: Path) -> None:
    """Every table is one of HSDS's, with HSDS's columns, and its required ones filled."""
    official = {r["name"]: r for r in official_datapackage()["resources"]}
    package = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["path"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    for resource in package["resources"]:
        reference = official[resource["name"]]
        assert resource["path"] == reference["path"]
        fields = {f["name"]: f for f in reference["schema"]["fields"]}
        required = {n for n, f in fields.items() if f.get("constraints", {}).get("required")}
        with (directory / resource["path"]).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
            header = list(rows[0]) if rows else []
        columns = [f["name"] for f in resource["schema"]["fields"]]
        assert set(columns) <= set(fields), resource["name"]
        assert required <= set(columns), (resource["name"], required - set(columns))
        for row in rows:
            assert header == columns
            for name in required:
                assert row[name], (resource["name"], name)


def test_the_export_rejects_an_unknown_region(reference, tmp_path):
    with pytest.raises(CommandError, match="Unbekannte Region „atlantis“"):
        call_command("export_hsds", str(tmp_path), "--region", "atlantis")
    assert list(tmp_path.iterdir()) == []
