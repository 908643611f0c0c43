"""The public's "report a change" and "suggest an offer" forms: no account, no session,
honeypot, rate limit, CSRF, hostile input; the reporter's address is seen by the city's editors
only and deleted when the report is handled."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.editorial_cast import Cast, build_cast, client_for
from wegweiser.editorial.models import AuditEntry, ChangeReport

pytestmark = pytest.mark.django_db

XSS = '<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">'


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cast(kassel, landkreis) -> Cast:
    return build_cast(kassel, landkreis)


def report_url(cast: Cast) -> str:
    return f"/de/angebote/{cast.offer.uuid}/aenderung-melden/"


def test_the_form_page_has_a_csrf_token_and_creates_no_session(client, cast) -> None:
    response = client.get(report_url(cast))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="message"' in html and 'name="email"' in html
    assert "löschen sie, sobald die Meldung bearbeitet ist" in html
    assert "sessionid" not in response.cookies
    assert "Sprachcafé" in html


def test_a_report_lands_in_the_review_queue(client, cast) -> None:
    response = client.post(
        report_url(cast),
        {"message": "Das Café ist jetzt donnerstags.", "email": "leser@example.org"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/de/angebote/{cast.offer.uuid}/aenderung-melden/danke/"
    assert "sessionid" not in response.cookies
    report = ChangeReport.objects.get()
    assert (report.kind, report.offer, report.region) == ("change", cast.offer, cast.kassel)
    assert report.reporter_email == "leser@example.org"
    assert report.language == "de"
    entry = AuditEntry.objects.get(action="report.create")
    assert "leser@example.org" not in f"{entry.summary} {entry.object_label} {entry.actor_label}"
    assert entry.ip_address is None

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Danke für Ihre Meldung" in thanks.content.decode()

    queue = client_for(cast.city_editor).get("/staff/redaktion/pruefung/").content.decode()
    assert f"/staff/redaktion/meldungen/{report.pk}/" in queue


def test_an_empty_message_is_refused_with_a_message_and_nothing_is_stored(client, cast) -> None:
    response = client.post(report_url(cast), {"message": "  ", "email": "kein-mail"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert "gültige E-Mail-Adresse" in html
    assert 'value="kein-mail"' in html
    assert not ChangeReport.objects.exists()


def test_the_honeypot_pretends_success_and_stores_nothing(client, cast) -> None:
    response = client.post(
        report_url(cast), {"message": "Kaufen Sie billig!", "homepage": "https://spam.example"}
    )
    assert response.status_code == 302
    assert not ChangeReport.objects.exists()


def test_the_rate_limit_stops_the_sixth_report_in_an_hour_and_keeps_the_text(client, cast) -> None:
    for number in range(5):
        assert client.post(report_url(cast), {"message": f"Meldung {number}"}).status_code == 302

    response = client.post(report_url(cast), {"message": "Meldung 6"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "Bitte versuchen Sie es in einer Stunde noch einmal" in html
    assert "Meldung 6" in html
    assert ChangeReport.objects.count() == 5
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post(report_url(cast), {"message": "Von woanders"}).status_code == 302


def test_the_rate_limit_is_a_setting(client, cast, settings) -> None:
    settings.WEGWEISER_PUBLIC_REPORTS_PER_HOUR = 1
    assert client.post(report_url(cast), {"message": "eins"}).status_code == 302
    assert client.post(report_url(cast), {"message": "zwei"}).status_code == 429


def test_a_post_without_csrf_token_is_refused(cast) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(report_url(cast), {"message": "ohne Token"})
    assert response.status_code == 403
    assert not ChangeReport.objects.exists()


def test_unpublished_offers_take_no_reports(client, cast) -> None:
    url = f"/de/angebote/{cast.draft.uuid}/aenderung-melden/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"message": "x"}).status_code == 404
    assert not ChangeReport.objects.exists()


def test_an_offer_suggestion_names_its_region(client, cast) -> None:
    page = client.get("/de/angebot-vorschlagen/").content.decode()
    assert "Landkreis Kassel" in page

    response = client.post(
        "/de/angebot-vorschlagen/",
        {
            "title": "Schachclub für alle",
            "provider_name": "SC Vellmar",
            "region": str(cast.landkreis.pk),
            "message": "Jeden Mittwoch, 18 Uhr, im Bürgerhaus.",
            "website": "sc-vellmar.example",
        },
    )

    assert response.status_code == 302
    report = ChangeReport.objects.get()
    assert (report.kind, report.region, report.offer) == ("suggestion", cast.landkreis, None)
    assert report.website == "https://sc-vellmar.example"
    assert report.reporter_email == ""


def test_the_forms_exist_in_every_language(client, cast) -> None:
    for language in ("en", "tr", "ru", "ar", "uk"):
        page = client.get(f"/{language}/angebot-vorschlagen/")
        assert page.status_code == 200
        assert f'<html lang="{language}"' in page.content.decode()
        assert (
            client.get(f"/{language}/angebote/{cast.offer.uuid}/aenderung-melden/").status_code
            == 200
        )


# --- Who sees what, and handling ----------------------------------------------------------------


def report(cast: Cast, message: str = "Neue Zeiten", email: str = "leser@example.org"):
    Client().post(report_url(cast), {"message": message, "email": email})
    return ChangeReport.objects.latest("pk")


def test_the_city_sees_the_reporters_address_the_observer_does_not(cast) -> None:
    item = report(cast)
    url = f"/staff/redaktion/meldungen/{item.pk}/"

    assert "leser@example.org" in client_for(cast.city_editor).get(url).content.decode()
    observer_page = client_for(cast.observer).get(url)
    assert observer_page.status_code == 200
    assert "leser@example.org" not in observer_page.content.decode()
    assert "Neue Zeiten" in observer_page.content.decode()


def test_handling_a_report_deletes_the_reporters_address(cast) -> None:
    item = report(cast)
    response = client_for(cast.city_editor).post(
        f"/staff/redaktion/meldungen/{item.pk}/bearbeiten/",
        {"outcome": "done", "note": "Zeiten korrigiert"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.reporter_email, item.handled_by) == ("done", "", cast.city_editor)
    assert AuditEntry.objects.filter(action="report.handle", actor=cast.city_editor).exists()


@pytest.mark.parametrize("role", ["observer", "caritas_editor", "county_editor", "statistics"])
def test_others_cannot_handle_a_report(cast, role) -> None:
    item = report(cast)
    response = client_for(getattr(cast, role)).post(
        f"/staff/redaktion/meldungen/{item.pk}/bearbeiten/", {"outcome": "dismissed"}
    )
    assert response.status_code in (403, 404)
    item.refresh_from_db()
    assert (item.state, item.reporter_email) == ("open", "leser@example.org")


def test_hostile_input_is_stored_as_text_and_shown_escaped(cast) -> None:
    item = report(cast, message=XSS)
    assert item.message == XSS
    page = (
        client_for(cast.city_editor).get(f"/staff/redaktion/meldungen/{item.pk}/").content.decode()
    )
    assert "<script>document.title" not in page
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in page
