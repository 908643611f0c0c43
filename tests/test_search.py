"""Search quality over the Kassel demo data: the same list passes on SQLite and PostgreSQL.

Each case is what a person types and offers that must be found (by their external key, stable
in the demo file); ranking may differ between the databases, the sets may not miss these.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from wegweiser.directory import demo
from wegweiser.directory.models import Offer
from wegweiser.directory.search import Filters, search_offers

pytestmark = pytest.mark.django_db

INTEGRATION_COURSES = {
    "Integrationskurse",
    "Integrationskurse für Zuwanderer",
    "Sprach- und Integrationskurs",
}

CASES = [
    # German inflection: singular finds plural and back
    ("Integrationskurs", INTEGRATION_COURSES, set()),
    ("Integrationskurse", INTEGRATION_COURSES, set()),
    # typos
    ("Integratonskurs", INTEGRATION_COURSES, set()),
    ("Intgrationskurse", INTEGRATION_COURSES, set()),
    ("Flüchtlingsbratung", {"Flüchtlingsberatung"}, set()),
    # umlauts typed as ae/oe/ue, or left out
    (
        "Sprachfoerderung",
        {"Sprachförderung im Vorschulalter in Kasseler Kindertagesstätten"},
        set(),
    ),
    ("Sprachforderung", {"Sprachförderung im Vorschulalter in Kasseler Kindertagesstätten"}, set()),
    ("Frauenfruehstueck", {"Interkulturelles Frauenfrühstück"}, set()),
    ("Gaerten", {"Interkulturelle Gärten"}, set()),
    # the words people use (synonyms)
    ("Deutschkurs", {*INTEGRATION_COURSES, "Sprachkurse"}, {"Future Girls"}),
    ("Kita", {"Sprachförderung im Vorschulalter in Kasseler Kindertagesstätten"}, set()),
    (
        "Job",
        {
            "Job-Chance",
            "Migranten und Migrantinnen in Arbeit (Coachingangebote) und Bewerbungswerkstatt",
        },
        set(),
    ),
    # providers' names and short names, vocabulary labels
    ("Schlachthof", {"Externes Fallmanagement", "Aktive-Eltern"}, {"Future Girls"}),
    ("Samowar", {"Treffpunkt Samowar"}, set()),
    ("MiMi Gesundheitslotsen", {"Gesundheitslotsen mit Migrationshintergrund (MiMi)"}, set()),
    (
        "Migrationsberatung Jugendliche",
        {"Migrationsberatung für Jugendliche"},
        {"Flüchtlingsberatung"},
    ),
    ("Language support", {"Sprachkurse"}, set()),
]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data once for this module (each test still rolls back its own changes)."""
    with django_db_blocker.unblock():
        demo.load()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def titles(text: str, **kwargs) -> set[str]:
    ids = search_offers(text, **kwargs).offer_ids
    return set(Offer.objects.filter(id__in=ids).values_list("title", flat=True))


@pytest.mark.parametrize(
    ("query", "expected", "unexpected"), CASES, ids=[case[0] for case in CASES]
)
def test_people_find_what_they_type(demo_data, query, expected, unexpected) -> None:
    found = titles(query)
    assert expected <= found, f"missing: {expected - found}"
    assert not (unexpected & found), f"should not find: {unexpected & found}"


def test_a_query_without_meaning_matches_no_more_than_everything(demo_data) -> None:
    assert search_offers("und für die").total == Offer.objects.published().count()


def test_a_word_that_occurs_nowhere_finds_nothing(demo_data) -> None:
    assert search_offers("Quantenchromodynamik").total == 0


def test_only_published_offers_are_found(demo_data) -> None:
    archived = (
        Offer.objects.get(external_id="bengi-fruehstueck")
        if Offer.objects.filter(external_id="bengi-fruehstueck").exists()
        else Offer.objects.filter(title="Interkulturelles Frauenfrühstück").get()
    )
    archived.status = "archived"
    archived.save()
    assert "Interkulturelles Frauenfrühstück" not in titles("Frauenfrühstück")


def test_filters_narrow_the_text_search(demo_data) -> None:
    from wegweiser.directory.models import Region

    county = Region.objects.get(slug="landkreis-kassel")
    found = titles("", filters=Filters(region=county))
    assert "Future Girls" in found
    assert "Integrationskurse" not in found
