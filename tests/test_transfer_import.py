"""Import rules: updates by angebot_id, absent and empty columns, providers, status, rights,
history and audit, and that an import killed halfway leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_offer, make_provider
from tests.transfer_support import csv, database_state, messages, run_import
from wegweiser.accounts.models import Membership, Role, User
from wegweiser.directory.models import (
    District,
    EditorialStatus,
    Language,
    Location,
    Offer,
    OfferLocation,
    Provider,
    SearchWord,
)
from wegweiser.directory.search import index, search_offers
from wegweiser.editorial import actions
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


def _provider_editor(user: User, region, provider: Provider) -> User:
    membership = Membership.objects.create(user=user, region=region, role=Role.PROVIDER_EDITOR)
    membership.providers.add(provider)
    return user


def test_a_draft_import_creates_drafts_and_proposes_changes_to_published_offers(
    kassel, caritas, editor
) -> None:
    _provider_editor(editor, kassel, caritas)
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
    # Only what differs from the published offer, in the form every revision has.
    assert revision.data == {
        "title": "Sprachcafé neu",
        "area": "bildung",
        "age_groups": ["kinder"],
        "citywide": True,
        "districts": [],
    }
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Entwurf neu", EditorialStatus.DRAFT)
    assert Offer.objects.get(external_id="K-3").status == EditorialStatus.DRAFT
    assert AuditEntry.objects.filter(
        action="revision.propose", object_id=str(published.uuid)
    ).exists()


def test_an_imported_proposal_is_approved_like_any_other(kassel, caritas, editor) -> None:
    _provider_editor(editor, kassel, caritas)
    published = _full_offer(kassel, caritas)
    city_editor = User.objects.create_user("stadt@kassel.example", "pw-long-enough-123")
    Membership.objects.create(user=city_editor, region=kassel, role=Role.CITY_EDITOR)
    header = f"{HEADER};strasse;plz;ort"
    row = "K-1;Caritasverband Nordhessen-Kassel e. V.;;Sprachcafé neu;bildung;kinder;01;Weg 9;34117;Kassel"

    result = run_import(csv(header, row), kassel, status=EditorialStatus.DRAFT, user=editor)

    assert result.ok, messages(result)
    revision = Revision.objects.get()
    assert published.locations.count() == 0  # the public still sees the published state
    actions.approve_revision(revision, actor=city_editor)
    published.refresh_from_db()
    assert (published.title, published.status) == ("Sprachcafé neu", EditorialStatus.PUBLISHED)
    assert published.area is not None and published.area.code == "bildung"
    assert [group.code for group in published.age_groups.all()] == ["kinder"]
    assert [district.code for district in published.districts.all()] == ["01"]
    assert [(loc.street, loc.postcode) for loc in published.locations.all()] == [("Weg 9", "34117")]
    revision.refresh_from_db()
    assert revision.state == Revision.State.APPROVED


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


@pytest.mark.parametrize(
    "step", ["_create_offers", "_update_offers", "record_versions", "propose_revision", "_audit"]
)
def test_an_import_killed_halfway_leaves_nothing_behind(kassel, caritas, monkeypatch, step) -> None:
    make_offer(kassel, "Vorhanden", provider=caritas, external_id="K-0")
    make_offer(kassel, "Veröffentlicht", provider=caritas, external_id="K-9")
    before = database_state()
    real = getattr(writing, step)
    seen_before_kill: list[dict] = []

    def dying(*args, **kwargs):
        real(*args, **kwargs)
        seen_before_kill.append(database_state())
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(writing, step, dying)
    data = csv(
        HEADER,
        "K-0;Caritasverband Nordhessen-Kassel e. V.;;Geändert;bildung;kinder;01",
        "K-1;Neuer Träger;verein;Eins;bildung;kinder;01",
        "K-2;Neuer Träger;;Zwei;bildung;kinder;01",
        "K-3;Neuer Träger;;Drei;bildung;kinder;01",
    )
    if step == "propose_revision":
        data = csv(HEADER, "K-9;Caritasverband Nordhessen-Kassel e. V.;;Neu;bildung;kinder;01")

    with pytest.raises(KeyboardInterrupt):
        run_import(data, kassel, status="draft" if step == "propose_revision" else "published")

    # The kill came after the step had written something.
    assert seen_before_kill and seen_before_kill[0] != before
    assert database_state() == before
    assert Offer.objects.get(external_id="K-0").title == "Vorhanden"
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


# --- writing in bulk ---------------------------------------------------------------------------

LONG_HEADER = HEADER + ";sprachen;strasse;plz;ort"
CARITAS = "Caritasverband Nordhessen-Kassel e. V."


def _recorded(version, relation: str, attribute: str) -> set[str]:
    return {
        getattr(getattr(link, attribute), "code", None) or str(getattr(link, attribute))
        for link in getattr(version, relation).all()
    }


def test_every_created_and_changed_object_gets_one_version_by_the_importing_user(
    kassel, caritas, editor
) -> None:
    existing = _full_offer(kassel, caritas)
    versions_before = existing.history.count()

    result = run_import(
        csv(
            LONG_HEADER,
            f"K-1;{CARITAS};;Sprachcafé am Abend;bildung;kinder;01, 02;de, tr;Neuer Weg 1;34117;Kassel",
            "N-1;Neuer Träger;verein;Eins;bildung;jugendliche;00;ar;Neuer Weg 1;34117;Kassel",
            "N-2;Neuer Träger;;Zwei;kultur;kinder, jugendliche;03;;;;",
        ),
        kassel,
        user=editor,
    )

    assert result.ok, messages(result)
    reason = "Import aus „angebote.csv“"
    new_provider = Provider.objects.get(name="Neuer Träger")
    location = Location.objects.get(street="Neuer Weg 1")
    assert location.provider == caritas  # the first row naming the address
    assert new_provider.lock_version == 1
    for obj in (new_provider, location):
        [version] = obj.history.all()
        assert (version.history_type, version.history_user, version.history_change_reason) == (
            "+",
            editor,
            reason,
        )
    assert existing.history.count() == versions_before + 1
    latest = existing.history.first()
    assert (latest.history_type, latest.history_user) == ("~", editor)
    assert latest.history_change_reason == reason
    assert latest.title == "Sprachcafé am Abend"
    assert _recorded(latest, "districts", "district") == {"01", "02"}
    assert _recorded(latest, "languages", "language") == {"de", "tr"}
    assert _recorded(latest, "locations", "location") == {"Neuer Weg 1, 34117 Kassel"}
    one, two = Offer.objects.get(external_id="N-1"), Offer.objects.get(external_id="N-2")
    for offer in (one, two):
        [version] = offer.history.all()
        assert (version.history_type, version.history_user) == ("+", editor)
        assert version.history_change_reason == reason
        assert offer.lock_version == 1
        assert offer.provider == new_provider
    [version] = one.history.all()
    assert version.citywide is True
    assert _recorded(version, "age_groups", "agegroup") == {"jugendliche"}
    assert _recorded(version, "languages", "language") == {"ar"}
    assert _recorded(version, "locations", "location") == {"Neuer Weg 1, 34117 Kassel"}
    assert [loc.pk for loc in one.locations.all()] == [location.pk]
    [version] = two.history.all()
    assert _recorded(version, "age_groups", "agegroup") == {"kinder", "jugendliche"}
    assert _recorded(version, "districts", "district") == {"03"}
    assert list(two.locations.all()) == []
    assert two.area is not None
    assert (two.area.code, two.kind.code, two.gender.code) == ("kultur", "regelangebot", "alle")
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "object_label"))
    assert actions[-5:] == [
        ("import_provider_created", "Neuer Träger"),
        ("import_offer_updated", "Sprachcafé am Abend"),
        ("import_offer_created", "Eins"),
        ("import_offer_created", "Zwei"),
        ("import", ""),
    ]
    assert AuditEntry.objects.get(action="import_offer_updated").summary == (
        f"{reason}: titel, bereich, altersgruppen, sprachen, stadtteile, strasse, plz, ort"
    )


def test_an_update_raises_the_lock_version_by_one_and_an_unchanged_row_not_at_all(
    kassel, caritas
) -> None:
    changed = make_offer(kassel, "Eins", provider=caritas, external_id="A")
    same = make_offer(kassel, "Zwei", provider=caritas, external_id="B")
    changed.title = "Eins (korrigiert)"
    changed.save()
    stored = {offer.pk: offer.lock_version for offer in Offer.objects.all()}
    assert stored[changed.pk] == 2

    result = run_import(csv("angebot_id;titel", "A;Eins (neu)", "B;Zwei"), kassel)

    assert result.counts()["updated"] == 1 and result.counts()["unchanged"] == 1
    after = {offer.pk: offer.lock_version for offer in Offer.objects.all()}
    assert after == {changed.pk: 3, same.pk: stored[same.pk]}
    changed.refresh_from_db()
    assert changed.updated_at > changed.created_at


def test_an_update_keeps_the_links_it_does_not_change(kassel, caritas) -> None:
    offer = _full_offer(kassel, caritas)  # languages de and ar
    links = Offer.languages.through.objects.filter(offer=offer)
    german_link = links.get(language__code="de").pk

    result = run_import(csv("angebot_id;sprachen", "K-1;de, tr, tr"), kassel)

    assert result.ok and result.counts()["updated"] == 1
    assert {link.language.code for link in links} == {"de", "tr"}
    assert links.get(language__code="de").pk == german_link


def test_the_main_location_moves_keeping_its_link_and_the_other_locations(kassel, caritas) -> None:
    main = Location.objects.create(region=kassel, street="Alt 1", postcode="34117", city="Kassel")
    second = Location.objects.create(
        region=kassel, street="Zwei 2", postcode="34117", city="Kassel"
    )
    moving = make_offer(
        kassel,
        "Zieht um",
        provider=caritas,
        external_id="M",
        relations={"locations": [main, second]},
    )
    emptied = make_offer(
        kassel,
        "Ohne Ort",
        provider=caritas,
        external_id="E",
        relations={"locations": [main, second]},
    )
    to_second = make_offer(
        kassel,
        "Zum zweiten",
        provider=caritas,
        external_id="S",
        relations={"locations": [main, second]},
    )
    nowhere = make_offer(kassel, "Bisher ortlos", provider=caritas, external_id="N")
    main_link = OfferLocation.objects.filter(offer=moving).order_by("pk")[0]

    result = run_import(
        csv(
            "angebot_id;strasse;plz;ort",
            "M;Neu 3;34117;Kassel",
            "E;;;",
            "S;Zwei 2;34117;Kassel",
            "N;Neu 3;34117;Kassel",
        ),
        kassel,
    )

    assert result.ok and result.counts()["updated"] == 4, messages(result)
    new = Location.objects.get(street="Neu 3")
    assert Location.objects.count() == 3
    links = list(OfferLocation.objects.filter(offer=moving).order_by("pk"))
    assert [link.location for link in links] == [new, second]
    assert (links[0].pk, links[0].uuid) == (main_link.pk, main_link.uuid)
    assert [loc.street for loc in emptied.locations.all()] == ["Zwei 2"]
    assert [loc.street for loc in to_second.locations.all()] == ["Zwei 2"]
    assert [loc.street for loc in nowhere.locations.all()] == ["Neu 3"]
    main.refresh_from_db()
    assert main.street == "Alt 1"
    assert _recorded(moving.history.first(), "locations", "location") == {
        "Neu 3, 34117 Kassel",
        "Zwei 2, 34117 Kassel",
    }


def test_the_search_finds_the_imported_offers_and_their_new_words(kassel, caritas) -> None:
    make_offer(kassel, "Nähcafé", provider=caritas, external_id="K-1")

    result = run_import(
        csv(
            HEADER,
            f"K-1;{CARITAS};;Repaircafé;bildung;kinder;01",
            f"K-2;{CARITAS};;Zauberflötenkurs;bildung;kinder;01",
        ),
        kassel,
    )

    assert result.ok
    found = set(
        Offer.objects.filter(id__in=search_offers("Repaircafé").offer_ids).values_list(
            "title", flat=True
        )
    )
    assert found == {"Repaircafé"}
    assert search_offers("Nähcafé").offer_ids == []
    assert len(search_offers("Zauberflötenkurs").offer_ids) == 1
    assert SearchWord.objects.filter(word="zauberfloetenkurs").exists()


def test_a_larger_import_takes_no_more_queries_than_a_small_one(kassel, caritas) -> None:
    def rows(count: int, prefix: str, title: str) -> bytes:
        return csv(
            LONG_HEADER,
            *(
                f"{prefix}-{n};Träger {prefix};verein;{title} {n};bildung;kinder, jugendliche;"
                f"01, 02;de, tr;Weg {prefix} {n % 3};34117;Kassel"
                for n in range(count)
            ),
        )

    def queries(data: bytes) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert run_import(data, kassel).ok
        return len(captured)

    # 20 rows: SQLite splits a bulk insert of versions into parts of about 27 rows.
    small_create, large_create = queries(rows(3, "S", "Neu")), queries(rows(20, "L", "Neu"))
    small_update, large_update = queries(rows(3, "S", "Anders")), queries(rows(20, "L", "Anders"))

    assert Offer.objects.count() == 23
    assert Offer.objects.filter(title__startswith="Anders").count() == 23
    assert large_create == small_create
    assert large_update == small_update


def test_an_import_writes_the_same_where_bulk_inserts_return_no_ids(
    kassel, caritas, editor, monkeypatch
) -> None:
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)

    result = run_import(
        csv(
            LONG_HEADER,
            "N-1;Neuer Träger;verein;Eins;bildung;jugendliche;00;ar;Neuer Weg 1;34117;Kassel",
            "N-2;Neuer Träger;;Zwei;kultur;kinder;03;de, tr;Neuer Weg 1;34117;Kassel",
        ),
        kassel,
        user=editor,
    )

    assert result.ok, messages(result)
    assert Provider.objects.get(name="Neuer Träger").lock_version == 1
    location = Location.objects.get(street="Neuer Weg 1")
    for external_id, languages in (("N-1", {"ar"}), ("N-2", {"de", "tr"})):
        offer = Offer.objects.get(external_id=external_id)
        assert offer.lock_version == 1
        assert list(offer.locations.all()) == [location]
        [version] = offer.history.all()
        assert version.history_user == editor
        assert _recorded(version, "languages", "language") == languages
    assert (
        Location.history.count() == 1 and Provider.history.filter(name="Neuer Träger").count() == 1
    )
