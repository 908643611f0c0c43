"""The in-memory catalog of facet values is never stale: every change reaches the next search."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.conftest import make_offer
from wegweiser.directory.models import Area, EditorialStatus, Offer
from wegweiser.directory.search import Filters, search_offers
from wegweiser.directory.search import catalog as catalog_module

pytestmark = pytest.mark.django_db


def titles(text: str = "", filters: Filters | None = None) -> list[str]:
    ids = search_offers(text, filters, sort="name").offer_ids
    by_id = dict(Offer.objects.filter(id__in=ids).values_list("id", "title"))
    return [by_id[offer_id] for offer_id in ids]


def area_count(code: str) -> int:
    values = search_offers("").facets["area"]
    return next((value.count for value in values if value.code == code), 0)


def test_a_word_searched_before_an_offer_exists_finds_it_afterwards(kassel) -> None:
    make_offer(kassel, "Deutschkurs am Abend")
    assert titles("Yogakurs") == []

    make_offer(kassel, "Yogakurs für Frauen")

    assert titles("Yogakurs") == ["Yogakurs für Frauen"]


def test_an_unpublished_offer_leaves_results_and_counts_at_once(kassel) -> None:
    offer = make_offer(kassel, "Nähcafé", area="kultur")
    assert titles("Nähcafé") == ["Nähcafé"]
    assert area_count("kultur") == 1

    offer.status = EditorialStatus.ARCHIVED
    offer.save()

    assert titles("Nähcafé") == []
    assert area_count("kultur") == 0


def test_a_changed_facet_value_moves_the_offer_between_counts(kassel) -> None:
    offer = make_offer(kassel, "Lernhilfe", area="bildung")
    assert area_count("bildung") == 1

    offer.area = Area.objects.get(code="kultur")
    offer.save()

    assert area_count("bildung") == 0
    assert area_count("kultur") == 1
    assert titles(filters=Filters(area=("kultur",))) == ["Lernhilfe"]


def test_a_rolled_back_change_is_not_seen_by_the_next_search(kassel) -> None:
    make_offer(kassel, "Elterncafé")
    with pytest.raises(RuntimeError), transaction.atomic():
        make_offer(kassel, "Schwimmkurs")
        assert titles("Schwimmkurs") == ["Schwimmkurs"]
        raise RuntimeError("rollback")

    assert titles("Schwimmkurs") == []
    assert titles() == ["Elterncafé"]


def test_a_renamed_vocabulary_value_shows_its_new_label_in_the_facets(kassel) -> None:
    make_offer(kassel, "Lernhilfe", area="bildung")
    area = Area.objects.get(code="bildung")
    area.label = "Bildung und Schule"
    area.save()

    labels = {value.code: value.item.label for value in search_offers("").facets["area"]}

    assert labels["bildung"] == "Bildung und Schule"


def test_a_few_changes_patch_the_catalog_and_keep_the_other_offers_in_place(kassel) -> None:
    first = make_offer(kassel, "Elterncafé")
    second = make_offer(kassel, "Hausaufgabenhilfe")
    search_offers("")
    before = catalog_module.current()

    second.title = "Hausaufgabenhilfe am Nachmittag"
    second.save()
    after = catalog_module.current()

    assert after.generation > before.generation
    assert after.positions[first.pk] == before.positions[first.pk]
    # patched: the changed offer got a new place; a rebuild would have put it back in id order
    assert after.positions[second.pk] == len(before.ids)
    assert titles("Nachmittag") == ["Hausaufgabenhilfe am Nachmittag"]


def test_a_catalog_from_an_unknown_generation_is_rebuilt(kassel) -> None:
    make_offer(kassel, "Elterncafé")
    search_offers("")
    stale = catalog_module.current()
    catalog_module.SearchGeneration.objects.update(token="elsewhere")

    rebuilt = catalog_module.current()

    assert rebuilt is not stale
    assert rebuilt.token == "elsewhere"
    assert titles() == ["Elterncafé"]


def test_pages_of_a_large_result_follow_the_order_of_names(kassel) -> None:
    for number in range(45):
        make_offer(kassel, f"Angebot {number:02d}")

    result = search_offers("", sort="name")
    ids = list(result.ordered[20:40])
    names = list(Offer.objects.filter(id__in=ids).values_list("title", flat=True))

    assert len(result.ordered) == 45
    assert sorted(names) == [f"Angebot {number:02d}" for number in range(20, 40)]
    assert [dict(Offer.objects.values_list("id", "title"))[i] for i in ids] == sorted(names)


def test_deleting_an_offer_with_a_location_leaves_nothing_in_the_search(kassel) -> None:
    from wegweiser.directory.models import Location, OfferLocation, OfferSearchDocument

    offer = make_offer(kassel, "Nähcafé")
    location = Location.objects.create(region=kassel, name="Stadtteilzentrum", city="Kassel")
    OfferLocation.objects.create(offer=offer, location=location)

    offer.delete()

    assert not OfferSearchDocument.objects.filter(offer_id=offer.pk).exists()
    assert titles("Nähcafé") == []


def test_a_typo_finds_a_word_that_came_after_the_same_typo_was_searched(kassel) -> None:
    make_offer(kassel, "Deutschkurs am Abend")
    assert "Zumbakurs für Frauen" not in titles("Zumbakurss")

    make_offer(kassel, "Zumbakurs für Frauen")

    assert titles("Zumbakurss") == ["Zumbakurs für Frauen"]


def test_relevance_pages_take_title_matches_first_whatever_their_place_by_name(kassel) -> None:
    for number in range(30):
        make_offer(kassel, f"Angebot {number:02d}", description="mit Nähkurs")
    for number in range(5):
        make_offer(kassel, f"Zuletzt: Nähkurs {number}")

    ordered = search_offers("Nähkurs").ordered
    first_page = list(ordered[:20])
    by_id = dict(Offer.objects.values_list("id", "title"))

    assert [by_id[i] for i in first_page[:5]] == [f"Zuletzt: Nähkurs {n}" for n in range(5)]
    assert [by_id[i] for i in first_page[5:]] == [f"Angebot {n:02d}" for n in range(15)]
    assert [by_id[i] for i in ordered[30:]] == [
        "Angebot 25",
        *[f"Angebot {n}" for n in range(26, 30)],
    ]
    assert len(list(ordered)) == 35


def test_the_catalog_knows_each_offers_linked_values_and_inactive_vocabulary_values(kassel):
    from wegweiser.directory.models import AgeGroup, District, Language

    nord = District.objects.get(region=kassel, code="11")
    offer = make_offer(
        kassel,
        "Lernhilfe",
        relations={
            "age_groups": list(AgeGroup.objects.filter(code__in=["kinder", "jugendliche"])),
            "languages": list(Language.objects.filter(code="ar")),
            "districts": [nord],
        },
    )
    AgeGroup.objects.filter(code="kinder").update(active=False)
    catalog_module.record_change([None])

    shelf = catalog_module.current()
    linked = shelf.linked(offer.pk)

    assert linked is not None
    assert sorted(linked["age"]) == ["jugendliche", "kinder"]
    assert linked["language"] == ["ar"] and linked["district"] == [nord.pk]
    assert linked["target"] == []
    assert "kinder" in shelf.all_values["age"]  # for the label of what an offer still has
    assert "kinder" not in [item.code for item in shelf.vocabularies["age"]]  # no facet value
    assert shelf.linked(-1) is None


def test_the_text_match_leaves_the_planner_settings_as_they_were(kassel) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a planner setting of PostgreSQL")
    make_offer(kassel, "Beratung für Eltern")

    with transaction.atomic():  # the match inside an outer transaction
        assert titles("Beratung") == ["Beratung für Eltern"]
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone()[0] == "on"
