"""Regions are tenants: offers, locations and districts belong to one; providers to none."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from tests.conftest import make_offer, make_provider
from wegweiser.directory.models import (
    CITYWIDE_CODE,
    District,
    EditorialStatus,
    Location,
    Offer,
    Provider,
    Region,
)


def district(region: Region, code: str) -> District:
    return District.objects.get(region=region, code=code)


def vellmar(landkreis: Region) -> District:
    return district(landkreis, "06633026")


def make_location(region: Region, name: str, **fields) -> Location:
    return Location.objects.create(region=region, name=name, **fields)


# --- Scoping -----------------------------------------------------------------------------------


def test_it_returns_only_the_offers_of_the_region(kassel, landkreis) -> None:
    in_kassel = make_offer(kassel, "Sprachcafé Nordstadt")
    in_landkreis = make_offer(landkreis, "Sprachcafé Vellmar")
    assert list(Offer.objects.for_region(kassel)) == [in_kassel]
    assert list(Offer.objects.for_region(landkreis)) == [in_landkreis]


def test_it_returns_only_the_locations_of_the_region(kassel, landkreis) -> None:
    in_kassel = make_location(kassel, "Stadtteilzentrum Wesertor")
    in_landkreis = make_location(landkreis, "Rathaus Vellmar")
    assert list(Location.objects.for_region(kassel)) == [in_kassel]
    assert list(Location.objects.for_region(landkreis)) == [in_landkreis]


def test_it_returns_only_the_districts_of_the_region(kassel, landkreis) -> None:
    kassel_codes = set(District.objects.for_region(kassel).values_list("code", flat=True))
    landkreis_codes = set(District.objects.for_region(landkreis).values_list("code", flat=True))
    assert kassel_codes == {f"{number:02d}" for number in range(1, 24)}
    assert landkreis_codes == {"06633026"}
    assert not kassel_codes & landkreis_codes


# --- Published -------------------------------------------------------------------------------


def test_published_excludes_drafts_offers_in_review_and_archived_offers(kassel) -> None:
    published = make_offer(kassel, "Veröffentlicht", status=EditorialStatus.PUBLISHED)
    for status in (EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW, EditorialStatus.ARCHIVED):
        make_offer(kassel, f"Status {status}", status=status)
    assert Offer.objects.count() == 4
    assert list(Offer.objects.published()) == [published]


def test_published_combines_with_the_region(kassel, landkreis) -> None:
    make_offer(kassel, "In Kassel")
    make_offer(landkreis, "Im Landkreis, Entwurf", status=EditorialStatus.DRAFT)
    landkreis_published = make_offer(landkreis, "Im Landkreis")
    assert list(Offer.objects.for_region(landkreis).published()) == [landkreis_published]


def test_published_providers_exclude_drafts(reference) -> None:
    published = make_provider("Caritas Nordhessen", "wohlfahrtsverband")
    make_provider("Neuer Verein", status=EditorialStatus.DRAFT)
    assert list(Provider.objects.published()) == [published]


# --- Serving a district --------------------------------------------------------------------------


def test_serving_a_district_returns_its_offers_and_the_regions_citywide_offers(
    kassel, landkreis
) -> None:
    wesertor, nord = district(kassel, "05"), district(kassel, "11")
    for_wesertor = make_offer(kassel, "Nur Wesertor", relations={"districts": [wesertor]})
    for_both = make_offer(kassel, "Wesertor und Nord", relations={"districts": [wesertor, nord]})
    citywide = make_offer(kassel, "Ganz Kassel", citywide=True)
    make_offer(kassel, "Nur Nord", relations={"districts": [nord]})
    make_offer(kassel, "Ohne Stadtteil")
    make_offer(landkreis, "Ganzer Landkreis", citywide=True)
    make_offer(landkreis, "Vellmar", relations={"districts": [vellmar(landkreis)]})

    serving = Offer.objects.serving(wesertor)

    assert sorted(offer.title for offer in serving) == sorted(
        [for_wesertor.title, for_both.title, citywide.title]
    )
    assert serving.count() == 3  # each offer once, however many districts it serves


def test_serving_a_county_municipality_ignores_the_citys_citywide_offers(kassel, landkreis) -> None:
    make_offer(kassel, "Ganz Kassel", citywide=True)
    county_wide = make_offer(landkreis, "Ganzer Landkreis", citywide=True)
    in_vellmar = make_offer(landkreis, "Vellmar", relations={"districts": [vellmar(landkreis)]})
    assert set(Offer.objects.serving(vellmar(landkreis))) == {county_wide, in_vellmar}


def test_serving_combines_with_published(kassel) -> None:
    wesertor = district(kassel, "05")
    published = make_offer(kassel, "Veröffentlicht", relations={"districts": [wesertor]})
    make_offer(kassel, "Entwurf", status=EditorialStatus.DRAFT, citywide=True)
    assert list(Offer.objects.published().serving(wesertor)) == [published]


# --- Relations must stay in the region -------------------------------------------------------------


def test_an_offer_for_the_whole_region_has_no_districts(kassel) -> None:
    offer = Offer(region=kassel, citywide=True)
    with translation.override("de"), pytest.raises(ValidationError) as raised:
        offer.clean_relations(districts=[district(kassel, "05")])
    assert raised.value.message_dict == {
        "districts": ["Ein Angebot für die ganze Region (00) hat keine einzelnen Stadtteile."]
    }


def test_an_offer_cannot_serve_districts_of_another_region(kassel, landkreis) -> None:
    offer = Offer(region=kassel)
    with translation.override("de"), pytest.raises(ValidationError) as raised:
        offer.clean_relations(districts=[district(kassel, "05"), vellmar(landkreis)])
    assert raised.value.message_dict == {
        "districts": ["Stadtteile einer anderen Region: 06633026 Vellmar"]
    }


def test_an_offer_cannot_take_place_in_locations_of_another_region(kassel, landkreis) -> None:
    offer = Offer(region=kassel)
    at_home = make_location(kassel, "Stadtteilzentrum Wesertor")
    elsewhere = make_location(landkreis, "Rathaus Vellmar")
    with translation.override("de"), pytest.raises(ValidationError) as raised:
        offer.clean_relations(districts=[], locations=[at_home, elsewhere])
    assert raised.value.message_dict == {
        "locations": ["Orte einer anderen Region: Rathaus Vellmar"]
    }


def test_it_reports_every_broken_relation_at_once(kassel, landkreis) -> None:
    offer = Offer(region=kassel, citywide=True)
    with translation.override("de"), pytest.raises(ValidationError) as raised:
        offer.clean_relations(
            districts=[vellmar(landkreis)], locations=[make_location(landkreis, "Rathaus Vellmar")]
        )
    messages = raised.value.message_dict
    assert len(messages["districts"]) == 2
    assert len(messages["locations"]) == 1


def test_relations_within_the_region_are_accepted(kassel) -> None:
    offer = Offer(region=kassel)
    offer.clean_relations(
        districts=[district(kassel, "05"), district(kassel, "11")],
        locations=[make_location(kassel, "Stadtteilzentrum Wesertor")],
    )
    Offer(region=kassel, citywide=True).clean_relations(districts=[])


def test_a_location_cannot_lie_in_a_district_of_another_region(kassel, landkreis) -> None:
    location = Location(region=kassel, name="Irrläufer", district=vellmar(landkreis))
    with translation.override("de"), pytest.raises(ValidationError) as raised:
        location.full_clean()
    with translation.override("de"):
        assert raised.value.message_dict == {
            "district": ["Der Stadtteil gehört zu einer anderen Region."]
        }


# --- Districts ---------------------------------------------------------------------------------


def test_the_database_refuses_a_district_with_the_citywide_code(kassel) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        District.objects.create(region=kassel, code=CITYWIDE_CODE, name="Ganz Kassel")
    assert not District.objects.filter(code=CITYWIDE_CODE).exists()


def test_the_database_refuses_a_district_code_twice_in_one_region(kassel) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        District.objects.create(region=kassel, code="05", name="Noch einmal Wesertor")
    assert District.objects.filter(region=kassel, code="05").count() == 1


def test_the_same_district_code_may_exist_in_another_region(landkreis) -> None:
    District.objects.create(region=landkreis, code="05", name="Eine Gemeinde")
    assert District.objects.filter(code="05").count() == 2


def test_a_citywide_offer_has_the_district_code_00(kassel) -> None:
    offer = make_offer(kassel, citywide=True)
    assert offer.district_codes == ["00"]


def test_a_district_offer_has_its_district_codes_in_order(kassel) -> None:
    offer = make_offer(
        kassel, relations={"districts": [district(kassel, "11"), district(kassel, "05")]}
    )
    assert offer.district_codes == ["05", "11"]


def test_an_offer_without_districts_has_no_district_codes(kassel) -> None:
    assert make_offer(kassel).district_codes == []


# --- Providers are global ----------------------------------------------------------------------


def test_one_provider_can_run_offers_in_both_regions(kassel, landkreis) -> None:
    vhs = make_provider("Volkshochschule Region Kassel", "kommune")
    in_kassel = make_offer(kassel, "Integrationskurs Kassel", provider=vhs)
    in_landkreis = make_offer(landkreis, "Integrationskurs Vellmar", provider=vhs)
    assert set(vhs.offers.all()) == {in_kassel, in_landkreis}
    assert list(Offer.objects.for_region(kassel).filter(provider=vhs)) == [in_kassel]
    assert list(Offer.objects.for_region(landkreis).filter(provider=vhs)) == [in_landkreis]


def test_a_provider_of_one_region_can_be_partner_in_the_other(kassel, landkreis) -> None:
    city_provider = make_provider("Stadt Kassel", "kommune", home_region=kassel)
    offer = make_offer(landkreis, relations={"partners": [city_provider]})
    assert list(city_provider.partner_offers.all()) == [offer]
