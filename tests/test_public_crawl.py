"""A browser walks every kind of public page over the demo data: nothing leaves 127.0.0.1,
nothing fails, and the home page stays light."""

from __future__ import annotations

import pytest

from tests.browser import submit, transferred_bytes
from wegweiser.directory import demo
from wegweiser.directory.models import Offer, Provider

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_every_public_page_stays_on_this_host(page, live_server) -> None:
    demo.load()
    offer = Offer.objects.published().get(title="Treffpunkt Samowar")
    provider = Provider.objects.published().get(name="Kulturzentrum Schlachthof e. V.")
    paths = [
        "/de/",
        "/de/angebote/?q=Deutschkurs&area=sprachfoerderung",
        f"/de/angebote/{offer.uuid}/",
        f"/de/angebote/{offer.uuid}/aenderung-melden/",
        "/de/traeger/",
        f"/de/traeger/{provider.uuid}/",
        "/de/stadtteile/stadt-kassel/",
        "/de/stadtteile/stadt-kassel/18/",
        "/de/stadtteile/landkreis-kassel/",
        "/de/barrierefreiheit/",
        "/de/impressum/",
        "/de/datenschutz/",
        "/de/feedback/",
    ]
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
    page.goto(f"{live_server.url}/ar/angebote/{offer.uuid}/")
    submit(page, page.get_by_role("button").filter(has_text="قائمة المفضلة").first)
    assert page.url.startswith(live_server.url)
    page.goto(f"{live_server.url}/ar/merkliste/")
    assert page.locator(".shortlist-offer").count() == 1

    assert page.foreign_requests == []
    assert page.failed_responses == []

    # The home page with the map, in German and in Arabic, weighs at most 150 KB in all.
    for language in ("de", "ar"):
        page.goto(f"{live_server.url}/{language}/")
        assert page.locator("svg a").count() == 23
        assert transferred_bytes(page) <= 150 * 1024
