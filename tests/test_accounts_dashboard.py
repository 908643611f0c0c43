"""The staff dashboard: the user's regions and roles, and the links other apps register."""

from __future__ import annotations

import pytest

from tests.accounts_cast import make_cast
from wegweiser.accounts import permissions, staff_links
from wegweiser.accounts.staff_links import StaffLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(kassel, landkreis):
    return make_cast(kassel, landkreis)


@pytest.fixture
def registered():
    links = [
        StaffLink(
            url_name="accounts:account",
            label="Zweimal eingetragen",
            description="Die Redaktion",
            section="editorial",
            visible=permissions.is_staff_member,
        ),
        StaffLink(
            url_name="editorial:does-not-exist", label="Noch nicht gebaut", section="editorial"
        ),
        StaffLink(
            url_name="accounts:dashboard",
            label="Nur für Administratoren",
            section="transfer",
            visible=permissions.is_administrator,
        ),
    ]
    for link in links:
        staff_links.register(link)
    yield
    for link in links:
        staff_links.unregister(link.url_name)


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get("/staff/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_users_roles_and_providers(client, cast) -> None:
    html = dashboard(client, cast.provider_editor)
    assert "Stadt Kassel" in html
    assert "Redaktion eines Trägers" in html
    assert "Kulturzentrum Schlachthof e. V." in html
    assert "Mitglieder in" not in html
    assert "/admin/" not in html


def test_a_city_editor_finds_the_members_of_their_region_only(client, cast) -> None:
    html = dashboard(client, cast.city_editor)
    assert "/staff/regionen/stadt-kassel/mitglieder/" in html
    assert "/staff/regionen/landkreis-kassel/mitglieder/" not in html


def test_an_administrator_finds_every_region_and_the_admin(client, cast) -> None:
    html = dashboard(client, cast.administrator)
    assert "/staff/regionen/stadt-kassel/mitglieder/" in html
    assert "/staff/regionen/landkreis-kassel/mitglieder/" in html
    assert 'href="/admin/"' in html


def test_registered_links_show_to_whom_they_are_for_and_only_when_they_exist(
    client, cast, registered
) -> None:
    observer = dashboard(client, cast.observer)
    assert "Zweimal eingetragen" in observer
    assert "Die Redaktion" in observer
    assert "Noch nicht gebaut" not in observer
    assert "Nur für Administratoren" not in observer

    admin = dashboard(client, cast.region_admin)
    assert "Nur für Administratoren" in admin
    assert admin.index("Zweimal eingetragen") < admin.index("Nur für Administratoren")


def test_registering_a_link_twice_shows_it_once(client, cast, registered) -> None:
    staff_links.register(StaffLink(url_name="accounts:account", label="Zweimal eingetragen"))
    assert dashboard(client, cast.city_editor).count("Zweimal eingetragen") == 1


def test_someone_without_a_role_is_told_so(client, db) -> None:
    from tests.accounts_cast import person

    html = dashboard(client, person("ohne@example.org"))
    assert "Sie haben zurzeit keine Rolle." in html


def test_the_staff_layout_has_a_skip_link_landmarks_and_no_foreign_resources(client, cast) -> None:
    html = dashboard(client, cast.city_editor)
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
