"""HTTP behaviour of the API and downloads: conditional requests (304), the per-client rate limit
(429 with Retry-After), CORS for reading."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.api_support import offers_in_every_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(kassel, landkreis):
    return offers_in_every_state(kassel, landkreis)


def test_an_unchanged_answer_is_a_304_by_etag(client, offers):
    first = client.get("/api/v1/offers", {"area": "sprachfoerderung"})
    etag = first["ETag"]
    again = client.get("/api/v1/offers", {"area": "sprachfoerderung"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/api/v1/offers", {"area": "sonstiges"}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200


def test_an_unchanged_offer_is_a_304_by_date_until_it_changes(client, offers):
    url = f"/api/v1/offers/{offers['kurs'].uuid}"
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    offer = offers["kurs"]
    offer.title = "Deutschkurs für Frauen am Abend"
    offer.save()
    assert (
        client.get(url, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2024 00:00:00 GMT").status_code == 200
    )


def test_a_download_answers_conditional_requests(client, offers):
    last_modified = client.get("/opendata/angebote.csv")["Last-Modified"]
    response = client.get("/opendata/angebote.csv", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


@override_settings(WEGWEISER_API_RATE_LIMIT=3, WEGWEISER_API_RATE_WINDOW=60)
def test_a_client_over_the_limit_gets_a_429_with_retry_after(client, reference):
    cache.clear()
    for _ in range(3):
        assert client.get("/api/v1/regions").status_code == 200
    response = client.get("/api/v1/regions")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["retry_after"] == int(response["Retry-After"])
    assert client.get("/opendata/traeger.csv").status_code == 429
    # Another client has its own allowance; the public site is not limited.
    assert client.get("/api/v1/regions", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/de/").status_code == 200
    cache.clear()


def test_any_origin_may_read(client, reference):
    response = client.get("/api/v1/regions", HTTP_ORIGIN="https://integreat.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/hsds/services",
        HTTP_ORIGIN="https://integreat.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in client.get("/de/")


def test_head_is_answered_like_get(client, reference):
    response = client.head("/api/v1/regions")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == b""


def test_writing_is_not_allowed(client, reference):
    response = client.post("/api/v1/offers", {})
    assert response.status_code == 405
    assert response.json()["detail"]
    assert client.delete("/opendata/angebote.csv").status_code == 405
