"""wegweiser import_offers and export_offers: exit statuses, stderr, users, regions, status."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import execute_from_command_line

from tests.conftest import make_offer, make_provider
from tests.transfer_support import FILES, csv, database_state
from wegweiser.accounts.models import Membership, Role, User
from wegweiser.directory.models import EditorialStatus, Offer
from wegweiser.editorial.models import AuditEntry, Revision

pytestmark = pytest.mark.django_db

HEADER = "angebot_id;traeger;traegerart;titel;bereich;altersgruppen;stadtteile"
ROW = "K-1;Caritasverband Nordhessen-Kassel e. V.;;Sprachcafé;bildung;kinder;01"


@pytest.fixture
def caritas(reference):
    return make_provider("Caritasverband Nordhessen-Kassel e. V.", "wohlfahrtsverband")


def run(*args: str) -> int:
    """The command as the shell runs it: its exit status. (A real run closes the database
    connections at its end; here they belong to the test, so that step is left out.)"""
    try:
        with mock.patch("django.core.management.base.connections.close_all"):
            execute_from_command_line(["wegweiser", *args])
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0


def _file(tmp_path, *lines: str, name: str = "angebote.csv"):
    path = tmp_path / name
    path.write_bytes(csv(*lines))
    return str(path)


def test_it_imports_as_the_command_line_and_exits_0(kassel, caritas, tmp_path, capsys) -> None:
    status = run("import_offers", _file(tmp_path, HEADER, ROW), "--region", "stadt-kassel")

    out, err = capsys.readouterr()
    assert status == 0, err
    assert "1 neu, 0 geändert, 0 Änderungsvorschläge, 0 unverändert, 0 Träger neu." in out
    offer = Offer.objects.get()
    assert offer.status == EditorialStatus.PUBLISHED
    version = offer.history.get()
    assert version.history_user is None
    assert version.history_change_reason == "Import aus „angebote.csv“"
    assert {entry.actor_label for entry in AuditEntry.objects.all()} == {"Kommandozeile"}
    assert {entry.source for entry in AuditEntry.objects.all()} == {"command"}


def test_a_rejected_file_exits_non_zero_with_the_messages_on_stderr(
    kassel, caritas, tmp_path, capsys
) -> None:
    before = database_state()

    status = run(
        "import_offers",
        _file(tmp_path, HEADER, ROW, ROW.replace("Sprachcafé", "Doppelt")),
        "--region",
        "stadt-kassel",
    )

    _, err = capsys.readouterr()
    assert status == 1
    assert (
        "Zeile 3, Spalte „angebot_id“, Wert „K-1“: Diese angebot_id steht schon in Zeile 2." in err
    )
    assert "Import abgelehnt: 1 Fehler; nichts wurde gespeichert." in err
    assert database_state() == before


def test_the_zip_bomb_is_refused_on_the_command_line(kassel, caritas, capsys) -> None:
    status = run("import_offers", str(FILES / "zip-bomb.xlsx"), "--region", "stadt-kassel")

    assert status == 1
    assert "unverhältnismäßig groß" in capsys.readouterr().err


def test_the_region_is_required_when_there_are_several(
    kassel, landkreis, caritas, tmp_path, capsys
) -> None:
    status = run("import_offers", _file(tmp_path, HEADER, ROW))

    assert status == 1
    assert (
        "Es gibt mehrere Regionen; bitte --region angeben (stadt-kassel, landkreis-kassel)."
        in capsys.readouterr().err
    )
    assert not Offer.objects.exists()


def test_a_dry_run_writes_nothing_and_exits_0(kassel, caritas, tmp_path, capsys) -> None:
    before = database_state()

    status = run(
        "import_offers", _file(tmp_path, HEADER, ROW), "--region", "stadt-kassel", "--dry-run"
    )

    assert status == 0
    assert "Probelauf, nichts gespeichert: 1 neu" in capsys.readouterr().out
    assert database_state() == before


def test_a_city_editor_is_the_author_and_draft_status_proposes_instead_of_unpublishing(
    kassel, caritas, tmp_path, capsys
) -> None:
    editor = User.objects.create_user("redaktion@kassel.example", "pw-long-enough-123")
    Membership.objects.create(user=editor, region=kassel, role=Role.CITY_EDITOR)
    offer = make_offer(kassel, "Sprachcafé", provider=caritas, external_id="K-1")

    status = run(
        "import_offers",
        _file(tmp_path, HEADER, ROW.replace("Sprachcafé", "Sprachtreff")),
        "--region",
        "stadt-kassel",
        "--user",
        "Redaktion@Kassel.example",
        "--status",
        "draft",
    )

    assert status == 0, capsys.readouterr().err
    offer.refresh_from_db()
    assert (offer.title, offer.status) == ("Sprachcafé", EditorialStatus.PUBLISHED)
    revision = Revision.objects.get()
    assert (revision.author, revision.data["title"]) == (editor, "Sprachtreff")


def test_a_provider_editor_may_not_publish(kassel, caritas, tmp_path, capsys) -> None:
    user = User.objects.create_user("traeger@example.org", "pw-long-enough-123")
    membership = Membership.objects.create(user=user, region=kassel, role=Role.PROVIDER_EDITOR)
    membership.providers.add(caritas)

    status = run(
        "import_offers",
        _file(tmp_path, HEADER, ROW),
        "--region",
        "stadt-kassel",
        "--user",
        "traeger@example.org",
        "--status",
        "published",
    )

    assert status == 1
    assert "darf nicht veröffentlichen" in capsys.readouterr().err
    assert not Offer.objects.exists()


def test_a_provider_editors_import_makes_drafts(kassel, caritas, tmp_path, capsys) -> None:
    user = User.objects.create_user("traeger@example.org", "pw-long-enough-123")
    membership = Membership.objects.create(user=user, region=kassel, role=Role.PROVIDER_EDITOR)
    membership.providers.add(caritas)

    status = run(
        "import_offers",
        _file(tmp_path, HEADER, ROW),
        "--region",
        "stadt-kassel",
        "--user",
        "traeger@example.org",
    )

    assert status == 0, capsys.readouterr().err
    offer = Offer.objects.get()
    assert offer.status == EditorialStatus.DRAFT
    assert offer.history.get().history_user == user


def test_a_user_without_a_role_is_refused(kassel, caritas, tmp_path, capsys) -> None:
    User.objects.create_user("niemand@example.org", "pw-long-enough-123")

    status = run(
        "import_offers",
        _file(tmp_path, HEADER, ROW),
        "--region",
        "stadt-kassel",
        "--user",
        "niemand@example.org",
    )

    assert status == 1
    assert "darf keine Angebote in „Stadt Kassel“ importieren" in capsys.readouterr().err


def test_an_unknown_user_or_missing_file_is_a_clear_error(
    kassel, caritas, tmp_path, capsys
) -> None:
    assert (
        run(
            "import_offers",
            _file(tmp_path, HEADER, ROW),
            "--region",
            "stadt-kassel",
            "--user",
            "x@example.org",
        )
        == 1
    )
    assert "Kein aktiver Benutzer mit der E-Mail-Adresse x@example.org." in capsys.readouterr().err
    assert run("import_offers", str(tmp_path / "fehlt.csv"), "--region", "stadt-kassel") == 1
    assert "kann nicht gelesen werden" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_writes_the_file_by_its_ending_and_it_reimports(
    kassel, caritas, tmp_path, capsys, suffix
) -> None:
    make_offer(kassel, "Sprachcafé", provider=caritas, external_id="K-1")
    target = tmp_path / f"export.{suffix}"

    assert run("export_offers", str(target), "--region", "stadt-kassel") == 0
    assert "1 Angebote nach" in capsys.readouterr().out
    assert run("import_offers", str(target), "--region", "stadt-kassel") == 0
    assert "0 neu, 0 geändert, 0 Änderungsvorschläge, 1 unverändert" in capsys.readouterr().out


def test_export_refuses_an_unknown_ending(kassel, tmp_path, capsys) -> None:
    assert run("export_offers", str(tmp_path / "export.ods"), "--region", "stadt-kassel") == 1
    assert "die Datei muss auf .csv oder .xlsx enden" in capsys.readouterr().err
