"""Vocabularies as offers.md defines them: codes, order, report columns, labels, admin rules."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from wegweiser.accounts.models import User
from wegweiser.directory.demo import VOCABULARIES
from wegweiser.directory.models import (
    AgeGroup,
    Area,
    Gender,
    Language,
    Network,
    OfferKind,
    ProviderType,
    TargetGroup,
)

TRANSLATION_LANGUAGES = ["en", "tr", "ru", "ar", "uk"]
FIXED = [AgeGroup, Gender, OfferKind]
EXTENSIBLE = [Area, ProviderType, TargetGroup, Language, Network]


def codes(model) -> list[str]:
    return list(model.objects.values_list("code", flat=True))


def test_the_nine_areas_come_in_the_order_of_the_2008_survey(reference) -> None:
    assert codes(Area) == [
        "arbeitsberatung",
        "berufliche-qualifizierung",
        "bildung",
        "freizeit-sport",
        "kultur",
        "religion",
        "spezielle-beratungen",
        "sprachfoerderung",
        "sonstiges",
    ]
    assert Area.objects.get(code="sprachfoerderung").label == "Sprachförderung"
    assert Area.objects.get(code="freizeit-sport").label == "Freizeit / Sport"


def test_age_groups_map_onto_the_three_columns_of_the_survey(reference) -> None:
    groups = list(AgeGroup.objects.values_list("code", "seed_column", "min_age", "max_age"))
    assert groups == [
        ("kinder", "kinder", 0, 13),
        ("jugendliche", "kinder", 14, 17),
        ("erwachsene", "erwachsene", 18, 64),
        ("senioren", "senioren", 65, None),
    ]


def test_genders_and_offer_kinds_are_the_fixed_codes(reference) -> None:
    assert codes(Gender) == ["alle", "frauen", "maenner"]
    assert Gender.ALL == "alle"
    assert codes(OfferKind) == ["regelangebot", "projekt", "kurs"]
    assert codes(OfferKind) == [OfferKind.REGULAR, OfferKind.PROJECT, OfferKind.COURSE]


def test_every_provider_type_reports_in_the_column_offers_md_gives_it(reference) -> None:
    assert dict(ProviderType.objects.values_list("code", "report_column")) == {
        "kommune": "stadt-land",
        "land-bund": "stadt-land",
        "wohlfahrtsverband": "wohlfahrtsverbaende",
        "migrantenorganisation": "sonstige",
        "verein": "sonstige",
        "bildungstraeger": "sonstige",
        "religionsgemeinschaft": "sonstige",
        "sonstige": "sonstige",
    }


def test_the_languages_of_the_site_can_be_chosen_as_languages_of_delivery(reference) -> None:
    site_languages = {code for code, _label in settings.LANGUAGES}
    assert site_languages <= set(codes(Language))
    assert {"prs", "kmr", "ckb", "gsg"} <= set(codes(Language))


def test_the_reference_data_has_the_arbeitskreis_integration(reference) -> None:
    network = Network.objects.get(code="arbeitskreis-integration")
    assert network.label == "Arbeitskreis Integration"
    assert network.description


@pytest.mark.parametrize("model", list(VOCABULARIES.values()), ids=lambda model: model.__name__)
def test_every_value_has_a_label_in_every_language_of_the_site(reference, model) -> None:
    assert settings.WEGWEISER_TRANSLATION_LANGUAGES == TRANSLATION_LANGUAGES
    assert model.objects.exists()
    for value in model.objects.all():
        missing = [code for code in TRANSLATION_LANGUAGES if not value.labels.get(code, "").strip()]
        assert missing == [], f"{model.__name__} {value.code}: {missing}"


def test_every_value_is_active_after_loading(reference) -> None:
    for model in VOCABULARIES.values():
        assert not model.objects.filter(active=False).exists()
        assert model.objects.active().count() == model.objects.count()


def test_inactive_values_are_not_offered_any_more(reference) -> None:
    Area.objects.filter(code="religion").update(active=False)
    assert "religion" not in Area.objects.active().values_list("code", flat=True)
    assert Area.objects.filter(code="religion").exists()


# --- Labels ------------------------------------------------------------------------------------


def test_label_in_returns_the_label_of_the_language(reference) -> None:
    area = Area.objects.get(code="bildung")
    assert area.label_in("de") == "Bildung"
    assert area.label_in("en") == "Education"
    assert area.label_in("tr") == "Eğitim"
    assert area.label_in("uk") == "Освіта"


def test_label_in_reads_regional_language_codes_as_their_language(reference) -> None:
    assert Area.objects.get(code="bildung").label_in("en-gb") == "Education"


def test_label_in_falls_back_to_german_for_a_language_without_label(reference) -> None:
    area = Area.objects.get(code="bildung")
    assert area.label_in("fr") == "Bildung"
    area.labels = {"en": ""}
    assert area.label_in("en") == "Bildung"


def test_label_in_uses_the_active_language_by_default(reference) -> None:
    gender = Gender.objects.get(code="frauen")
    with translation.override("en"):
        assert gender.label_in() == "Girls / women"
    with translation.override("ar"):
        assert gender.label_in() == "الفتيات / النساء"
    with translation.override("de"):
        assert gender.label_in() == "Mädchen / Frauen"


def test_label_in_falls_back_to_german_without_an_active_language(reference) -> None:
    kind = OfferKind.objects.get(code="kurs")
    with translation.override(None):
        assert kind.label_in() == "Kurs"


def test_a_vocabulary_value_shows_its_german_label(reference) -> None:
    assert str(AgeGroup.objects.get(code="senioren")) == "Seniorinnen und Senioren (65+)"


# --- Admin -------------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client, db):
    User.objects.create_superuser("admin@example.org", "pw-long-enough-123")
    assert client.login(email="admin@example.org", password="pw-long-enough-123")
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:directory_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", FIXED, ids=lambda model: model.__name__)
def test_the_admin_refuses_to_add_to_a_fixed_vocabulary(superuser_client, reference, model) -> None:
    before = model.objects.count()
    assert superuser_client.get(admin_url(model, "add")).status_code == 403
    response = superuser_client.post(admin_url(model, "add"), {"code": "neu", "label": "Neu"})
    assert response.status_code == 403
    assert model.objects.count() == before


@pytest.mark.parametrize("model", EXTENSIBLE, ids=lambda model: model.__name__)
def test_the_admin_offers_to_add_to_an_extensible_vocabulary(
    superuser_client, reference, model
) -> None:
    assert superuser_client.get(admin_url(model, "add")).status_code == 200


def test_staff_can_add_an_area_in_the_admin(superuser_client, reference) -> None:
    response = superuser_client.post(
        admin_url(Area, "add"),
        {
            "code": "gesundheit",
            "label": "Gesundheit",
            "labels": '{"en": "Health"}',
            "order": 10,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    area = Area.objects.get(code="gesundheit")
    assert area.label_in("en") == "Health"


def test_a_new_provider_type_needs_its_report_column(superuser_client, reference) -> None:
    values = {"code": "stiftung", "label": "Stiftung", "labels": "{}", "order": 9, "active": "on"}
    response = superuser_client.post(admin_url(ProviderType, "add"), values)
    assert response.status_code == 200
    assert not ProviderType.objects.filter(code="stiftung").exists()

    response = superuser_client.post(
        admin_url(ProviderType, "add"), {**values, "report_column": "sonstige"}
    )
    assert response.status_code == 302
    assert ProviderType.objects.get(code="stiftung").report_column == "sonstige"


@pytest.mark.parametrize("model", FIXED + EXTENSIBLE, ids=lambda model: model.__name__)
def test_the_admin_refuses_to_delete_a_vocabulary_value(superuser_client, reference, model) -> None:
    value = model.objects.first()
    assert superuser_client.get(admin_url(model, "delete", value.pk)).status_code == 403
    assert (
        superuser_client.post(admin_url(model, "delete", value.pk), {"post": "yes"}).status_code
        == 403
    )
    assert model.objects.filter(pk=value.pk).exists()


@pytest.mark.parametrize("model", FIXED + EXTENSIBLE, ids=lambda model: model.__name__)
def test_the_admin_offers_no_bulk_delete_of_vocabulary_values(
    superuser_client, reference, model
) -> None:
    response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()


def test_the_code_of_a_saved_value_cannot_be_changed_in_the_admin(
    superuser_client, reference
) -> None:
    area = Area.objects.get(code="kultur")
    response = superuser_client.post(
        admin_url(Area, "change", area.pk),
        {"code": "kunst", "label": "Kunst und Kultur", "labels": "{}", "order": 5, "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()
    area.refresh_from_db()
    assert (area.code, area.label) == ("kultur", "Kunst und Kultur")


def test_the_admin_lets_staff_deactivate_a_fixed_value(superuser_client, reference) -> None:
    kind = OfferKind.objects.get(code="projekt")
    response = superuser_client.post(
        admin_url(OfferKind, "change", kind.pk),
        {"label": kind.label, "labels": "{}", "order": kind.order},
    )
    assert response.status_code == 302, response.content.decode()
    kind.refresh_from_db()
    assert kind.active is False
