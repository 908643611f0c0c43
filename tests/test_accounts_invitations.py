"""Invitations by e-mail: a signed, expiring link; a new account or a new role for an old one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail, signing

from tests.accounts_cast import PASSWORD, make_cast
from wegweiser.accounts import invitations
from wegweiser.accounts.models import Invitation, Membership, Role, User
from wegweiser.editorial.models import AuditEntry

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
NEW_PASSWORD = "Kassel-Integration-2026!"


@pytest.fixture
def cast(kassel, landkreis):
    return make_cast(kassel, landkreis)


def invite(client, cast, email: str = "neu@traeger.example", role: str = Role.PROVIDER_EDITOR):
    client.force_login(cast.city_editor)
    data: dict[str, object] = {"email": email, "role": role}
    if role == Role.PROVIDER_EDITOR:
        data["providers"] = [cast.own_provider.pk]
    response = client.post("/staff/regionen/stadt-kassel/einladen/", data)
    assert response.status_code == 302, response.content.decode()
    client.post("/staff/abmelden/")
    return link_in(mail.outbox[-1].body)


def link_in(body: object) -> str:
    found = re.search(r"http://testserver(/staff/einladung/[^/\s]+/)", str(body))
    assert found is not None, body
    return found.group(1)


def accept_new(client, link: str, **overrides):
    data = {
        "first_name": "Nora",
        "last_name": "Neu",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }
    return client.post(link, data)


def test_the_invitation_e_mail_goes_out_in_german_and_english(client, cast) -> None:
    invite(client, cast)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["neu@traeger.example"]
    assert message.subject == "Ihre Einladung: Wegweiser Stadt Kassel"
    assert "lädt Sie ein, im Wegweiser für Stadt Kassel als Redaktion eines Trägers" in message.body
    assert "Kulturzentrum Schlachthof e. V." in message.body
    assert "redaktion@kassel.example" in message.body
    invitation = Invitation.objects.get()
    assert invitation.invited_by == cast.city_editor
    assert list(invitation.providers.all()) == [cast.own_provider]
    assert AuditEntry.objects.filter(action="accounts.invite", region=cast.kassel).count() == 1


def test_opening_the_link_changes_nothing(client, cast) -> None:
    link = invite(client, cast)
    response = client.get(link)
    assert response.status_code == 200
    assert "Redaktion eines Trägers" in response.content.decode()
    assert not User.objects.filter(email="neu@traeger.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_new_person_sets_a_password_and_gets_the_role_with_the_providers(client, cast) -> None:
    link = invite(client, cast)

    response = accept_new(client, link)

    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    user = User.objects.get(email="neu@traeger.example")
    assert user.check_password(NEW_PASSWORD)
    assert user.get_full_name() == "Nora Neu"
    membership = Membership.objects.get(user=user)
    assert (membership.region, membership.role) == (cast.kassel, Role.PROVIDER_EDITOR)
    assert list(membership.providers.all()) == [cast.own_provider]
    assert Invitation.objects.get().accepted_at is not None
    assert client.get("/staff/").status_code == 200  # signed in
    assert AuditEntry.objects.filter(action="accounts.accept_invitation").count() == 1


def test_a_weak_or_mismatched_password_is_refused_and_nothing_is_created(client, cast) -> None:
    link = invite(client, cast)

    weak = accept_new(client, link, password1="12345678", password2="12345678")
    mismatch = accept_new(client, link, password2="Etwas-ganz-anderes-2026")

    assert weak.status_code == mismatch.status_code == 200
    assert "Die beiden Passwörter stimmen nicht überein." in mismatch.content.decode()
    assert 'value="Nora"' in weak.content.decode()  # what was typed stays
    assert not User.objects.filter(email="neu@traeger.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_account_just_gets_the_membership(client, cast) -> None:
    # The statistics office is invited to observe too: a second role, same account.
    link = invite(client, cast, email="statistik@kassel.example", role=Role.OBSERVER)
    page = client.get(link).content.decode()
    assert "Für statistik@kassel.example gibt es schon ein Konto." in page
    assert 'name="password1"' not in page

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == "/staff/anmelden/"
    roles = set(Membership.objects.filter(user=cast.statistics).values_list("role", flat=True))
    assert roles == {Role.STATISTICS, Role.OBSERVER}
    cast.statistics.refresh_from_db()
    assert cast.statistics.check_password(PASSWORD)  # the password is untouched
    assert User.objects.filter(email="statistik@kassel.example").count() == 1


def test_a_link_used_once_cannot_be_used_again(client, cast) -> None:
    link = invite(client, cast)
    accept_new(client, link)
    client.post("/staff/abmelden/")
    Membership.objects.all().filter(user__email="neu@traeger.example").delete()

    response = accept_new(client, link)

    assert response.status_code == 410
    assert "bereits angenommen" in response.content.decode()
    assert not Membership.objects.filter(user__email="neu@traeger.example").exists()


def test_an_expired_link_is_refused_and_changes_nothing(client, cast) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        link = invite(client, cast)
        traveller.shift(dt.timedelta(days=7, seconds=1))

        opened = client.get(link)
        posted = accept_new(client, link)

    assert opened.status_code == posted.status_code == 410
    assert "abgelaufen" in opened.content.decode()
    assert not User.objects.filter(email="neu@traeger.example").exists()


def test_a_link_is_valid_for_the_configured_days(client, cast, settings) -> None:
    settings.WEGWEISER_INVITATION_DAYS = 14
    with time_machine.travel(START, tick=False) as traveller:
        link = invite(client, cast)
        traveller.shift(dt.timedelta(days=13))
        assert accept_new(client, link).status_code == 302


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.replace(":", "x", 1),
        lambda token: "nonsense",
    ],
)
def test_a_tampered_link_is_refused_and_changes_nothing(client, cast, tamper) -> None:
    link = invite(client, cast)
    token = link.split("/")[-2]

    response = accept_new(client, f"/staff/einladung/{tamper(token)}/")

    assert response.status_code == 404
    assert "Dieser Link ist ungültig" in response.content.decode()
    assert not User.objects.filter(email="neu@traeger.example").exists()


def test_a_link_forged_for_another_invitation_is_refused(client, cast) -> None:
    invite(client, cast)
    invitation = Invitation.objects.get()
    # Right id, made-up secret, and signed with another salt: both refused.
    forged = [
        signing.dumps([invitation.pk, "made-up"], salt="wegweiser.accounts.invitation"),
        signing.dumps([invitation.pk, invitation.token], salt="something-else"),
    ]
    for token in forged:
        assert client.get(f"/staff/einladung/{token}/").status_code == 404
    assert client.get(f"/staff/einladung/{invitations.link_token(invitation)}/").status_code == 200


def test_a_withdrawn_invitation_link_stops_working(client, cast) -> None:
    link = invite(client, cast)
    invitation = Invitation.objects.get()
    client.force_login(cast.city_editor)
    response = client.post(f"/staff/einladungen/{invitation.pk}/zurueckziehen/")
    assert response.status_code == 302
    client.post("/staff/abmelden/")

    assert accept_new(client, link).status_code == 404
    assert not Invitation.objects.exists()
    assert AuditEntry.objects.filter(action="accounts.withdraw_invitation").count() == 1


def test_inviting_again_replaces_the_open_invitation(client, cast) -> None:
    first = invite(client, cast)
    second = invite(client, cast)
    assert Invitation.objects.count() == 1
    assert accept_new(client, first).status_code == 404
    assert accept_new(client, second).status_code == 302


def test_someone_signed_in_as_another_person_cannot_accept(client, cast) -> None:
    link = invite(client, cast)
    client.force_login(cast.statistics)

    page = client.get(link)
    posted = accept_new(client, link)

    assert "Sie sind als statistik@kassel.example angemeldet" in page.content.decode()
    assert posted.status_code == 403
    assert not User.objects.filter(email="neu@traeger.example").exists()


def test_inviting_someone_who_has_the_role_already_is_refused(client, cast) -> None:
    client.force_login(cast.city_editor)
    response = client.post(
        "/staff/regionen/stadt-kassel/einladen/",
        {"email": "Beirat@Kassel.example", "role": Role.OBSERVER},
    )
    assert response.status_code == 200
    assert (
        "beirat@kassel.example hat diese Rolle in Stadt Kassel bereits."
        in response.content.decode()
    )
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_provider_editor_invitation_needs_a_provider(client, cast) -> None:
    client.force_login(cast.city_editor)
    response = client.post(
        "/staff/regionen/stadt-kassel/einladen/",
        {"email": "neu@traeger.example", "role": Role.PROVIDER_EDITOR},
    )
    assert response.status_code == 200
    assert "Bitte wählen Sie mindestens einen Träger" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_invitation_for_another_role_takes_no_providers(client, cast) -> None:
    client.force_login(cast.city_editor)
    client.post(
        "/staff/regionen/stadt-kassel/einladen/",
        {"email": "neu@beirat.example", "role": Role.OBSERVER, "providers": [cast.own_provider.pk]},
    )
    assert list(Invitation.objects.get().providers.all()) == []


def test_a_failing_mail_server_keeps_the_invitation_and_says_so(client, cast, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard: nothing listens, the connection is refused
    client.force_login(cast.city_editor)
    response = client.post(
        "/staff/regionen/stadt-kassel/einladen/",
        {"email": "neu@beirat.example", "role": Role.OBSERVER},
        follow=True,
    )
    assert "die E-Mail konnte nicht gesendet werden" in response.content.decode()
    assert Invitation.objects.filter(email="neu@beirat.example").exists()


def test_an_administrator_invites_any_role_in_any_region(client, cast) -> None:
    client.force_login(cast.administrator)
    response = client.post(
        "/staff/regionen/landkreis-kassel/einladen/",
        {"email": "redaktion2@landkreis.example", "role": Role.CITY_EDITOR},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.region, invitation.role) == (cast.landkreis, Role.CITY_EDITOR)
    link = link_in(mail.outbox[-1].body)
    client.post("/staff/abmelden/")
    accept_new(client, link)
    assert Membership.objects.filter(
        user__email="redaktion2@landkreis.example", region=cast.landkreis, role=Role.CITY_EDITOR
    ).exists()
