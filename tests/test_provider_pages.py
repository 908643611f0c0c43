"""The provider directory A–Z with its filters, and each provider's page with its offers."""

from __future__ import annotations

import re
import uuid
from html import unescape

import pytest

from tests.conftest import make_offer, make_provider
from wegweiser.directory.history import save_with_relations
from wegweiser.directory.models import (
    EditorialStatus,
    Network,
    Provider,
    ProviderTranslation,
)

pytestmark = pytest.mark.django_db


def listed_names(html: str) -> list[str]:
    """The provider names in the order the directory lists them."""
    return [
        unescape(name)
        for name in re.findall(r'<a href="/\w\w/traeger/[0-9a-f-]+/" lang="de">(.*?)</a>', html)
    ]


def directory(client, query: str = "", language: str = "de") -> str:
    response = client.get(f"/{language}/traeger/{query}")
    assert response.status_code == 200
    return response.content.decode()


def join(provider: Provider, network_code: str = "arbeitskreis-integration") -> None:
    save_with_relations(provider, {"networks": Network.objects.filter(code=network_code)})


def test_it_lists_published_providers_alphabetically_in_german_order(client, reference) -> None:
    for name in ["Zukunftswerkstatt", "Ökumenisches Zentrum", "arbeit und leben", "Otto-Verein"]:
        make_provider(name)
    make_provider("AWO Entwurf", status=EditorialStatus.DRAFT)
    make_provider("Altes Archiv", status=EditorialStatus.ARCHIVED)

    assert listed_names(directory(client)) == [
        "arbeit und leben",
        "Ökumenisches Zentrum",
        "Otto-Verein",
        "Zukunftswerkstatt",
    ]


def test_it_groups_by_initial_with_umlauts_under_their_vowel(client, reference) -> None:
    make_provider("Ökumenisches Zentrum")
    make_provider("„Brücke“ e. V.")
    make_provider("1. FC Integration")

    html = directory(client)

    assert '<h2 id="letter-o">O</h2>' in html
    assert '<h2 id="letter-b">B</h2>' in html
    assert '<h2 id="letter-other">#</h2>' in html
    assert '<a href="#letter-o">O</a>' in html
    assert '<a href="#letter-b">B</a>' in html
    assert "<span>Z</span>" in html  # a letter without providers is not a link
    assert listed_names(html) == ["„Brücke“ e. V.", "Ökumenisches Zentrum", "1. FC Integration"]


def test_it_counts_each_providers_published_offers_as_lead_and_partner(
    client, kassel, landkreis
) -> None:
    caritas = make_provider("Caritas")
    vhs = make_provider("Volkshochschule")
    make_offer(kassel, "Sprachcafé", provider=caritas)
    make_offer(landkreis, "Frauentreff", provider=caritas, relations={"partners": [vhs]})
    make_offer(kassel, "Entwurf", provider=caritas, status=EditorialStatus.DRAFT)

    text = " ".join(re.sub(r"<[^>]+>", " ", directory(client)).split())

    assert "Caritas Verein / Initiative; 2 Angebote" in text
    assert "Volkshochschule Verein / Initiative; 1 Angebot" in text


def test_it_filters_by_provider_type(client, reference) -> None:
    make_provider("Caritas", "wohlfahrtsverband")
    make_provider("Sportverein", "verein")

    html = directory(client, "?type=wohlfahrtsverband")

    assert listed_names(html) == ["Caritas"]
    assert '<option value="wohlfahrtsverband" selected>Wohlfahrtsverband</option>' in html


def test_it_filters_by_network_membership(client, reference) -> None:
    member = make_provider("Caritas")
    join(member)
    make_provider("Sportverein")

    html = directory(client, "?network=arbeitskreis-integration")

    assert listed_names(html) == ["Caritas"]


def test_the_filters_combine(client, reference) -> None:
    join(make_provider("Caritas", "wohlfahrtsverband"))
    join(make_provider("Kulturverein", "verein"))
    make_provider("Diakonie", "wohlfahrtsverband")

    html = directory(client, "?type=wohlfahrtsverband&network=arbeitskreis-integration")

    assert listed_names(html) == ["Caritas"]


def test_the_filters_offer_only_values_that_published_providers_have(client, reference) -> None:
    make_provider("Caritas", "wohlfahrtsverband")
    make_provider("Moschee", "religionsgemeinschaft", status=EditorialStatus.DRAFT)

    html = directory(client)

    assert 'value="wohlfahrtsverband"' in html
    assert 'value="religionsgemeinschaft"' not in html


@pytest.mark.parametrize(
    "query",
    [
        "?type=%3Cscript%3Ealert(1)%3C/script%3E",
        "?network=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
        "?type=" + "x" * 10_000,
        "?type=unbekannt&network=unbekannt",
        "?type=%00",
        "?type=verein&type=%3Cscript%3E",
    ],
)
def test_hostile_or_unknown_filters_list_everyone_and_echo_nothing(
    client, reference, query
) -> None:
    make_provider("Caritas", "wohlfahrtsverband")

    html = directory(client, query)

    main = html.split("<main", 1)[1]
    assert listed_names(html) == ["Caritas"]
    assert "<script" not in html and "&lt;script" not in html  # only ever URL-encoded, in links
    assert "alert(1)" not in main
    assert "x" * 100 not in main


def test_the_directory_reads_in_a_fixed_number_of_queries(
    client, kassel, django_assert_num_queries
) -> None:
    for number in range(5):
        provider = make_provider(f"Verein {number}")
        join(provider)
        make_offer(kassel, f"Angebot {number}", provider=provider)

    with django_assert_num_queries(3):
        client.get("/de/traeger/")


def test_a_provider_page_shows_its_facts_and_only_what_exists(client, reference) -> None:
    provider = make_provider(
        "Caritasverband Nordhessen-Kassel e. V.",
        "wohlfahrtsverband",
        short_name="Caritas",
        description="Beratung für Migrantinnen und Migranten.",
        phone="0561 7004-0",
        website="https://www.caritas-nordhessen-kassel.de",
        street="Die Freiheit 2",
        postcode="34117",
        city="Kassel",
    )
    join(provider)

    response = client.get(f"/de/traeger/{provider.uuid}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Caritasverband Nordhessen-Kassel e. V. (Caritas)" in html
    assert "Beratung für Migrantinnen und Migranten." in html
    assert "Wohlfahrtsverband" in html
    assert "Arbeitskreis Integration" in html
    assert "Die Freiheit 2<br>34117 Kassel" in html
    assert 'href="tel:05617004-0"' in html
    assert 'href="https://www.caritas-nordhessen-kassel.de"' in html
    assert "mailto:" not in html.split("<main", 1)[1]  # no e-mail address: no e-mail line


def test_a_provider_page_lists_its_published_offers_as_lead_and_as_partner(client, kassel) -> None:
    provider = make_provider("Caritas")
    other = make_provider("Volkshochschule")
    lead = make_offer(kassel, "Sprachcafé", provider=provider)
    partner = make_offer(
        kassel, "Integrationskurs", provider=other, relations={"partners": [provider]}
    )
    make_offer(kassel, "Entwurf", provider=provider, status=EditorialStatus.DRAFT)
    make_offer(kassel, "Archiv", provider=provider, status=EditorialStatus.ARCHIVED)

    html = client.get(f"/de/traeger/{provider.uuid}/").content.decode()

    lead_part, partner_part = html.split("Als Partner beteiligt an", 1)
    assert f'href="/de/angebote/{lead.uuid}/"' in lead_part
    assert f'href="/de/angebote/{partner.uuid}/"' in partner_part
    assert "(als Partner)" in partner_part
    assert "Entwurf" not in html and "Archiv" not in html


def test_a_provider_page_shows_the_translated_description(client, reference) -> None:
    provider = make_provider("Caritas", description="Beratung.")
    ProviderTranslation.objects.create(provider=provider, language="en", description="Advice.")

    html = client.get(f"/en/traeger/{provider.uuid}/").content.decode()

    assert "Advice." in html
    assert "Beratung." not in html


@pytest.mark.parametrize("status", [EditorialStatus.DRAFT, EditorialStatus.ARCHIVED])
def test_an_unpublished_provider_is_not_found(client, reference, status) -> None:
    provider = make_provider("Caritas", status=status)
    assert client.get(f"/de/traeger/{provider.uuid}/").status_code == 404


def test_an_unknown_provider_is_not_found(client, reference) -> None:
    assert client.get(f"/de/traeger/{uuid.uuid4()}/").status_code == 404
