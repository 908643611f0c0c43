"""`wegweiser generate_offers`: synthetic offers for benchmarks, like the real ones, seeded."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import make_offer
from wegweiser.directory import synthetic
from wegweiser.directory.models import (
    EditorialStatus,
    Offer,
    OfferSearchDocument,
    Provider,
)
from wegweiser.directory.search import Filters, search_offers
from wegweiser.directory.search.text import words

pytestmark = pytest.mark.django_db


def generate(*args: str) -> str:
    output = StringIO()
    call_command("generate_offers", *args, stdout=output)
    return output.getvalue()


def synthetic_offers():
    return Offer.objects.filter(external_id__startswith="synthetic-").order_by("external_id")


def snapshot() -> list[tuple]:
    """Everything a reader sees of the synthetic offers (not the database's own ids)."""
    offers = synthetic_offers().select_related("region", "provider", "area", "kind", "gender")
    return [
        (
            offer.external_id,
            str(offer.uuid),
            offer.title,
            offer.description,
            offer.region.slug,
            offer.provider.name,
            offer.area.code if offer.area else None,
            offer.kind.code,
            offer.gender.code,
            offer.citywide,
            offer.cost,
            offer.barrier_free,
            sorted(offer.age_groups.values_list("code", flat=True)),
            sorted(offer.target_groups.values_list("code", flat=True)),
            sorted(offer.languages.values_list("code", flat=True)),
            sorted(offer.districts.values_list("code", flat=True)),
            sorted(str(location.uuid) for location in offer.locations.all()),
        )
        for offer in offers.prefetch_related("locations")
    ]


def test_it_generates_published_demo_offers_and_some_providers(reference) -> None:
    output = generate("--count", "50")

    offers = synthetic_offers()
    assert offers.count() == 50
    assert set(offers.values_list("status", flat=True)) == {EditorialStatus.PUBLISHED}
    assert all(offers.values_list("is_demo", flat=True))
    assert all(offer.area_id is not None for offer in offers)
    providers = Provider.objects.filter(external_id__startswith="synthetic-")
    assert 3 <= providers.count() <= 50
    assert all(providers.values_list("is_demo", flat=True))
    assert "50 von 50 Angeboten angelegt" in output
    assert "50 von 50 Angeboten indexiert" in output
    # German titles built around the real vocabulary.
    assert len(set(offers.values_list("title", flat=True))) > 30


def test_the_same_seed_gives_the_same_offers_and_another_seed_others(reference) -> None:
    generate("--count", "50", "--seed", "7")
    first = snapshot()
    generate("--count", "50", "--seed", "7")
    assert snapshot() == first

    generate("--count", "50", "--seed", "8")
    assert [row[2:] for row in snapshot()] != [row[2:] for row in first]


def test_the_relations_are_filled_and_consistent(reference) -> None:
    generate("--count", "80", "--seed", "3")

    offers = list(synthetic_offers().prefetch_related("districts", "locations", "languages"))
    with_ages = synthetic_offers().filter(age_groups__isnull=False).distinct().count()
    assert with_ages > 60
    assert synthetic_offers().filter(languages__code="de").distinct().count() > 50
    assert synthetic_offers().filter(target_groups__isnull=False).distinct().count() > 20
    citywide = [offer for offer in offers if offer.citywide]
    assert 0 < len(citywide) < len(offers)
    for offer in offers:
        districts = list(offer.districts.all())
        assert offer.citywide != bool(districts), offer.title
        assert all(district.region_id == offer.region_id for district in districts)
        assert all(location.region_id == offer.region_id for location in offer.locations.all())
    assert any(offer.locations.all() for offer in offers)


def test_generated_offers_are_found_by_text_and_facets(reference) -> None:
    generate("--count", "50", "--seed", "5")

    offer = synthetic_offers().select_related("area").first()
    assert offer is not None
    word = max(words(offer.title), key=len)
    assert offer.id in search_offers(word).offer_ids
    by_area = search_offers("", Filters(area=(offer.area.code,))).offer_ids
    assert offer.id in by_area
    assert OfferSearchDocument.objects.filter(offer__in=synthetic_offers()).count() == 50


def test_region_restricts_the_offers_to_one_region(reference) -> None:
    generate("--count", "30", "--region", "landkreis-kassel")

    assert set(synthetic_offers().values_list("region__slug", flat=True)) == {"landkreis-kassel"}


def test_generating_again_replaces_synthetic_data_only(kassel) -> None:
    real = make_offer(kassel, "Echter Deutschkurs")
    generate("--count", "40")
    output = generate("--count", "10", "--seed", "2")

    assert synthetic_offers().count() == 10
    assert "Entfernt: 40 synthetische Angebote" in output
    assert Offer.objects.filter(pk=real.pk).exists()
    assert real.id in search_offers("Echter").offer_ids
    assert OfferSearchDocument.objects.count() == 11


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--count", "0"], "ganze Zahl ab 1"),
        (["--count", "-5"], "ganze Zahl ab 1"),
        (["--count", "viele"], "keine ganze Zahl"),
        (["--count", str(synthetic.MAX_COUNT + 1)], "höchstens"),
        (["--count", "10", "--seed", "x"], "keine ganze Zahl"),
        (["--count", "10", "--region", "mars"], "Unbekannte Region „mars“"),
    ],
)
def test_bad_arguments_are_refused_in_german(reference, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        generate(*args)
    assert not synthetic_offers().exists()


def test_without_reference_data_it_says_what_to_do(db) -> None:
    with pytest.raises(CommandError, match="load_demo --reference-only"):
        generate("--count", "10")
    assert not Offer.objects.exists()
