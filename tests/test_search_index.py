"""The search index follows every change; relevance, sorting, translations, text folding."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_offer, make_provider
from wegweiser.directory.models import (
    AgeGroup,
    District,
    Language,
    Location,
    Offer,
    OfferSearchDocument,
    OfferTranslation,
    TargetGroup,
)
from wegweiser.directory.search import index, search_offers
from wegweiser.directory.search.text import fold, similarity, words

pytestmark = pytest.mark.django_db


def titles(text: str, **kwargs) -> set[str]:
    ids = search_offers(text, **kwargs).offer_ids
    return set(Offer.objects.filter(id__in=ids).values_list("title", flat=True))


def test_the_translation_of_the_current_language_is_searched_too(kassel) -> None:
    offer = make_offer(kassel, "Sprachcafé im Stadtteilzentrum")
    OfferTranslation.objects.create(
        offer=offer, language="en", title="Language café in the community centre"
    )
    OfferTranslation.objects.create(
        offer=offer, language="tr", title="Mahalle merkezinde dil kafesi"
    )

    assert titles("community", language="en") == {"Sprachcafé im Stadtteilzentrum"}
    assert titles("community", language="de") == set()
    assert titles("mahalle", language="tr") == {"Sprachcafé im Stadtteilzentrum"}
    assert titles("mahalle", language="en") == set()
    assert titles("Sprachcafé", language="en") == {"Sprachcafé im Stadtteilzentrum"}


def test_a_change_to_an_offer_is_searchable_at_once(kassel) -> None:
    offer = make_offer(kassel, "Nähcafé")
    assert titles("Nähcafé") == {"Nähcafé"}
    offer.title = "Repaircafé"
    offer.save()
    assert titles("Nähcafé") == set()
    assert titles("Repaircafe") == {"Repaircafé"}


def test_renaming_a_provider_reindexes_its_offers(kassel) -> None:
    offer = make_offer(kassel, "Beratung")
    offer.provider.name = "Verein Brückenbauer"
    offer.provider.save()
    assert titles("Brückenbauer") == {"Beratung"}


def test_relevance_puts_title_matches_first(kassel) -> None:
    make_offer(kassel, "Elterncafé", description="Auch Hausaufgabenhilfe ist möglich.")
    make_offer(kassel, "Hausaufgabenhilfe")
    result = search_offers("Hausaufgabenhilfe")
    first = Offer.objects.get(id=result.offer_ids[0])
    assert first.title == "Hausaufgabenhilfe"


def test_sorting_by_name_and_by_verification(kassel) -> None:
    from django.utils import timezone

    make_offer(kassel, "Beta", verified_at=timezone.now() - dt.timedelta(days=3))
    make_offer(kassel, "Alpha", verified_at=timezone.now() - dt.timedelta(days=30))
    make_offer(kassel, "Gamma", verified_at=timezone.now())
    by_name = [Offer.objects.get(id=i).title for i in search_offers("", sort="name").offer_ids]
    by_verified = [
        Offer.objects.get(id=i).title for i in search_offers("", sort="verified").offer_ids
    ]
    assert by_name == ["Alpha", "Beta", "Gamma"]
    assert by_verified == ["Gamma", "Beta", "Alpha"]


def test_folding_and_words() -> None:
    assert fold("Förderung für Mädchen – Straße") == "foerderung fuer maedchen – strasse"
    assert words("Kurse für Frauen und Mädchen") == ["kurse", "frauen", "maedchen"]
    assert similarity("integratonskurs", "integrationskurs") > 0.6
    assert similarity("kurs", "haus") < 0.3


def test_the_rebuild_command_indexes_every_published_offer(kassel) -> None:
    from django.core.management import call_command

    from wegweiser.directory.models import OfferSearchDocument

    make_offer(kassel, "Nähcafé")
    make_offer(kassel, "Entwurf", status="draft")
    OfferSearchDocument.objects.all().delete()
    assert titles("Nähcafé") == set()
    call_command("rebuild_search_index", stdout=None)
    assert titles("Nähcafé") == {"Nähcafé"}
    assert titles("Entwurf") == set()


def test_reindexing_many_offers_at_once_writes_what_each_offer_alone_would(kassel) -> None:
    partner = make_provider("Partnerverein Brückenbauer")
    place = Location.objects.create(region=kassel, name="Stadtteilzentrum", street="Weg 1")
    offers = [
        make_offer(
            kassel,
            "Sprachcafé für Mütter",
            description="Café, Gespräch und Kinderbetreuung",
            gender="frauen",
            relations={
                "partners": [partner],
                "age_groups": list(AgeGroup.objects.filter(code__in=["kinder", "erwachsene"])),
                "target_groups": list(TargetGroup.objects.all()[:2]),
                "languages": list(Language.objects.filter(code__in=["ar", "tr", "de"])),
                "districts": list(District.objects.filter(region=kassel, code__in=["03", "05"])),
                "locations": [place],
            },
        ),
        make_offer(kassel, "Hausaufgabenhilfe"),
    ]
    OfferTranslation.objects.create(offer=offers[0], language="en", title="Language café")
    OfferTranslation.objects.create(offer=offers[0], language="tr", title="Dil kafesi")

    index.reindex([offer.pk for offer in offers])

    for offer in offers:
        stored = {
            document.language: (document.title, document.body)
            for document in OfferSearchDocument.objects.filter(offer=offer)
        }
        assert stored == index.documents(Offer.objects.get(pk=offer.pk))
    assert "brueckenbauer" in stored_body(offers[0]) and "stadtteilzentrum" in stored_body(
        offers[0]
    )


def stored_body(offer: Offer) -> str:
    from wegweiser.directory.models import OfferSearchDocument

    return OfferSearchDocument.objects.get(offer=offer, language="de").body
