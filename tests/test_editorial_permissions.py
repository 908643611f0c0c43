"""What the role × URL table (tests/test_role_url_matrix.py) does not check for the editorial
pages: where anonymous visitors are sent, and that lists show only what the role may see."""

from __future__ import annotations

import pytest

from tests.editorial_cast import Cast, as_client, build_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(kassel, landkreis) -> Cast:
    return build_cast(kassel, landkreis)


def test_anonymous_visitors_are_sent_to_the_login_page(cast) -> None:
    response = as_client(None).get("/staff/redaktion/angebote/")
    assert response["Location"].startswith("/staff/anmelden/?next=/staff/redaktion/angebote/")


def test_lists_show_only_what_the_role_may_see(cast) -> None:
    def titles(user) -> str:
        return as_client(user).get("/staff/redaktion/angebote/").content.decode()

    county = titles(cast.county_editor)
    assert "Deutsch in Vellmar" in county and "Sprachcafé" not in county
    bengi = titles(cast.bengi_editor)
    assert "Frauentreff" in bengi and "Sprachcafé" not in bengi and "Elterncafé" not in bengi
    observer = titles(cast.observer)
    assert "Elterncafé" in observer and "Deutsch in Vellmar" not in observer
