"""Translations of German texts: what readers see, and when a translation is outdated."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.conftest import make_offer, make_provider
from wegweiser.directory.history import save_with_relations
from wegweiser.directory.models import (
    Offer,
    OfferTranslation,
    ProviderTranslation,
    TranslationState,
)


@pytest.fixture
def offer(kassel) -> Offer:
    return make_offer(
        kassel,
        "Sprachcafé",
        description="Deutsch sprechen bei Kaffee und Kuchen.",
        schedule="Dienstags 15–17 Uhr",
        contact_phone="0561 123456",
    )


def translate(offer: Offer, language: str, **texts: str) -> OfferTranslation:
    return OfferTranslation.objects.create(offer=offer, language=language, **texts)


def reloaded(offer: Offer) -> Offer:
    return Offer.objects.get(pk=offer.pk)


# --- What readers see --------------------------------------------------------------------------


def test_it_shows_the_translation_in_the_requested_language(offer) -> None:
    translate(offer, "en", title="Language café", description="Speak German over coffee.")
    translate(offer, "tr", title="Dil kafesi")
    assert offer.translated("title", "en") == "Language café"
    assert offer.translated("description", "en") == "Speak German over coffee."
    assert offer.translated("title", "tr") == "Dil kafesi"


def test_it_shows_the_translation_in_the_active_language(offer) -> None:
    translate(offer, "en", title="Language café")
    with translation.override("en"):
        assert offer.translated("title") == "Language café"
    with translation.override("de"):
        assert offer.translated("title") == "Sprachcafé"


def test_it_reads_a_regional_language_code_as_its_language(offer) -> None:
    translate(offer, "en", title="Language café")
    assert offer.translated("title", "en-gb") == "Language café"
    with translation.override("en-us"):
        assert offer.translated("title") == "Language café"


def test_it_shows_german_when_there_is_no_translation(offer) -> None:
    translate(offer, "en", title="Language café")
    assert offer.translated("title", "ru") == "Sprachcafé"
    with translation.override("ar"):
        assert offer.translated("title") == "Sprachcafé"


def test_it_shows_german_for_a_field_the_translation_leaves_empty(offer) -> None:
    translate(offer, "en", title="Language café", description="")
    assert offer.translated("description", "en") == "Deutsch sprechen bei Kaffee und Kuchen."
    assert offer.translated("schedule", "en") == "Dienstags 15–17 Uhr"


def test_it_shows_german_when_german_is_asked_for(offer) -> None:
    translate(offer, "en", title="Language café")
    assert offer.translated("title", "de") == "Sprachcafé"


def test_it_shows_an_empty_text_when_neither_language_has_one(offer) -> None:
    translate(offer, "en", title="Language café")
    assert offer.translated("cost_note", "en") == ""


def test_it_still_shows_an_outdated_translation(offer) -> None:
    translate(offer, "en", title="Language café")
    offer.title = "Sprachcafé im Stadtteilzentrum"
    save_with_relations(offer)
    assert offer.translation_state("en") == TranslationState.OUTDATED
    assert offer.translated("title", "en") == "Language café"


def test_it_refuses_a_field_that_is_not_translatable(offer) -> None:
    with pytest.raises(ValueError, match="contact_phone"):
        offer.translated("contact_phone", "en")
    with pytest.raises(ValueError, match="name"):
        make_provider().translated("name", "en")


def test_it_reads_prefetched_translations_without_further_queries(
    offer, django_assert_num_queries
) -> None:
    translate(offer, "en", title="Language café")
    prefetched = Offer.objects.with_relations().get(pk=offer.pk)
    with django_assert_num_queries(0):
        assert prefetched.translated("title", "en") == "Language café"
        assert prefetched.translated("title", "tr") == "Sprachcafé"
        assert prefetched.translation_state("en") == TranslationState.CURRENT


# --- Whether a translation is current ------------------------------------------------------------


def test_a_translation_that_does_not_exist_is_missing(offer) -> None:
    translate(offer, "en", title="Language café")
    assert offer.translation_state("uk") == TranslationState.MISSING


def test_a_new_translation_is_current(offer) -> None:
    created = translate(offer, "en", title="Language café")
    assert offer.translation_state("en") == TranslationState.CURRENT
    assert created.state == TranslationState.CURRENT


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Sprachcafé im Stadtteilzentrum"),
        ("description", "Deutsch sprechen, Kaffee trinken."),
        ("schedule", "Mittwochs 15–17 Uhr"),
        ("cost_note", "Spende erbeten"),
        ("hours_note", "2 Stunden je Treffen"),
    ],
)
def test_a_change_to_the_german_text_makes_the_translation_outdated(offer, field, value) -> None:
    translate(offer, "en", title="Language café")
    setattr(offer, field, value)
    save_with_relations(offer)
    assert reloaded(offer).translation_state("en") == TranslationState.OUTDATED
    assert (
        OfferTranslation.objects.get(offer=offer, language="en").state == TranslationState.OUTDATED
    )


def test_the_change_outdates_every_language(offer) -> None:
    for language in ("en", "tr", "ar"):
        translate(offer, language, title=f"Sprachcafé ({language})")
    offer.title = "Sprachcafé im Stadtteilzentrum"
    save_with_relations(offer)
    offer = reloaded(offer)
    assert {language: offer.translation_state(language) for language in ("en", "tr", "ar")} == {
        "en": TranslationState.OUTDATED,
        "tr": TranslationState.OUTDATED,
        "ar": TranslationState.OUTDATED,
    }


def test_a_change_to_a_field_that_is_not_translated_leaves_the_translation_current(offer) -> None:
    translate(offer, "en", title="Language café")
    offer.contact_phone = "0561 654321"
    offer.website = "https://sprachcafe.example"
    offer.barrier_free = True
    save_with_relations(offer)
    assert reloaded(offer).translation_state("en") == TranslationState.CURRENT


def test_changing_the_german_text_back_makes_the_translation_current_again(offer) -> None:
    translate(offer, "en", title="Language café")
    offer.title = "Sprachcafé im Stadtteilzentrum"
    save_with_relations(offer)
    offer.title = "Sprachcafé"
    save_with_relations(offer)
    assert reloaded(offer).translation_state("en") == TranslationState.CURRENT


def test_saving_the_translation_anew_makes_it_current_again(offer) -> None:
    translate(offer, "en", title="Language café")
    offer.title = "Sprachcafé im Stadtteilzentrum"
    save_with_relations(offer)

    revised = OfferTranslation.objects.get(offer=offer, language="en")
    revised.title = "Language café at the community centre"
    revised.save()

    offer = reloaded(offer)
    assert offer.translation_state("en") == TranslationState.CURRENT
    assert offer.translated("title", "en") == "Language café at the community centre"


def test_saving_only_some_fields_of_the_translation_also_makes_it_current(offer) -> None:
    translate(offer, "en", title="Language café")
    offer.title = "Sprachcafé im Stadtteilzentrum"
    save_with_relations(offer)

    revised = OfferTranslation.objects.get(offer=offer, language="en")
    revised.title = "Language café at the community centre"
    revised.save(update_fields=["title"])

    assert reloaded(offer).translation_state("en") == TranslationState.CURRENT


def test_saving_without_marking_current_keeps_the_translation_outdated(offer) -> None:
    translate(offer, "en", title="Language café")
    offer.title = "Sprachcafé im Stadtteilzentrum"
    save_with_relations(offer)

    corrected = OfferTranslation.objects.get(offer=offer, language="en")
    corrected.title = "Language Café"  # a typo fixed, not a new translation
    corrected.save(mark_current=False)

    assert reloaded(offer).translation_state("en") == TranslationState.OUTDATED


# --- Providers ---------------------------------------------------------------------------------


@pytest.fixture
def provider(reference):
    return make_provider(
        "Diakonie Kassel",
        "wohlfahrtsverband",
        description="Beratung für Migrantinnen und Migranten.",
    )


def test_a_provider_shows_its_translated_description(provider) -> None:
    ProviderTranslation.objects.create(
        provider=provider, language="en", description="Counselling for migrants."
    )
    assert provider.translated("description", "en") == "Counselling for migrants."
    assert provider.translated("description", "ru") == "Beratung für Migrantinnen und Migranten."
    with translation.override("en"):
        assert provider.translated("description") == "Counselling for migrants."


def test_a_provider_translation_becomes_outdated_and_current_again(provider) -> None:
    assert provider.translation_state("en") == TranslationState.MISSING
    ProviderTranslation.objects.create(
        provider=provider, language="en", description="Counselling for migrants."
    )
    assert provider.translation_state("en") == TranslationState.CURRENT

    provider.name = "Diakonisches Werk Region Kassel"
    provider.phone = "0561 000000"
    save_with_relations(provider)
    assert provider.translation_state("en") == TranslationState.CURRENT

    provider.description = "Beratung und Begleitung für Migrantinnen und Migranten."
    save_with_relations(provider)
    assert provider.translation_state("en") == TranslationState.OUTDATED

    revised = ProviderTranslation.objects.get(provider=provider, language="en")
    revised.description = "Counselling and support for migrants."
    revised.save()
    assert provider.translation_state("en") == TranslationState.CURRENT
