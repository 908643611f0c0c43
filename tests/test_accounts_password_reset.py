"""Password reset by e-mail (Django's views, our pages and e-mail, in the user's language)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.accounts_cast import PASSWORD, person

pytestmark = pytest.mark.django_db

RESET = "/staff/passwort-vergessen/"
NEW_PASSWORD = "Neues-Passwort-fuer-2026!"


def reset_link(body: object) -> str:
    found = re.search(r"http://testserver(/staff/passwort-neu/[^/\s]+/[^/\s]+/)", str(body))
    assert found is not None, body
    return found.group(1)


def test_it_mails_a_link_that_sets_a_new_password(client, db) -> None:
    user = person("a@example.org")

    response = client.post(RESET, {"email": "A@Example.org"})

    assert response["Location"] == "/staff/passwort-vergessen/gesendet/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.org"]
    assert message.subject == "Wegweiser: Passwort zurücksetzen"
    assert "für das Konto a@example.org ein neues Passwort" in message.body

    form_page = client.get(reset_link(message.body), follow=True)
    assert form_page.status_code == 200
    target = form_page.redirect_chain[-1][0]
    done = client.post(target, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done["Location"] == "/staff/passwort-neu/fertig/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)


def test_the_link_works_once(client, db) -> None:
    person("a@example.org")
    client.post(RESET, {"email": "a@example.org"})
    link = reset_link(mail.outbox[0].body)
    target = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(target, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assert "Dieser Link ist ungültig oder wurde schon benutzt." in again.content.decode()


def test_a_weak_new_password_is_refused(client, db) -> None:
    user = person("a@example.org")
    client.post(RESET, {"email": "a@example.org"})
    target = client.get(reset_link(mail.outbox[0].body), follow=True).redirect_chain[-1][0]

    response = client.post(target, {"new_password1": "kassel", "new_password2": "kassel"})

    assert response.status_code == 200
    assert "Passwort ist zu kurz" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db) -> None:
    response = client.post(RESET, {"email": "niemand@example.org"})
    assert response["Location"] == "/staff/passwort-vergessen/gesendet/"
    assert mail.outbox == []


def test_the_mail_speaks_the_language_the_user_chose(client, db) -> None:
    person("en@example.org", language="en")
    client.post(RESET, {"email": "en@example.org"})
    message = mail.outbox[0]
    assert message.subject == "Wegweiser: reset your password"
    assert "a new password for the account en@example.org" in message.body
