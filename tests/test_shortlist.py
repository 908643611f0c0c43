"""The shortlist (Merkliste): marked offers in the session, printed or handed out as a PDF."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import translation
from django.utils.crypto import get_random_string

from tests.browser import axe_violations, submit
from tests.conftest import make_offer, make_provider
from wegweiser.directory.models import (
    District,
    EditorialStatus,
    Location,
    Offer,
    OfferTranslation,
    Region,
)
from wegweiser.public import shortlist

pytestmark = pytest.mark.django_db

SHORTLIST = "/de/merkliste/"
SESSION_COOKIE = "sessionid"


def post(client: Client, action: str, offer: Offer | None = None, **fields: str):
    url = fields.pop("url", SHORTLIST)
    data = {"action": action, **fields}
    if offer is not None:
        data["offer"] = str(offer.uuid)
    return client.post(url, data)


def listed_titles(client: Client, url: str = SHORTLIST) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r'<h2 id="offer-[^"]+"><a href="[^"]+">([^<]+)</a></h2>', response.text)


def pdf_text(content: bytes, tmp_path: Path, *options: str) -> str:
    pdf = tmp_path / "merkliste.pdf"
    pdf.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    # Arabic comes out as presentation forms between bidi marks: compare the letters.
    text = unicodedata.normalize("NFKC", result.stdout)
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)


def as_extracted(arabic: str) -> str:
    """pdftotext gives the lam-alef ligature back as alef, lam: compare in that spelling."""
    return arabic.replace("\u0644\u0627", "\u0627\u0644")


def located_offer(region: Region, title: str, **fields: Any) -> Offer:
    location = Location.objects.create(
        region=region,
        name="Stadtteilzentrum Wesertor",
        street="Weserstraße 26",
        postcode="34125",
        city="Kassel",
        district=District.objects.get(region=region, code="14"),
    )
    return make_offer(region, title, relations={"locations": [location]}, **fields)


# --- Privacy: no session before the first offer -------------------------------------------------


def test_viewing_the_empty_list_creates_no_session_and_sets_no_session_cookie(
    client, kassel
) -> None:
    make_offer(kassel, "Sprachcafé")

    response = client.get(SHORTLIST)

    assert response.status_code == 200
    assert "Ihre Merkliste ist leer." in response.text
    assert SESSION_COOKIE not in response.cookies
    assert Session.objects.count() == 0


def test_the_home_page_creates_no_session(client, kassel) -> None:
    make_offer(kassel, "Sprachcafé")

    response = client.get("/de/")

    assert response.status_code == 200
    assert SESSION_COOKIE not in response.cookies
    assert Session.objects.count() == 0


def test_the_first_offer_added_creates_the_session(client, kassel) -> None:
    offer = make_offer(kassel, "Sprachcafé")

    response = post(client, "add", offer)

    assert response.status_code == 302
    assert response["Location"] == SHORTLIST
    assert response.cookies[SESSION_COOKIE].value
    assert Session.objects.count() == 1
    assert listed_titles(client) == ["Sprachcafé"]


def test_clearing_the_list_ends_the_session_and_deletes_its_cookie(client, kassel) -> None:
    post(client, "add", make_offer(kassel, "Sprachcafé"))

    response = post(client, "clear")

    assert response.status_code == 302
    assert response.cookies[SESSION_COOKIE]["max-age"] == 0
    assert Session.objects.count() == 0
    assert listed_titles(client) == []


# --- Adding, removing, clearing ----------------------------------------------------------------


def test_it_lists_offers_in_the_order_they_were_added(client, kassel) -> None:
    first, second, third = (make_offer(kassel, t) for t in ("Zumba", "Anmeldung", "Mutter-Kind"))
    for offer in (first, second, third):
        post(client, "add", offer)

    assert listed_titles(client) == ["Zumba", "Anmeldung", "Mutter-Kind"]


def test_adding_an_offer_twice_lists_it_once(client, kassel) -> None:
    offer = make_offer(kassel, "Sprachcafé")
    post(client, "add", offer)
    post(client, "add", offer)

    assert listed_titles(client) == ["Sprachcafé"]


def test_it_removes_one_offer_and_keeps_the_others(client, kassel) -> None:
    first, second = make_offer(kassel, "Sprachcafé"), make_offer(kassel, "Elterncafé")
    post(client, "add", first)
    post(client, "add", second)

    response = post(client, "remove", first)

    assert response.status_code == 302
    assert listed_titles(client) == ["Elterncafé"]


def test_removing_an_offer_that_is_not_listed_changes_nothing(client, kassel) -> None:
    post(client, "add", make_offer(kassel, "Sprachcafé"))

    response = post(client, "remove", make_offer(kassel, "Elterncafé"))

    assert response.status_code == 302
    assert listed_titles(client) == ["Sprachcafé"]


def test_clearing_keeps_a_signed_in_session(superuser_client, kassel) -> None:
    post(superuser_client, "add", make_offer(kassel, "Sprachcafé"))

    post(superuser_client, "clear")

    assert listed_titles(superuser_client) == []
    assert superuser_client.get("/admin/").status_code == 200


@pytest.mark.parametrize("status", [EditorialStatus.DRAFT, EditorialStatus.ARCHIVED])
def test_it_refuses_to_add_an_offer_that_is_not_published(client, kassel, status) -> None:
    offer = make_offer(kassel, "Noch nicht fertig", status=status)

    response = post(client, "add", offer)

    assert response.status_code == 400
    assert "Dieses Angebot gibt es nicht oder nicht mehr." in response.text
    assert SESSION_COOKIE not in response.cookies


def test_it_refuses_to_add_an_unknown_offer(client, kassel) -> None:
    response = client.post(SHORTLIST, {"action": "add", "offer": str(uuid.uuid4())})

    assert response.status_code == 400
    assert SESSION_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "add"},
        {"action": "remove"},
        {"action": "steal", "offer": "5f0c2a70-3b5e-4b43-9d7c-1d8c1c3f0a11"},
        {"action": "add", "offer": "not-a-uuid"},
        {"action": "add", "offer": "<script>alert(1)</script>"},
        {"action": "add", "offer": "'; DROP TABLE directory_offer; --"},
        {"action": "add", "offer": "a" * 10_000},
        {"action": "clear", "next": "/" + "x" * 5_000},
        {"action": "clear", "next": "\x00//evil.example/"},
    ],
)
def test_malformed_requests_get_a_400_without_reflected_markup(client, kassel, data) -> None:
    response = client.post(SHORTLIST, data)

    assert response.status_code == 400
    assert "<script>alert" not in response.text
    assert "Diese Anfrage ist ungültig." in response.text
    assert SESSION_COOKIE not in response.cookies


def test_offers_that_are_no_longer_published_drop_off_the_list(client, kassel) -> None:
    kept, withdrawn = make_offer(kassel, "Sprachcafé"), make_offer(kassel, "Elterncafé")
    post(client, "add", kept)
    post(client, "add", withdrawn)

    withdrawn.status = EditorialStatus.ARCHIVED
    withdrawn.save()

    assert listed_titles(client) == ["Sprachcafé"]


def test_it_holds_at_most_fifty_offers(client, kassel) -> None:
    provider = make_provider()
    offers = [make_offer(kassel, f"Angebot {n:02d}", provider=provider) for n in range(51)]
    for offer in offers[:50]:
        post(client, "add", offer)

    response = post(client, "add", offers[50], next="/de/")

    assert response.status_code == 302
    assert response["Location"] == SHORTLIST
    titles = listed_titles(client)
    assert titles == [f"Angebot {n:02d}" for n in range(50)]
    assert "Ihre Merkliste ist voll" in client.get(SHORTLIST).text


def test_a_withdrawn_offer_frees_its_place_on_a_full_list(client, kassel) -> None:
    provider = make_provider()
    offers = [make_offer(kassel, f"Angebot {n:02d}", provider=provider) for n in range(51)]
    for offer in offers[:50]:
        post(client, "add", offer)
    offers[0].status = EditorialStatus.ARCHIVED
    offers[0].save()

    post(client, "add", offers[50])

    titles = listed_titles(client)
    assert len(titles) == 50
    assert titles[-1] == "Angebot 50"
    assert "Angebot 00" not in titles


# --- Redirects and CSRF -------------------------------------------------------------------------


def test_it_returns_to_the_page_the_offer_was_added_on(client, kassel) -> None:
    response = post(client, "add", make_offer(kassel), next="/de/?region=stadt-kassel")

    assert response.status_code == 302
    assert response["Location"] == "/de/?region=stadt-kassel"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example/",
        "https:evil.example",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        " //evil.example/",
    ],
)
def test_it_refuses_to_redirect_to_another_site(client, kassel, target) -> None:
    response = post(client, "add", make_offer(kassel), next=target)

    assert response.status_code == 302
    assert response["Location"] == SHORTLIST


def test_the_forms_need_the_csrf_token(kassel) -> None:
    client = Client(enforce_csrf_checks=True)
    offer = make_offer(kassel, "Sprachcafé")
    # What a page with a "merken" form (the offer page) gives the browser.
    token = get_random_string(32)
    client.cookies["csrftoken"] = token

    refused = post(client, "add", offer)
    forged = post(client, "add", offer, csrfmiddlewaretoken=get_random_string(32))
    accepted = post(client, "add", offer, csrfmiddlewaretoken=token)

    assert (refused.status_code, forged.status_code, accepted.status_code) == (403, 403, 302)
    assert listed_titles(client) == ["Sprachcafé"]


def test_the_remove_and_clear_forms_carry_the_csrf_token(kassel) -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = get_random_string(32)
    offer = make_offer(kassel, "Sprachcafé")
    post(client, "add", offer, csrfmiddlewaretoken=client.cookies["csrftoken"].value)
    page = client.get(SHORTLIST).text
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)

    refused = post(client, "remove", offer)
    accepted = post(client, "remove", offer, csrfmiddlewaretoken=tokens[0])

    assert len(tokens) == 2  # clear, remove
    assert (refused.status_code, accepted.status_code) == (403, 302)
    assert listed_titles(client) == []


# --- What the list shows ------------------------------------------------------------------------


def test_it_shows_the_key_facts_of_each_offer(client, kassel) -> None:
    offer = located_offer(
        kassel,
        "Deutsch im Stadtteil",
        provider=make_provider("Nachbarschaftshilfe e. V.", phone="0561 12345"),
        schedule="Dienstag 9–11 Uhr",
        cost=Offer.Cost.FREE,
        contact_email="deutsch@example.org",
        website="https://example.org/deutsch",
    )
    post(client, "add", offer)

    html = client.get(SHORTLIST).text

    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for fact in (
        "Deutsch im Stadtteil",
        "Nachbarschaftshilfe e. V.",
        "Sprachförderung",
        "Weserstraße 26",
        "34125 Kassel",
        "Stadtteil / Gemeinde: Wesertor",
        "Dienstag 9–11 Uhr",
        "kostenlos",
        "0561 12345",
        "deutsch@example.org",
        "Stand: noch nicht geprüft",
        "Merkliste als PDF herunterladen",
        "Zum Ausdrucken nutzen Sie die Druckfunktion Ihres Browsers.",
    ):
        assert fact in text, fact
    for link in (
        'href="tel:056112345"',
        'href="mailto:deutsch@example.org"',
        'href="https://example.org/deutsch"',
        f'href="/de/angebote/{offer.uuid}/"',
        'href="/de/merkliste/pdf/"',
    ):
        assert link in html, link


def test_it_says_when_an_offer_was_last_verified(client, kassel) -> None:
    verified_at = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    post(client, "add", make_offer(kassel, "Sprachcafé", verified_at=verified_at))

    html = client.get(SHORTLIST).text

    assert 'Stand: <time datetime="2026-03-02">2. März 2026</time>' in html


def test_it_shows_offers_in_the_reading_language_and_german_where_untranslated(
    client, kassel
) -> None:
    translated, untranslated = make_offer(kassel, "Sprachcafé"), make_offer(kassel, "Elterncafé")
    OfferTranslation.objects.create(offer=translated, language="en", title="Language café")
    post(client, "add", translated, url="/en/merkliste/")
    post(client, "add", untranslated, url="/en/merkliste/")

    text = client.get("/en/merkliste/").text

    assert ">Language café</a>" in text
    assert '<span lang="de" class="untranslated">Elterncafé</span>' in text
    assert "Language support" in text  # the area's English label


def test_the_list_page_needs_the_same_queries_for_few_and_many_offers(
    client, kassel, django_assert_num_queries
) -> None:
    provider = make_provider()
    for n in range(2):
        post(client, "add", located_offer(kassel, f"Angebot {n}", provider=provider))
    with django_assert_num_queries(5):
        client.get(SHORTLIST)

    for n in range(2, 6):
        post(client, "add", located_offer(kassel, f"Angebot {n}", provider=provider))
    with django_assert_num_queries(5):
        client.get(SHORTLIST)


# --- PDF ----------------------------------------------------------------------------------------


@pytest.fixture
def fetched(monkeypatch) -> list[str]:
    """Every address the PDF's URL fetcher was asked for."""
    asked: list[str] = []
    original = shortlist.static_file_path

    def spy(url: str, *, static_url: str) -> Path:
        asked.append(url)
        return original(url, static_url=static_url)

    monkeypatch.setattr(shortlist, "static_file_path", spy)
    return asked


def test_the_pdf_holds_the_offers_and_loads_nothing_but_our_stylesheet(
    client, kassel, tmp_path, fetched
) -> None:
    first = located_offer(kassel, "Deutsch im Stadtteil", contact_phone="0561 12345")
    second = make_offer(kassel, "Elterncafé", citywide=True)
    post(client, "add", first)
    post(client, "add", second)

    response = client.get("/de/merkliste/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="merkliste.pdf"'
    text = pdf_text(response.content, tmp_path)
    assert "Merkliste – Angebote zur Integration" in text
    assert text.index("Deutsch im Stadtteil") < text.index("Elterncafé")
    for fact in ("Weserstraße 26", "Wesertor", "0561 12345", "Seite 1 von 1"):
        assert fact in text, fact
    assert f"http://testserver/de/angebote/{first.uuid}/" in text
    assert fetched == ["http://testserver/static/wegweiser/css/shortlist-print.css"]


def test_the_arabic_pdf_is_in_arabic_and_right_to_left(client, kassel, tmp_path, fetched) -> None:
    offer = make_offer(kassel, "Sprachcafé")
    OfferTranslation.objects.create(offer=offer, language="ar", title="مقهى اللغة")
    post(client, "add", offer, url="/ar/merkliste/")

    response = client.get("/ar/merkliste/pdf/")

    assert response.status_code == 200
    with translation.override("ar"):
        title = translation.gettext("Merkliste – Angebote zur Integration")
        provider_label = translation.gettext("Träger")
    text = pdf_text(response.content, tmp_path)
    assert as_extracted(title) in text
    assert as_extracted(provider_label) in text and provider_label != "Träger"
    assert "مقهى اللغة" in text
    assert all(url.startswith("http://testserver/static/") for url in fetched)
    # Right to left: the heading starts at the right margin of the A4 page (595 pt wide).
    assert _right_edge_of_first_line(response.content, tmp_path) > 595 - 80
    german = client.get("/de/merkliste/pdf/")
    assert _right_edge_of_first_line(german.content, tmp_path) < 595 - 80


def _right_edge_of_first_line(content: bytes, tmp_path: Path) -> float:
    layout = pdf_text(content, tmp_path, "-bbox-layout")
    line = re.search(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', layout)
    assert line is not None
    return float(line.group(1))


def test_the_pdf_of_an_empty_list_says_it_is_empty(client, kassel, tmp_path) -> None:
    response = client.get("/de/merkliste/pdf/")

    assert response.status_code == 200
    assert "Ihre Merkliste ist leer." in pdf_text(response.content, tmp_path)
    assert SESSION_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/font.woff2",
        "http://127.0.0.1:8000/static/wegweiser/css/site.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "http://testserver/static/../../settings.py",
        "http://testserver/static/%2e%2e/%2e%2e/settings.py",
        "http://testserver/static/wegweiser/css/missing.css",
        "http://testserver/media/upload.css",
    ],
)
def test_the_pdf_url_fetcher_refuses_everything_but_our_static_files(url) -> None:
    fetcher = shortlist.static_files_fetcher("http://testserver/static/")

    with pytest.raises(PermissionError):
        fetcher(url)


def test_the_pdf_url_fetcher_reads_our_static_files_from_disk() -> None:
    fetcher = shortlist.static_files_fetcher("http://testserver/static/")

    response = fetcher("http://testserver/static/wegweiser/css/shortlist-print.css")

    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_the_page_counter_is_safe_css() -> None:
    assert shortlist.css_counter_content("Seite %(page)s von %(pages)s") == (
        '"Seite " counter(page) " von " counter(pages)'
    )
    assert shortlist.css_counter_content('%(page)s "</style>') == 'counter(page) " \\"\\3c /style>"'


# --- In the browser -----------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize(("prefix", "direction"), [("/de", "ltr"), ("/en", "ltr"), ("/ar", "rtl")])
def test_the_shortlist_page_is_accessible_and_private(
    page, live_server, kassel, prefix, direction
) -> None:
    offers = [
        located_offer(kassel, "Deutsch im Stadtteil", contact_phone="0561 12345"),
        make_offer(kassel, "Elterncafé", citywide=True, website="https://example.org/"),
    ]
    shortlist_url = f"{live_server.url}{prefix}/merkliste/"
    token = get_random_string(32)
    page.context.add_cookies([{"name": "csrftoken", "value": token, "url": live_server.url}])
    for offer in offers:
        answer = page.request.post(
            shortlist_url,
            form={"action": "add", "offer": str(offer.uuid), "csrfmiddlewaretoken": token},
            headers={"Referer": shortlist_url},
        )
        assert answer.ok

    page.goto(shortlist_url)

    assert page.locator("html").get_attribute("dir") == direction
    assert page.locator(".shortlist-offer").count() == 2
    assert axe_violations(page) == []
    assert page.foreign_requests == []
    assert page.failed_responses == []

    submit(page, page.locator(".shortlist-remove button").first)
    assert page.locator(".shortlist-offer").count() == 1
