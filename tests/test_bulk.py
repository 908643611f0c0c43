"""directory.bulk: many rows in one go, with the values Django would have written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.conftest import make_offer, make_provider
from wegweiser.directory import bulk
from wegweiser.directory.models import Area, Language, Location, Offer, OfferLocation

pytestmark = pytest.mark.django_db


def test_inserted_links_get_their_defaults_and_are_found_like_any_other(kassel) -> None:
    offers = [make_offer(kassel, f"Angebot {n}") for n in range(3)]
    places = [Location.objects.create(region=kassel, street=f"Weg {n}") for n in range(2)]
    through = Offer.languages.through
    german, turkish = Language.objects.get(code="de"), Language.objects.get(code="tr")

    languages = bulk.insert(
        through,
        [{"offer_id": offer.pk, "language_id": german.pk} for offer in offers]
        + [{"offer_id": offers[0].pk, "language_id": turkish.pk}],
    )
    links = bulk.insert(
        OfferLocation,
        [{"offer_id": offer.pk, "location_id": place.pk} for offer in offers for place in places],
    )

    assert (languages, links) == (4, 6)
    assert {language.code for language in offers[0].languages.all()} == {"de", "tr"}
    assert [language.code for language in offers[2].languages.all()] == ["de"]
    assert list(offers[1].locations.order_by("street")) == places
    uuids = set(OfferLocation.objects.values_list("uuid", flat=True))
    assert len(uuids) == 6 and None not in uuids
    assert bulk.insert(through, []) == 0


def test_updated_objects_store_every_kind_of_value(kassel) -> None:
    provider = make_provider("Neuer Träger")
    offers = [make_offer(kassel, f"Angebot {n}", hours=Decimal("10.5")) for n in range(3)]
    culture = Area.objects.get(code="kultur")
    for number, offer in enumerate(offers):
        offer.title = f"Neu „{number}“ 'x'"
        offer.hours = None if number == 0 else Decimal("22.5")
        offer.start_date = dt.date(2025, 1, number + 1)
        offer.barrier_free = [None, True, False][number]
        offer.area = culture
        offer.provider = provider
    untouched = make_offer(kassel, "Bleibt")

    assert (
        bulk.update(offers, ["title", "hours", "start_date", "barrier_free", "area", "provider"])
        == 3
    )

    stored = list(Offer.objects.filter(pk__in=[o.pk for o in offers]).order_by("pk"))
    assert [offer.title for offer in stored] == ["Neu „0“ 'x'", "Neu „1“ 'x'", "Neu „2“ 'x'"]
    assert [offer.hours for offer in stored] == [None, Decimal("22.5"), Decimal("22.5")]
    assert [offer.start_date.day for offer in stored if offer.start_date] == [1, 2, 3]
    assert [offer.barrier_free for offer in stored] == [None, True, False]
    assert {offer.area_id for offer in stored} == {culture.pk}
    assert {offer.provider_id for offer in stored} == {provider.pk}
    assert Offer.objects.get(pk=untouched.pk).title == "Bleibt"
    assert bulk.update([], ["title"]) == 0


def test_chunks_split_at_the_parameter_limit() -> None:
    parts = list(bulk.chunks(list(range(2500)), 1000))
    assert [len(part) for part in parts] == [1000, 1000, 500]
    assert bulk.parameter_limit() >= 500


def test_created_objects_get_their_keys_defaults_and_timestamps(kassel) -> None:
    provider = make_provider("Träger")
    offers = [
        Offer(
            region=kassel,
            provider=provider,
            title=f"Neu {n}",
            kind=make_offer(kassel).kind,
            gender=make_offer(kassel).gender,
            lock_version=1,
        )
        for n in range(3)
    ]

    bulk.create(offers)

    assert all(offer.pk and not offer._state.adding for offer in offers)
    for offer in offers:
        stored = Offer.objects.get(pk=offer.pk)
        assert (stored.title, stored.uuid, stored.lock_version) == (offer.title, offer.uuid, 1)
        assert stored.created_at is not None and stored.updated_at is not None
        assert stored.status == "draft" and stored.citywide is False
    assert Offer.history.filter(id__in=[offer.pk for offer in offers]).count() == 0
    with pytest.raises(ValueError, match="not unique"):
        bulk.create([Location(region=kassel, street="Weg 9")], key="street")
    assert not Location.objects.filter(street="Weg 9").exists()
