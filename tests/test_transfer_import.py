"""Import rules: updates by angebot_id, absent and empty columns, providers, status, rights,
history and audit, and that an import killed halfway leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from tests.conftest import make_offer, make_provider
from tests.transfer_support import csv, database_state, messages, run_import
from wegweiser.accounts.models import User
from wegweiser.directory.models import (
    District,
    EditorialStatus,
    Language,
    Location,
    Offer,
    Provider,
)
from wegweiser.directory.search import index
from wegweiser.editorial.models import AuditEntry, Revision
from wegweiser.editorial.transfer import writing

pytestmark = pytest.mark.django_db

HEADER = "angebot_id;traeger;traegerart;titel;bereich;altersgruppen;stadtteile"


@pytest.fixture
def caritas(reference) -> Provider:
    return make_provider("Caritasverband Nordhessen-Kassel e. V.", "wohlfahrtsverband")


@pytest.fixture
def editor(reference) -> User:
    return User.objects.create_user("redaktion@kassel.example", "pw-long-enough-123")


def _full_offer(kassel, caritas) -> Offer:
    return make_offer(
        kassel,
        "Sprachcafé",
        provider=caritas,
        external_id="K-1",
        description="Jeden Dienstag.",
        hours=Decimal("22.5"),
        website="https://example.org",
        relations={
            "languages": list(Language.objects.filter(code__in=["de", "ar"])),
            "districts": list(District.objects.filter(region=kassel, code="03")),
        },
    )


def test_reimporting_the_same_id_updates_and_never_duplicates(kassel, caritas, editor) -> None:
    data = csv(HEADER, "K-1;Caritasverband Nordhessen-Kassel e. V.;;Sprachcafé;bildung;kinder;01")
    assert run_import(data, kassel, user=editor).ok
    changed = csv(
        HEADER, "K-1;Caritasverband Nordhessen-Kassel e. V.;;Sprachtreff;bildung;kinder;02"
    )

    result = run_import(changed, kassel, user=editor)

    assert result.ok and result.counts()["updated"] == 1
    offer = Offer.objects.get()
    assert offer.title == "Sprachtreff"
    assert [d.code for d in offer.districts.all()] == ["02"]
    versions = list(offer.history.order_by("history_date"))
    assert [version.history_type for version in versions] == ["+", "~"]
    assert {version.history_user for version in versions} == {editor}
    assert [v.title for v in versions] == ["Sprachcafé", "Sprachtreff"]
    entries = AuditEntry.objects.filter(object_id=str(offer.uuid)).order_by("id")
    assert [entry.action for entry in entries] == ["import_offer_created", "import_offer_updated"]
    assert {entry.actor for entry in entries} == {editor}
    summary = AuditEntry.objects.filter(action="import").order_by("id").last()
    assert summary is not None and summary.summary == (
        "Datei „angebote.csv“: 0 neu, 1 geändert, 0 Änderungsvorschläge, 0 unverändert, "
        "0 Träger neu."
    )


def test_an_unchanged_row_records_no_version(kassel, caritas) -> None:
    data = csv(HEADER, "K-1;Caritasverband Nordhessen-Kassel e. V.;;Sprachcafé;bildung;kinder;01")
    run_import(data, kassel)
    before = database_state()

    result = run_import(data, kassel)

    assert result.counts()["unchanged"] == 1
    after = database_state()
    assert after["offer_versions"] == before["offer_versions"]
    assert after["offers"] == before["offers"]


def test_an_absent_column_leaves_the_field_and_an_empty_cell_clears_it(kassel, caritas) -> None:
    offer = _full_offer(kassel, caritas)

    result = run_import(csv("angebot_id;beschreibung;sprachen", "K-1;;"), kassel)

    assert result.ok, messages(result)
    offer.refresh_from_db()
    assert offer.description == ""
    assert list(offer.languages.all()) == []
    assert offer.title == "Sprachcafé"
    assert offer.hours == Decimal("22.5")
    assert offer.website == "https://example.org"
    assert [d.code for d in offer.districts.all()] == ["03"]


def test_an_empty_required_cell_is_an_error_on_update(kassel, caritas) -> None:
    _full_offer(kassel, caritas)
    before = database_state()

    result = run_import(csv("angebot_id;titel", "K-1;"), kassel)

    assert messages(result) == ["Zeile 2, Spalte „titel“: Pflichtangabe fehlt."]
    assert database_state() == before


def test_a_new_offer_needs_the_required_columns(kassel, caritas) -> None:
    result = run_import(csv("angebot_id;titel", "NEU-1;Neues Angebot"), kassel)

    assert messages(result) == [
        f"Zeile 2, Spalte „{column}“: Die Spalte fehlt in der Datei; sie ist für neue Angebote nötig."
        for column in ("traeger", "bereich", "altersgruppen")
    ]


def test_the_uuid_written_by_the_export_finds_an_offer_without_external_key(
    kassel, caritas
) -> None:
    offer = make_offer(kassel, "Ohne Schlüssel", provider=caritas)

    result = run_import(csv("angebot_id;titel", f"{offer.uuid};Mit neuem Titel"), kassel)

    assert result.ok, messages(result)
    assert Offer.objects.get().title == "Mit neuem Titel"


def test_an_id_of_another_region_does_not_match(kassel, landkreis, caritas) -> None:
    make_offer(landkreis, "Im Landkreis", provider=caritas, external_id="K-1")

    result = run_import(
        csv(HEADER, "K-1;Caritasverband Nordhessen-Kassel e. V.;;In der Stadt;bildung;kinder;00"),
        kassel,
    )

    assert result.ok
    assert Offer.objects.get(region=landkreis).title == "Im Landkreis"
    assert Offer.objects.get(region=kassel).title == "In der Stadt"


def test_a_district_of_another_region_is_unknown(kassel, landkreis, caritas) -> None:
    result = run_import(
        csv(HEADER, "K-1;Caritasverband Nordhessen-Kassel e. V.;;x;bildung;kinder;Vellmar"), kassel
    )

    assert messages(result)[0].startswith(
        "Zeile 2, Spalte „stadtteile“, Wert „Vellmar“: unbekannt: „Vellmar“."
    )


def test_a_district_is_found_by_name_number_without_zero_or_code(kassel, caritas) -> None:
    result = run_import(
        csv(HEADER, 'K-1;Caritasverband Nordhessen-Kassel e. V.;;x;bildung;kinder;"mitte, 2; 03"'),
        kassel,
    )

    assert result.ok, messages(result)
    assert sorted(d.code for d in Offer.objects.get().districts.all()) == ["01", "02", "03"]


def test_the_provider_is_matched_after_nfc_trimming_and_space_collapsing(kassel, reference) -> None:
    provider = make_provider("Förderverein  Süsterfeld e. V.", "verein")
    decomposed = unicodedata.normalize("NFD", "  förderverein süsterfeld   e. V. ")

    result = run_import(csv(HEADER, f"K-1;{decomposed};verein;x;bildung;kinder;01"), kassel)

    assert result.ok, messages(result)
    assert Offer.objects.get().provider == provider
    assert Provider.objects.count() == 1


def test_a_provider_type_that_differs_from_the_stored_one_is_an_error(kassel, caritas) -> None:
    result = run_import(
        csv(HEADER, "K-1;Caritasverband Nordhessen-Kassel e. V.;verein;x;bildung;kinder;01"), kassel
    )

    assert messages(result) == [
        "Zeile 2, Spalte „traegerart“, Wert „verein“: Der Träger „Caritasverband "
        "Nordhessen-Kassel e. V.“ hat die Trägerart „wohlfahrtsverband“; eine andere Trägerart "
        "wird beim Import nicht übernommen (bitte im Träger selbst ändern)."
    ]


def test_a_new_provider_is_created_once_for_all_its_rows(kassel, reference) -> None:
    result = run_import(
        csv(
            HEADER,
            "A;Neuer Verein;verein;Eins;bildung;kinder;01",
            "B;neuer verein;;Zwei;bildung;kinder;01",
            "C;Neuer Verein;Verein / Initiative;Drei;bildung;kinder;01",
        ),
        kassel,
    )

    assert result.ok, messages(result)
    provider = Provider.objects.get()
    assert provider.name == "Neuer Verein"
    assert provider.offers.count() == 3
    assert provider.history.count() == 1


def test_a_new_provider_with_two_types_is_an_error(kassel, reference) -> None:
    result = run_import(
        csv(
            HEADER,
            "A;Neuer Verein;verein;Eins;bildung;kinder;01",
            "B;Neuer Verein;sonstige;Zwei;bildung;kinder;01",
        ),
        kassel,
    )

    assert messages(result) == [
        "Zeile 3, Spalte „traegerart“, Wert „sonstige“: Der neue Träger „Neuer Verein“ hat in "
        "Zeile 2 eine andere Trägerart (verein)."
    ]


def test_a_deactivated_value_cannot_be_newly_assigned(kassel, caritas) -> None:
    Language.objects.filter(code="bg").update(active=False)

    result = run_import(
        csv(
            HEADER + ";sprachen",
            "K-1;Caritasverband Nordhessen-Kassel e. V.;;x;bildung;kinder;01;bg",
        ),
        kassel,
    )

    assert messages(result) == [
        "Zeile 2, Spalte „sprachen“, Wert „bg“: „bg“ ist nicht mehr aktiv und kann nicht neu "
        "vergeben werden."
    ]


def test_the_address_links_the_offer_to_a_location_without_changing_a_shared_one(
    kassel, caritas
) -> None:
    shared = Location.objects.create(region=kassel, street="Weg 1", postcode="34117", city="Kassel")
    first = make_offer(
        kassel, "Eins", provider=caritas, external_id="A", relations={"locations": [shared]}
    )
    second = make_offer(
        kassel, "Zwei", provider=caritas, external_id="B", relations={"locations": [shared]}
    )

    result = run_import(csv("angebot_id;strasse", "A;Weg 2"), kassel)

    assert result.ok, messages(result)
    shared.refresh_from_db()
    assert shared.street == "Weg 1"
    assert [loc.street for loc in second.locations.all()] == ["Weg 1"]
    moved = first.locations.get()
    assert (moved.street, moved.postcode, moved.city) == ("Weg 2", "34117", "Kassel")


def test_a_draft_import_creates_drafts_and_proposes_changes_to_published_offers(
    kassel, caritas, editor
) -> None:
    published = _full_offer(kassel, caritas)
    draft = make_offer(
        kassel, "Entwurf", provider=caritas, external_id="K-2", status=EditorialStatus.DRAFT
    )
    versions = published.history.count()

    result = run_import(
        csv(
            HEADER,
            "K-1;Caritasverband Nordhessen-Kassel e. V.;;Sprachcafé neu;bildung;kinder;00",
            "K-2;Caritasverband Nordhessen-Kassel e. V.;;Entwurf neu;bildung;kinder;01",
            "K-3;Caritasverband Nordhessen-Kassel e. V.;;Ganz neu;bildung;kinder;01",
        ),
        kassel,
        status=EditorialStatus.DRAFT,
        user=editor,
    )

    assert result.ok, messages(result)
    published.refresh_from_db()
    assert (published.title, published.status) == ("Sprachcafé", EditorialStatus.PUBLISHED)
    assert published.history.count() == versions
    revision = Revision.objects.get()
    assert revision.offer == published
    assert revision.author == editor
    assert revision.base_version == published.lock_version
    assert revision.data["title"] == "Sprachcafé neu"
    assert revision.data["citywide"] is True
    assert revision.data["districts"] == []
    assert revision.data["age_groups"] == ["kinder"]
    assert revision.data["area"] == "bildung"
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Entwurf neu", EditorialStatus.DRAFT)
    assert Offer.objects.get(external_id="K-3").status == EditorialStatus.DRAFT
    assert AuditEntry.objects.filter(
        action="revision_proposed", object_id=str(published.uuid)
    ).exists()


def test_a_publishing_import_publishes_a_draft(kassel, caritas) -> None:
    make_offer(kassel, "Entwurf", provider=caritas, external_id="K-2", status=EditorialStatus.DRAFT)

    result = run_import(csv("angebot_id;titel", "K-2;Entwurf"), kassel)

    assert result.ok and result.counts()["updated"] == 1
    assert Offer.objects.get().status == EditorialStatus.PUBLISHED


def test_a_dry_run_writes_nothing(kassel, caritas) -> None:
    before = database_state()

    result = run_import(
        csv(HEADER, "K-1;Caritasverband Nordhessen-Kassel e. V.;;x;bildung;kinder;01"),
        kassel,
        dry_run=True,
    )

    assert result.ok and result.counts()["created"] == 1
    assert database_state() == before


def test_an_import_killed_halfway_leaves_nothing_behind(kassel, caritas, monkeypatch) -> None:
    make_offer(kassel, "Vorhanden", provider=caritas, external_id="K-0")
    before = database_state()
    create = writing._create
    calls = []

    def dying(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt("killed")
        return create(*args, **kwargs)

    monkeypatch.setattr(writing, "_create", dying)
    data = csv(
        HEADER,
        "K-0;Caritasverband Nordhessen-Kassel e. V.;;Geändert;bildung;kinder;01",
        "K-1;Neuer Träger;verein;Eins;bildung;kinder;01",
        "K-2;Neuer Träger;;Zwei;bildung;kinder;01",
        "K-3;Neuer Träger;;Drei;bildung;kinder;01",
    )

    with pytest.raises(KeyboardInterrupt):
        run_import(data, kassel)

    assert database_state() == before
    assert Offer.objects.get().title == "Vorhanden"
    assert getattr(index._pending, "ids", None) is None


# --- a provider editor's import -------------------------------------------------------------


def test_a_provider_editors_rows_become_drafts_and_proposals(kassel, caritas) -> None:
    own = _full_offer(kassel, caritas)

    result = run_import(
        csv(
            HEADER,
            "K-1;Caritasverband Nordhessen-Kassel e. V.;;Sprachcafé neu;bildung;kinder;01",
            "K-5;Caritasverband Nordhessen-Kassel e. V.;;Neues Angebot;bildung;kinder;01",
        ),
        kassel,
        status=EditorialStatus.DRAFT,
        providers=frozenset({caritas.pk}),
    )

    assert result.ok, messages(result)
    own.refresh_from_db()
    assert own.title == "Sprachcafé"
    assert Revision.objects.get().data["title"] == "Sprachcafé neu"
    assert Offer.objects.get(external_id="K-5").status == EditorialStatus.DRAFT


def test_a_provider_editor_cannot_import_rows_of_other_providers(kassel, caritas) -> None:
    other = make_provider("Diakonie Kassel", "wohlfahrtsverband")
    make_offer(kassel, "Fremd", provider=other, external_id="D-1")
    before = database_state()

    result = run_import(
        csv(
            HEADER,
            "K-5;Caritasverband Nordhessen-Kassel e. V.;;Eigenes;bildung;kinder;01",
            "K-6;Diakonie Kassel;;Fremdes;bildung;kinder;01",
            "K-7;Ganz Neuer Träger;verein;Neuer Träger;bildung;kinder;01",
            "D-1;Caritasverband Nordhessen-Kassel e. V.;;Übernommen;bildung;kinder;01",
        ),
        kassel,
        status=EditorialStatus.DRAFT,
        providers=frozenset({caritas.pk}),
    )

    assert messages(result) == [
        "Zeile 3, Spalte „traeger“, Wert „Diakonie Kassel“: Sie dürfen nur Angebote der Träger "
        "importieren, für die Sie zuständig sind.",
        "Zeile 4, Spalte „traeger“, Wert „Ganz Neuer Träger“: Sie dürfen nur Angebote der Träger "
        "importieren, für die Sie zuständig sind.",
        "Zeile 5, Spalte „angebot_id“, Wert „D-1“: Dieses Angebot gehört zu einem anderen "
        "Träger; Sie dürfen es nicht ändern.",
    ]
    assert database_state() == before


def test_dates_are_checked_against_the_stored_other_date(kassel, caritas) -> None:
    make_offer(
        kassel,
        "Projekt",
        provider=caritas,
        external_id="P",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 6, 30),
    )

    result = run_import(csv("angebot_id;beginn", "P;01.07.2025"), kassel)

    assert messages(result) == [
        "Zeile 2, Spalte „beginn“, Wert „01.07.2025“: Das Ende (30.06.2025) liegt vor dem Beginn "
        "(01.07.2025)."
    ]


def test_publishing_a_draft_without_area_is_an_error_not_a_crash(kassel, caritas) -> None:
    make_offer(
        kassel,
        "Ohne Bereich",
        provider=caritas,
        external_id="D",
        area=None,
        status=EditorialStatus.DRAFT,
    )
    before = database_state()

    result = run_import(csv("angebot_id;titel", "D;Ohne Bereich"), kassel)

    assert messages(result) == [
        "Zeile 2, Spalte „bereich“: Ein veröffentlichtes Angebot braucht einen Bereich."
    ]
    assert database_state() == before


def test_the_same_offer_under_its_key_and_its_uuid_is_an_error(kassel, caritas) -> None:
    offer = make_offer(kassel, "Doppelt", provider=caritas, external_id="K-1")

    result = run_import(csv("angebot_id;titel", "K-1;Eins", f"{offer.uuid};Zwei"), kassel)

    assert messages(result) == [
        f"Zeile 3, Spalte „angebot_id“, Wert „{offer.uuid}“: Dieses Angebot steht schon in "
        "Zeile 2 (unter seiner UUID oder seinem Schlüssel)."
    ]
