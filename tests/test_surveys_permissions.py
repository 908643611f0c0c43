"""Every staff URL of the survey rounds for every role: allowed, or 403/404 with nothing changed.

The cast is the editorial one: a city editor of Kassel (own region) and one of the county (other
region), the editors of Caritas and Bengi (providers, who answer through their links instead),
the statistics office, an observer of Kassel, an administrator, a signed-in user without a role
and anonymous visitors (sent to the login page).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from tests.editorial_cast import Cast, as_client, build_cast
from tests.survey_cast import open_round
from wegweiser.surveys import actions
from wegweiser.surveys.models import Invitation, Reminder, SurveyRound

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "nobody",
    "city_editor",
    "county_editor",
    "caritas_editor",
    "bengi_editor",
    "statistics",
    "observer",
    "administrator",
)
LOGIN = 302


@dataclasses.dataclass
class World:
    cast: Cast
    closed: SurveyRound  # Kassel, "Befragung 2025", with its snapshot
    current: SurveyRound  # Kassel, "Befragung 2026", open
    invitation: Invitation  # Bengi's in the open round


@pytest.fixture
def world(kassel, landkreis) -> World:
    cast = build_cast(kassel, landkreis)
    closed = open_round(cast, kassel, title="Befragung 2025")
    actions.close_round(closed, actor=cast.city_editor)
    current = open_round(cast, kassel)
    return World(cast, closed, current, current.invitations.get(provider=cast.bengi))


def expect(default: int, **by_role: int) -> dict[str, int]:
    statuses = dict.fromkeys(ROLES, default)
    statuses.update(
        anonymous=LOGIN, nobody=403, caritas_editor=403, bengi_editor=403, statistics=403
    )
    statuses.update(by_role)
    return statuses


def base(w: World) -> str:
    return f"/staff/befragungen/{w.current.pk}/"


PAGES: list[tuple[str, Callable[[World], str], dict[str, int]]] = [
    ("round list", lambda w: "/staff/befragungen/", expect(200)),
    ("open form", lambda w: "/staff/befragungen/neu/", expect(200, observer=403)),
    ("dashboard", base, expect(200, county_editor=404)),
    (
        "dashboard of a closed round",
        lambda w: f"/staff/befragungen/{w.closed.pk}/",
        expect(200, county_editor=404),
    ),
    (
        "invitation",
        lambda w: f"{base(w)}traeger/{w.invitation.pk}/",
        expect(200, county_editor=404),
    ),
    (
        "close form",
        lambda w: f"{base(w)}abschliessen/",
        expect(200, county_editor=404, observer=403),
    ),
    (
        "snapshot",
        lambda w: f"/staff/befragungen/{w.closed.pk}/stand/",
        expect(200, county_editor=404),
    ),
    ("snapshot of an open round", lambda w: f"{base(w)}stand/", expect(404)),
]


@pytest.mark.parametrize(("name", "url", "statuses"), PAGES, ids=[page[0] for page in PAGES])
def test_every_page_answers_each_role_as_expected(world, name, url, statuses) -> None:
    address = url(world)
    answers = {
        role: as_client(user).get(address).status_code for role, user in world.cast.users().items()
    }
    assert answers == statuses


def test_anonymous_visitors_are_sent_to_the_login_page(world) -> None:
    response = as_client(None).get("/staff/befragungen/")
    assert response["Location"].startswith("/staff/anmelden/?next=/staff/befragungen/")


def test_the_list_shows_only_the_rounds_of_the_users_regions(world) -> None:
    kassel = as_client(world.cast.observer).get("/staff/befragungen/").content.decode()
    assert "Befragung 2025" in kassel and "Befragung 2026" in kassel
    county = as_client(world.cast.county_editor).get("/staff/befragungen/").content.decode()
    assert "Befragung 2025" not in county and "Befragung 2026" not in county


@dataclasses.dataclass
class Case:
    name: str
    url: Callable[[World], str]
    statuses: dict[str, int]
    changed: Callable[[World], bool]
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    prepare: Callable[[World], Any] = lambda w: None


def _reopen_data(w: World) -> dict[str, Any]:
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    return {
        "region": str(w.cast.kassel.pk),
        "title": "Nachbefragung",
        "deadline": deadline.isoformat(),
    }


def _invitation(w: World, path: str) -> str:
    return f"{base(w)}traeger/{w.invitation.pk}/{path}"


RUN = expect(302, county_editor=404, observer=403)
CASES = [
    Case(
        "open",
        lambda w: "/staff/befragungen/neu/",
        expect(302, county_editor=200, observer=403),
        lambda w: SurveyRound.objects.filter(title="Nachbefragung").exists(),
        _reopen_data,
        lambda w: actions.close_round(w.current, actor=None),
    ),
    Case(
        "remind",
        lambda w: _invitation(w, "erinnern/"),
        RUN,
        lambda w: Reminder.objects.filter(kind="reminder").exists(),
    ),
    Case(
        "revoke",
        lambda w: _invitation(w, "sperren/"),
        RUN,
        lambda w: Invitation.objects.get(pk=w.invitation.pk).revoked_at is not None,
    ),
    Case(
        "new link",
        lambda w: _invitation(w, "neuer-link/"),
        RUN,
        lambda w: Invitation.objects.get(pk=w.invitation.pk).nonce != w.invitation.nonce,
    ),
    Case(
        "close",
        lambda w: f"{base(w)}abschliessen/",
        RUN,
        lambda w: not SurveyRound.objects.get(pk=w.current.pk).is_open,
    ),
]
CHANGES = {
    ("open", "county_editor"),  # 200: the form refuses Kassel, which is not the county editor's
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_action_answers_each_role_and_changes_only_what_it_may(world, case, role) -> None:
    case.prepare(world)
    user = world.cast.users()[role]
    response = as_client(user).post(case.url(world), case.data(world))
    expected = case.statuses[role]
    assert response.status_code == expected
    allowed = expected in (200, 302) and role != "anonymous" and (case.name, role) not in CHANGES
    assert case.changed(world) == allowed


def test_provider_editors_have_no_staff_access_to_their_own_invitation(world) -> None:
    """Provider editors answer through the personal link, not through the staff pages."""
    client = as_client(world.cast.bengi_editor)
    assert client.get(_invitation(world, "")).status_code == 403
    assert client.post(_invitation(world, "neuer-link/")).status_code == 403
    assert Invitation.objects.get(pk=world.invitation.pk).nonce == world.invitation.nonce
