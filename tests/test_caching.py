"""Conditional GET on public pages, and no session until someone uses the shortlist."""

from __future__ import annotations

import pytest

from tests.conftest import make_offer

pytestmark = pytest.mark.django_db


def test_a_page_answers_304_to_its_own_etag(client, kassel) -> None:
    make_offer(kassel)
    first = client.get("/de/angebote/?sort=name")
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get("/de/angebote/?sort=name", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_a_changed_page_gets_a_new_etag(client, kassel) -> None:
    make_offer(kassel, "Erstes Angebot")
    etag = client.get("/de/angebote/?sort=name")["ETag"]
    make_offer(kassel, "Zweites Angebot")
    response = client.get("/de/angebote/?sort=name", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_public_pages_vary_on_cookie_and_language(client, reference) -> None:
    response = client.get("/de/angebote/")
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"cookie", "accept-language"} <= vary


def test_browsing_creates_no_session(client, kassel) -> None:
    make_offer(kassel)
    for url in ("/de/", "/de/angebote/", "/de/angebote/?q=Kurs"):
        response = client.get(url)
        assert "sessionid" not in response.cookies, url
