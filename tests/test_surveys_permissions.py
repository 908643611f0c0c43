"""What the role × URL table (tests/test_role_url_matrix.py) does not check for the survey
rounds' staff pages: where anonymous visitors are sent, and that the list shows only the rounds
of the user's regions."""

from __future__ import annotations

import dataclasses

import pytest

from tests.editorial_cast import Cast, as_client, build_cast
from tests.survey_cast import open_round
from wegweiser.surveys import actions
from wegweiser.surveys.models import SurveyRound

pytestmark = pytest.mark.django_db


@dataclasses.dataclass
class World:
    cast: Cast
    closed: SurveyRound  # Kassel, "Befragung 2025", with its snapshot
    current: SurveyRound  # Kassel, "Befragung 2026", open


@pytest.fixture
def world(kassel, landkreis) -> World:
    cast = build_cast(kassel, landkreis)
    closed = open_round(cast, kassel, title="Befragung 2025")
    actions.close_round(closed, actor=cast.city_editor)
    return World(cast, closed, open_round(cast, kassel))


def test_anonymous_visitors_are_sent_to_the_login_page(world) -> None:
    response = as_client(None).get("/staff/befragungen/")
    assert response["Location"].startswith("/staff/anmelden/?next=/staff/befragungen/")


def test_the_list_shows_only_the_rounds_of_the_users_regions(world) -> None:
    kassel = as_client(world.cast.observer).get("/staff/befragungen/").content.decode()
    assert "Befragung 2025" in kassel and "Befragung 2026" in kassel
    county = as_client(world.cast.county_editor).get("/staff/befragungen/").content.decode()
    assert "Befragung 2025" not in county and "Befragung 2026" not in county
