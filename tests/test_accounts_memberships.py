"""Memberships of a region: posted fields that a form does not offer change nothing, refusals
and the members page. (Who may open and post each URL: tests/test_role_url_matrix.py.)"""

from __future__ import annotations

import pytest
from django.core import mail

from tests.accounts_cast import Cast, make_cast, person
from wegweiser.accounts import permissions
from wegweiser.accounts.models import Invitation, Membership, Role
from wegweiser.editorial.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(kassel, landkreis) -> Cast:
    return make_cast(kassel, landkreis)


def membership(user) -> Membership:
    return Membership.objects.get(user=user)


def state() -> tuple:
    """Everything these pages could change."""
    return (
        sorted(Membership.objects.values_list("user__email", "region__slug", "role")),
        sorted(Membership.objects.values_list("pk", "providers")),
        sorted(Invitation.objects.values_list("email", "region__slug", "role")),
        len(mail.outbox),
    )


def open_invitation(cast: Cast) -> Invitation:
    invitation = Invitation.objects.filter(email="offen@beirat.example").first()
    if invitation is None:
        invitation = Invitation.objects.create(
            email="offen@beirat.example",
            region=cast.kassel,
            role=Role.OBSERVER,
            invited_by=cast.city_editor,
        )
    return invitation


# --- Mass assignment: what the form does not offer cannot be posted -----------------------------


def test_a_city_editor_cannot_grant_roles_reserved_to_administrators(client, cast) -> None:
    client.force_login(cast.city_editor)
    before = state()
    for role in [Role.CITY_EDITOR, Role.ADMINISTRATOR, Role.STATISTICS, "superuser"]:
        response = client.post(
            "/staff/regionen/stadt-kassel/einladen/", {"email": "x@example.org", "role": role}
        )
        assert response.status_code == 200
        assert "Bitte eine gültige Auswahl treffen." in response.content.decode()
    assert state() == before


def test_the_invitation_goes_to_the_region_of_the_address_not_a_posted_one(client, cast) -> None:
    client.force_login(cast.city_editor)
    client.post(
        "/staff/regionen/stadt-kassel/einladen/",
        {"email": "x@example.org", "role": Role.OBSERVER, "region": cast.landkreis.pk},
    )
    assert Invitation.objects.get().region == cast.kassel


def test_changing_providers_changes_only_providers(client, cast) -> None:
    target = membership(cast.provider_editor)
    client.force_login(cast.city_editor)
    client.post(
        f"/staff/mitgliedschaften/{target.pk}/",
        {
            "providers": [cast.own_provider.pk, cast.other_provider.pk],
            "role": Role.CITY_EDITOR,
            "region": cast.landkreis.pk,
            "user": cast.city_editor.pk,
        },
    )
    target.refresh_from_db()
    assert (target.user, target.region, target.role) == (
        cast.provider_editor,
        cast.kassel,
        Role.PROVIDER_EDITOR,
    )
    assert set(target.providers.all()) == {cast.own_provider, cast.other_provider}
    audit = AuditEntry.objects.get(action="accounts.change_providers")
    assert "Kulturzentrum Schlachthof e. V. → Caritasverband" in audit.summary


def test_a_provider_editor_needs_at_least_one_provider(client, cast) -> None:
    target = membership(cast.provider_editor)
    client.force_login(cast.city_editor)
    response = client.post(f"/staff/mitgliedschaften/{target.pk}/", {"providers": []})
    assert response.status_code == 200
    assert "Bitte wählen Sie mindestens einen Träger." in response.content.decode()
    assert list(target.providers.all()) == [cast.own_provider]


def test_an_unknown_provider_id_is_refused(client, cast) -> None:
    target = membership(cast.provider_editor)
    client.force_login(cast.city_editor)
    response = client.post(f"/staff/mitgliedschaften/{target.pk}/", {"providers": [999999]})
    assert response.status_code == 200
    assert list(target.providers.all()) == [cast.own_provider]


def test_only_a_provider_editor_membership_has_providers_to_change(client, cast) -> None:
    client.force_login(cast.city_editor)
    response = client.post(
        f"/staff/mitgliedschaften/{membership(cast.observer).pk}/",
        {"providers": [cast.own_provider.pk]},
    )
    assert response.status_code == 404
    assert not membership(cast.observer).providers.exists()


def test_a_provider_editor_cannot_widen_their_own_providers(client, cast) -> None:
    target = membership(cast.provider_editor)
    client.force_login(cast.provider_editor)
    response = client.post(
        f"/staff/mitgliedschaften/{target.pk}/", {"providers": [cast.other_provider.pk]}
    )
    assert response.status_code == 403
    assert list(target.providers.all()) == [cast.own_provider]


def test_unknown_regions_memberships_and_invitations_are_not_found(client, cast) -> None:
    client.force_login(cast.administrator)
    assert client.get("/staff/regionen/atlantis/mitglieder/").status_code == 404
    assert client.get("/staff/mitgliedschaften/999999/").status_code == 404
    assert client.post("/staff/einladungen/999999/zurueckziehen/").status_code == 404


def test_an_accepted_invitation_cannot_be_withdrawn(client, cast) -> None:
    invitation = open_invitation(cast)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at="2026-03-02T08:00:00Z")
    client.force_login(cast.city_editor)
    response = client.post(f"/staff/einladungen/{invitation.pk}/zurueckziehen/", follow=True)
    assert "bereits angenommen" in response.content.decode()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_removing_a_membership_keeps_the_account_and_is_audited(client, cast) -> None:
    client.force_login(cast.city_editor)
    client.post(f"/staff/mitgliedschaften/{membership(cast.observer).pk}/entfernen/")
    assert not Membership.objects.filter(user=cast.observer).exists()
    cast.observer.refresh_from_db()
    assert cast.observer.is_active
    entry = AuditEntry.objects.get(action="accounts.remove_membership")
    assert entry.actor == cast.city_editor
    assert entry.region == cast.kassel
    assert entry.ip_address == "127.0.0.1"


# --- The page itself ---------------------------------------------------------------------------


def test_the_members_page_lists_roles_and_open_invitations(client, cast) -> None:
    open_invitation(cast)
    client.force_login(cast.city_editor)
    html = client.get("/staff/regionen/stadt-kassel/mitglieder/").content.decode()
    for expected in [
        "traeger@schlachthof.example",
        "Kulturzentrum Schlachthof e. V.",
        "statistik@kassel.example",
        "offen@beirat.example",
    ]:
        assert expected in html
    assert "redaktion@landkreis.example" not in html  # another region
    # A city editor sees the statistics office but may not remove it.
    assert f"/staff/mitgliedschaften/{membership(cast.statistics).pk}/entfernen/" not in html
    assert f"/staff/mitgliedschaften/{membership(cast.observer).pk}/entfernen/" in html


def test_the_permission_rules_match_the_pages(cast) -> None:
    assert permissions.grantable_roles(cast.city_editor, cast.kassel) == [
        Role.PROVIDER_EDITOR,
        Role.OBSERVER,
    ]
    assert permissions.grantable_roles(cast.city_editor, cast.landkreis) == []
    assert permissions.grantable_roles(cast.region_admin, cast.kassel) == list(Role.values)
    assert permissions.grantable_roles(cast.administrator, cast.landkreis) == list(Role.values)
    for name in ["provider_editor", "statistics", "observer"]:
        assert not permissions.can_manage_memberships(cast.by_name(name), cast.kassel)
    inactive = person("weg@kassel.example", region=cast.kassel, role=Role.CITY_EDITOR)
    inactive.is_active = False
    inactive.save()
    assert not permissions.can_manage_memberships(inactive, cast.kassel)


def test_the_members_page_needs_a_bounded_number_of_queries(
    client, cast, django_assert_max_num_queries
) -> None:
    for number in range(10):
        person(
            f"traeger{number}@example.org",
            region=cast.kassel,
            role=Role.PROVIDER_EDITOR,
            providers=(cast.own_provider, cast.other_provider),
        )
    client.force_login(cast.city_editor)
    with django_assert_max_num_queries(15):
        assert client.get("/staff/regionen/stadt-kassel/mitglieder/").status_code == 200
