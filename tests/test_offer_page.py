"""The offer page: every fact of a published offer, in the reader's language, printable."""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal
from html import unescape

import pytest
import time_machine

from tests.conftest import make_offer, make_provider
from wegweiser.directory.models import (
    AgeGroup,
    District,
    EditorialStatus,
    Language,
    Location,
    Offer,
    OfferKind,
    OfferTranslation,
    TargetGroup,
)

pytestmark = pytest.mark.django_db


def facts(html: str) -> dict[str, str]:
    """The page's facts as a reader sees them: each ``<dt>`` with the text of its ``<dd>``."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", html, flags=re.DOTALL)
    return {_text(term): _text(value) for term, value in pairs}


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def wesertor(kassel) -> District:
    return District.objects.get(region=kassel, name="Wesertor")


@pytest.fixture
def course(kassel, wesertor) -> Offer:
    location = Location.objects.create(
        region=kassel,
        name="Stadtteilzentrum Wesertor",
        street="Weserstraße 26",
        postcode="34125",
        city="Kassel",
        district=wesertor,
    )
    return make_offer(
        kassel,
        "Integrationskurs für Frauen",
        provider=make_provider("Caritasverband Nordhessen-Kassel e. V.", "wohlfahrtsverband"),
        kind=OfferKind.COURSE,
        description="Deutsch lernen und den Alltag in Kassel kennenlernen.",
        start_date=datetime.date(2025, 3, 3),
        end_date=datetime.date(2025, 9, 30),
        funding_programme="BAMF-Integrationskurs",
        hours=Decimal("645"),
        hours_note="600 Std. Sprachkurs und 45 Std. Orientierungskurs",
        gender="frauen",
        schedule="Montag bis Freitag, 9 bis 12 Uhr",
        cost=Offer.Cost.FREE,
        cost_note="Fahrtkosten werden erstattet",
        registration_required=True,
        barrier_free=False,
        childcare=None,
        contact_name="Anna Beispiel",
        contact_email="anna@example.org",
        contact_phone="0561 123456",
        website="https://example.org/integrationskurs",
        verified_at=datetime.datetime(2025, 2, 14, 10, 0, tzinfo=datetime.UTC),
        relations={
            "age_groups": AgeGroup.objects.filter(code="erwachsene"),
            "target_groups": TargetGroup.objects.filter(code="gefluechtete"),
            "languages": Language.objects.filter(code__in=["de", "ar"]),
            "districts": [wesertor],
            "locations": [location],
            "partners": [make_provider("Volkshochschule Region Kassel", "kommune")],
        },
    )


def page_of(client, offer: Offer, language: str = "de") -> str:
    response = client.get(f"/{language}/angebote/{offer.uuid}/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_every_fact_of_a_published_offer(client, course) -> None:
    # Within a year of its confirmation (later, the page says it is not confirmed).
    with time_machine.travel(datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC), tick=False):
        html = page_of(client, course)
    shown = facts(html)

    assert "<h1>Integrationskurs für Frauen</h1>" in html
    assert "Deutsch lernen und den Alltag in Kassel kennenlernen." in html
    assert shown["Bereich"] == "Sprachförderung"
    assert shown["Angebotsart"] == "Kurs"
    assert shown["Beginn"] == "3. März 2025"
    assert shown["Ende"] == "30. September 2025"
    assert shown["Förderprogramm"] == "BAMF-Integrationskurs"
    assert shown["Unterrichtsstunden"] == ("645: 600 Std. Sprachkurs und 45 Std. Orientierungskurs")
    assert shown["Altersgruppen"] == "Erwachsene (18–64)"
    assert shown["Geschlecht"] == "Mädchen / Frauen"
    assert shown["Weitere Zielgruppen"] == "Geflüchtete"
    assert shown["Sprachen des Angebots"] == "Deutsch Arabisch"
    assert shown["Stadtteile / Gemeinden"] == "Wesertor"
    assert shown["Zeiten"] == "Montag bis Freitag, 9 bis 12 Uhr"
    assert shown["Kosten"] == "kostenlos Fahrtkosten werden erstattet"
    assert shown["Anmeldung nötig"] == "ja"
    assert shown["Barrierefrei"] == "nein"
    assert shown["Kinderbetreuung"] == "keine Angabe"
    assert shown["Träger"] == "Caritasverband Nordhessen-Kassel e. V."
    assert shown["Partner"] == "Volkshochschule Region Kassel"
    assert shown["Ansprechperson"] == "Anna Beispiel"
    assert shown["E-Mail"] == "anna@example.org"
    assert shown["Telefon"] == "0561 123456"
    assert shown["Website"] == "https://example.org/integrationskurs"
    assert 'href="mailto:anna@example.org"' in html
    assert 'href="tel:0561123456"' in html
    assert "Stand: 14. Februar 2025" in _text(html)


def test_it_shows_each_location_with_district_address_and_a_plain_map_link(client, course) -> None:
    html = page_of(client, course)

    text = _text(html)
    assert "Stadtteilzentrum Wesertor Weserstraße 26 34125 Kassel" in text
    assert "Stadtteil / Gemeinde: Wesertor" in text
    assert (
        'href="https://www.openstreetmap.org/search?query=Weserstra%C3%9Fe+26%2C+34125+Kassel"'
        in html
    )


def test_it_embeds_nothing_from_another_host(client, course) -> None:
    html = page_of(client, course)

    assert "<iframe" not in html
    assert "<img" not in html
    assert "<script" not in html
    assert not re.search(r'<link[^>]+href="(https?:)?//', html)


def test_it_links_the_provider_the_partners_the_change_report_and_the_shortlist(
    client, course
) -> None:
    html = page_of(client, course)

    partner = course.partners.get()
    assert f'href="/de/traeger/{course.provider.uuid}/"' in html
    assert f'href="/de/traeger/{partner.uuid}/"' in html
    assert f'href="/de/angebote/{course.uuid}/aenderung-melden/"' in html
    form = re.search(r'<form method="post" action="/de/merkliste/">(.*?)</form>', html, re.S)
    assert form is not None
    assert 'name="action" value="add"' in form.group(1)
    assert f'name="offer" value="{course.uuid}"' in form.group(1)
    assert f'name="next" value="/de/angebote/{course.uuid}/"' in form.group(1)
    assert "Zur Merkliste" in form.group(1)


def test_it_names_an_unpublished_provider_without_linking_it(client, kassel) -> None:
    draft = make_provider("Neue Initiative", status=EditorialStatus.DRAFT)
    offer = make_offer(kassel, provider=draft)

    html = page_of(client, offer)

    assert facts(html)["Träger"] == "Neue Initiative"
    assert f"/traeger/{draft.uuid}/" not in html


def test_a_region_wide_offer_says_so_instead_of_listing_districts(client, kassel) -> None:
    offer = make_offer(kassel, citywide=True)

    assert facts(page_of(client, offer))["Stadtteile / Gemeinden"] == (
        "Stadt Kassel (gesamtes Gebiet)"
    )


def test_unknown_facts_are_shown_as_unknown_not_left_out(client, kassel) -> None:
    shown = facts(page_of(client, make_offer(kassel)))

    assert shown["Altersgruppen"] == "keine Angabe"
    assert shown["Sprachen des Angebots"] == "keine Angabe"
    assert shown["Stadtteile / Gemeinden"] == "keine Angabe"
    assert shown["Kosten"] == "keine Angabe"
    assert shown["Anmeldung nötig"] == "keine Angabe"
    assert shown["Barrierefrei"] == "keine Angabe"
    assert shown["Kinderbetreuung"] == "keine Angabe"
    assert "Stand: noch nicht geprüft" in _text(page_of(client, make_offer(kassel)))


@pytest.mark.parametrize("status", [EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW])
def test_an_unpublished_offer_is_not_found(client, kassel, status) -> None:
    offer = make_offer(kassel, status=status)
    assert client.get(f"/de/angebote/{offer.uuid}/").status_code == 404
    assert client.get(f"/de/angebote/{offer.uuid}/aenderung-melden/").status_code == 404


def test_an_archived_offer_is_not_found(client, kassel) -> None:
    offer = make_offer(kassel, status=EditorialStatus.ARCHIVED)
    assert client.get(f"/de/angebote/{offer.uuid}/").status_code == 404


def test_an_unknown_offer_is_not_found(client, kassel) -> None:
    assert client.get(f"/de/angebote/{uuid.uuid4()}/").status_code == 404
    assert client.get("/de/angebote/keine-uuid/").status_code == 404


def test_it_shows_the_translation_in_english(client, course) -> None:
    OfferTranslation.objects.create(
        offer=course,
        language="en",
        title="Integration course for women",
        schedule="Monday to Friday, 9 am to noon",
    )

    html = page_of(client, course, "en")

    assert "<h1>Integration course for women</h1>" in html
    assert "<title>Integration course for women – Wegweiser</title>" in html
    assert "Monday to Friday, 9 am to noon" in html
    assert "Language support" in html  # the area's English label


def test_german_text_without_translation_is_marked_as_german(client, course) -> None:
    OfferTranslation.objects.create(offer=course, language="en", title="Integration course")

    html = page_of(client, course, "en")

    assert (
        '<span lang="de" class="untranslated">Deutsch lernen und den Alltag in Kassel '
        "kennenlernen.</span>" in html
    )
    assert '<html lang="en" dir="ltr">' in html


def test_it_says_when_the_translation_is_older_than_the_german_text(client, course) -> None:
    OfferTranslation.objects.create(offer=course, language="en", title="Integration course")
    course.title = "Integrationskurs für Frauen und Mütter"
    course.save()

    html = page_of(client, course, "en")

    assert "untranslated-note" in html


def test_it_reads_the_page_in_a_fixed_number_of_queries(
    client, course, django_assert_num_queries
) -> None:
    with django_assert_num_queries(9):
        client.get(f"/de/angebote/{course.uuid}/")
