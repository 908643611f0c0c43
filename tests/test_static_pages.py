"""Accessibility statement, imprint, privacy notice and feedback: in every language, truthful."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.exceptions import ImproperlyConfigured

pytestmark = pytest.mark.django_db

PAGES = ["barrierefreiheit", "impressum", "datenschutz", "feedback"]

OPERATOR = {
    "name": "Stadt Kassel",
    "department": "Büro für Integration",
    "address": "Obere Königsstraße 8\n34117 Kassel",
    "email": "integration@example.org",
    "phone": "0561 787-0",
    "represented_by": "den Oberbürgermeister",
    "content_responsible": "Büro für Integration, Obere Königsstraße 8, 34117 Kassel",
    "data_protection_officer": "Datenschutzbeauftragte der Stadt Kassel\ndatenschutz@example.org",
    "log_retention_days": 7,
    "accessibility_statement_date": "2025-06-30",
}


def text_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.mark.parametrize("language", ["de", "en", "ar"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_in_every_language(client, page, language) -> None:
    response = client.get(f"/{language}/{page}/")

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("page", ["impressum", "datenschutz"])
def test_unconfigured_operator_details_are_shown_as_placeholders(client, page) -> None:
    text = text_of(client, f"/de/{page}/")

    assert "Stadt Kassel" in text
    assert "Platzhalter: Die Angaben zum Betreiber sind noch nicht eingetragen" in text
    assert "noch nicht eingetragen" in text


def test_the_imprint_names_the_configured_operator(client, settings) -> None:
    settings.WEGWEISER_OPERATOR = OPERATOR

    text = text_of(client, "/de/impressum/")

    assert "Platzhalter" not in text
    assert "Stadt Kassel Büro für Integration Obere Königsstraße 8 34117 Kassel" in text
    assert "Vertreten durch den Oberbürgermeister" in text
    assert "integration@example.org" in text
    assert "0561 787-0" in text
    assert "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV Büro für Integration" in text
    assert "Stadt Kassel, Vermessung und Geoinformation, dl-de/by-2-0" in text


def test_the_privacy_notice_names_the_cookies_the_site_can_set(client, settings) -> None:
    settings.WEGWEISER_OPERATOR = OPERATOR

    text = text_of(client, "/de/datenschutz/")

    assert "Wegweiser setzt keine Cookies für Statistik oder Werbung" in text
    assert f"das Cookie „{settings.SESSION_COOKIE_NAME}“" in text
    assert f"das Sicherheits-Cookie „{settings.CSRF_COOKIE_NAME}“" in text
    assert "Die Protokolle werden nach 7 Tagen gelöscht." in text
    assert "keine Schriften, Karten, Videos, Statistik- oder Werbedienste" in text
    assert "Datenschutzbeauftragte der Stadt Kassel datenschutz@example.org" in text
    assert "Hessische Beauftragte für Datenschutz und Informationsfreiheit" in text


def test_the_accessibility_statement_follows_the_bitv_structure(client, settings) -> None:
    settings.WEGWEISER_OPERATOR = OPERATOR

    html = client.get("/de/barrierefreiheit/").content.decode()

    assert re.findall(r"<h2>(.*?)</h2>", html) == [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Feedback und Kontaktangaben",
        "Schlichtungsverfahren",
    ]
    text = text_of(client, "/de/barrierefreiheit/")
    assert "Diese Erklärung wurde am 30. Juni 2025 erstellt." in text
    assert "Schlichtungsstelle des Landes Hessen" in text
    assert 'href="mailto:integration@example.org"' in html


def test_the_feedback_page_links_an_e_mail_to_the_operator(client, settings) -> None:
    settings.WEGWEISER_OPERATOR = OPERATOR

    html = client.get("/de/feedback/").content.decode()

    assert (
        'href="mailto:integration@example.org?subject=R%C3%BCckmeldung%20zum%20Wegweiser"' in html
    )
    assert "Ein Formular für Rückmeldungen kommt bald." in html


def test_the_feedback_page_says_when_no_address_is_configured(client) -> None:
    text = text_of(client, "/de/feedback/")

    assert "Die E-Mail-Adresse für Rückmeldungen ist noch nicht eingetragen" in text


def test_a_misspelt_operator_setting_is_reported_not_ignored(client, settings) -> None:
    settings.WEGWEISER_OPERATOR = {"e_mail": "integration@example.org"}

    with pytest.raises(ImproperlyConfigured, match="e_mail"):
        client.get("/de/impressum/")


def test_the_pages_only_answer_reading_requests(client) -> None:
    assert client.post("/de/impressum/").status_code == 405
