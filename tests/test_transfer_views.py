"""The staff import page: upload → preview → confirm, and a preview that is bound to the uploaded
file on the server. (Who may open and post each URL: tests/test_role_url_matrix.py.)"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tests.admin_forms import superuser
from tests.conftest import make_offer, make_provider
from tests.transfer_support import csv, database_state
from wegweiser.accounts.models import Membership, Role, User
from wegweiser.directory.models import EditorialStatus, Offer, Provider
from wegweiser.editorial.models import AuditEntry
from wegweiser.editorial.transfer.columns import COLUMNS

pytestmark = pytest.mark.django_db

HEADER = "angebot_id;traeger;traegerart;titel;bereich;altersgruppen;stadtteile"
CARITAS = "Caritasverband Nordhessen-Kassel e. V."


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def cast(kassel, landkreis):
    """One person per role; the provider editor edits the Caritas."""
    caritas = make_provider(CARITAS, "wohlfahrtsverband")
    diakonie = make_provider("Diakonie Kassel", "wohlfahrtsverband")
    make_offer(kassel, "Caritas-Angebot", provider=caritas, external_id="C-1")
    make_offer(kassel, "Diakonie-Angebot", provider=diakonie, external_id="D-1")

    def member(email: str, region, role: str) -> User:
        user = User.objects.create_user(email, "pw-long-enough-123")
        Membership.objects.create(user=user, region=region, role=role)
        return user

    people = {
        "anonymous": None,
        "city_editor": member("stadt@kassel.example", kassel, Role.CITY_EDITOR),
        "other_city_editor": member("kreis@landkreis.example", landkreis, Role.CITY_EDITOR),
        "provider_editor": member("caritas@example.org", kassel, Role.PROVIDER_EDITOR),
        "statistics": member("statistik@kassel.example", kassel, Role.STATISTICS),
        "observer": member("beirat@kassel.example", kassel, Role.OBSERVER),
        "administrator": superuser(),
        "nobody": User.objects.create_user("niemand@example.org", "pw-long-enough-123"),
    }
    Membership.objects.get(user__email="caritas@example.org").providers.add(caritas)
    return people


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _upload(client, data: bytes, name: str = "angebote.csv", **extra):
    return client.post(
        "/staff/import/stadt-kassel/",
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **extra},
    )


def test_a_city_editor_uploads_previews_and_confirms(client, cast) -> None:
    client.force_login(cast["city_editor"])
    response = _upload(
        client,
        csv(
            HEADER,
            f"N-1;{CARITAS};;Neues Angebot;bildung;kinder;01",
            f"C-1;{CARITAS};;Geändert;bildung;kinder;01",
        ),
        status=EditorialStatus.PUBLISHED,
    )
    assert response.status_code == 302
    preview_url = response["Location"]
    assert preview_url.startswith("/staff/import/stadt-kassel/vorschau/")
    before = database_state()

    preview = client.get(preview_url)

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Neues Angebot" in page and "Geändert" in page
    assert "Neue Angebote (würden angelegt): 1" in page
    assert "Geänderte Angebote (würden gespeichert): 1" in page
    assert database_state() == before

    result = client.post(preview_url)

    assert result.status_code == 200
    assert "Der Import ist gespeichert." in result.content.decode()
    assert Offer.objects.get(external_id="N-1").status == EditorialStatus.PUBLISHED
    assert Offer.objects.get(external_id="C-1").title == "Geändert"
    entry = AuditEntry.objects.get(action="import_offer_created")
    assert (entry.actor, entry.source, entry.ip_address) == (
        cast["city_editor"],
        "web",
        "127.0.0.1",
    )

    again = client.post(preview_url)

    assert again.status_code == 410
    assert Offer.objects.filter(external_id="N-1").count() == 1


def test_a_rejected_upload_lists_every_problem_escaped_and_stores_nothing(
    client, cast, tmp_path
) -> None:
    client.force_login(cast["city_editor"])
    before = database_state()

    response = _upload(
        client,
        csv(
            HEADER,
            f"N-1;{CARITAS};;<script>alert(1)</script>;Sport?;kinder;01",
            f"N-2;{CARITAS};;x;bildung;kinder;99",
        ),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Die Datei wurde abgelehnt: 2 Fehler. Nichts wurde gespeichert." in page
    assert "Zeile 2, Spalte „bereich“, Wert „Sport?“: unbekannter Wert." in page
    assert "Zeile 3, Spalte „stadtteile“, Wert „99“: unbekannt: „99“." in page
    assert "<script>alert(1)</script>" not in page
    assert database_state() == before
    assert not list((tmp_path / "imports").glob("*.upload"))


def test_a_provider_editors_posted_status_is_ignored_and_rows_become_drafts(client, cast) -> None:
    client.force_login(cast["provider_editor"])

    response = _upload(
        client,
        csv(HEADER, f"N-1;{CARITAS};;Neu;bildung;kinder;01"),
        status=EditorialStatus.PUBLISHED,
    )
    client.post(response["Location"])

    assert Offer.objects.get(external_id="N-1").status == EditorialStatus.DRAFT


def test_a_provider_editor_cannot_upload_rows_of_another_provider(client, cast) -> None:
    client.force_login(cast["provider_editor"])
    before = database_state()

    response = _upload(client, csv(HEADER, "D-1;Diakonie Kassel;;Übernommen;bildung;kinder;01"))

    assert response.status_code == 200
    assert "Dieses Angebot gehört zu einem anderen Träger" in response.content.decode()
    assert database_state() == before


def test_the_preview_is_bound_to_the_user_and_to_the_unchanged_file(client, cast, tmp_path) -> None:
    client.force_login(cast["city_editor"])
    response = _upload(client, csv(HEADER, f"N-1;{CARITAS};;Neu;bildung;kinder;01"))
    preview_url = response["Location"]

    client.force_login(cast["administrator"])
    assert client.post(preview_url).status_code == 410

    client.force_login(cast["city_editor"])
    stored = next(Path(tmp_path / "imports").glob("*.upload"))
    stored.write_bytes(csv(HEADER, f"N-1;{CARITAS};;Untergeschoben;bildung;kinder;01"))
    assert client.post(preview_url).status_code == 410
    assert not Offer.objects.filter(external_id="N-1").exists()


def test_a_made_up_token_finds_nothing(client, cast) -> None:
    client.force_login(cast["city_editor"])

    response = client.post("/staff/import/stadt-kassel/vorschau/../../etc/passwd/")
    assert response.status_code == 404
    response = client.post("/staff/import/stadt-kassel/vorschau/" + "a" * 43 + "/")
    assert response.status_code == 410


def test_a_provider_editors_export_holds_only_their_own_offers(client, cast) -> None:
    client.force_login(cast["provider_editor"])

    text = client.get("/staff/import/stadt-kassel/angebote.csv").content.decode("utf-8")

    assert "Caritas-Angebot" in text and "Diakonie-Angebot" not in text


def test_the_xlsx_export_and_template_are_workbooks_in_the_template(client, cast) -> None:
    client.force_login(cast["observer"])

    for url in (
        "/staff/import/stadt-kassel/angebote.xlsx",
        "/staff/import/stadt-kassel/vorlage.xlsx",
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert [cell.value for cell in next(sheet.iter_rows())] == list(COLUMNS)
    assert Provider.objects.count() == 2
