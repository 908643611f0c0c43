"""Every editorial URL for every role: allowed, or 403/404 with nothing changed.

The cast: a city editor of Kassel ("own region") and one of the county ("other region"), the
editor of Caritas ("own provider", whose offers are used) and of Bengi ("other provider"), the
statistics office, an observer (Kassel), an administrator, a signed-in user without any role,
and anonymous visitors (sent to the login page).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from tests.editorial_cast import Cast, as_client, build_cast, form_data
from wegweiser.directory.models import EditorialStatus, Offer, OfferTranslation, Provider
from wegweiser.editorial import actions
from wegweiser.editorial.models import AuditEntry, ChangeReport, Revision

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
LOGIN = 302  # anonymous visitors are sent to the login page


@dataclasses.dataclass
class World:
    cast: Cast
    revision: Revision
    report: ChangeReport
    in_review: Offer
    first_version: int


@pytest.fixture
def world(kassel, landkreis) -> World:
    cast = build_cast(kassel, landkreis)
    first_version = cast.offer.history.get().history_id
    actions.save_offer(cast.offer, {"schedule": "montags"}, actor=cast.city_editor)
    revision = actions.propose_revision(
        cast.offer, {"title": "Vorschlag"}, actor=cast.caritas_editor, source="web"
    )
    report = actions.submit_change_report(
        kind="change",
        region=kassel,
        offer=cast.offer,
        message="Neue Zeiten",
        reporter_email="leser@example.org",
    )
    in_review = actions.submit_offer(
        cast.draft.__class__.objects.create(
            region=kassel,
            provider=cast.caritas,
            title="Eingereicht",
            kind=cast.offer.kind,
            gender=cast.offer.gender,
            area=cast.offer.area,
        ),
        actor=cast.caritas_editor,
    )
    return World(cast, revision, report, in_review, first_version)


def expect(default: int, **by_role: int) -> dict[str, int]:
    statuses = dict.fromkeys(ROLES, default)
    statuses.update(anonymous=LOGIN, nobody=403, statistics=403)
    statuses.update(by_role)
    return statuses


def offer_page(path: str) -> Callable[[World], str]:
    return lambda w: f"/staff/redaktion/angebote/{w.cast.offer.uuid}/{path}"


# --- Pages (GET) --------------------------------------------------------------------------------

READ_OFFER = expect(200, county_editor=404, bengi_editor=404)
PAGES: list[tuple[str, Callable[[World], str], dict[str, int]]] = [
    ("offer list", lambda w: "/staff/redaktion/angebote/", expect(200)),
    (
        "new offer: choose region",
        lambda w: "/staff/redaktion/angebote/neu/",
        expect(302, observer=403, administrator=200),
    ),
    (
        "new offer in Kassel",
        lambda w: "/staff/redaktion/angebote/neu/stadt-kassel/",
        expect(200, county_editor=403, observer=403),
    ),
    ("offer form", offer_page(""), READ_OFFER),
    ("translation", offer_page("uebersetzung/en/"), READ_OFFER),
    ("history", offer_page("versionen/"), READ_OFFER),
    ("version", lambda w: offer_page(f"versionen/{w.first_version}/")(w), READ_OFFER),
    (
        "reject form",
        lambda w: f"/staff/redaktion/angebote/{w.in_review.uuid}/ablehnen/",
        expect(200, county_editor=404, bengi_editor=404, caritas_editor=403, observer=403),
    ),
    (
        "review queue",
        lambda w: "/staff/redaktion/pruefung/",
        expect(200, caritas_editor=403, bengi_editor=403),
    ),
    (
        "revision",
        lambda w: f"/staff/redaktion/vorschlaege/{w.revision.pk}/",
        expect(200, county_editor=404, bengi_editor=404),
    ),
    (
        "report",
        lambda w: f"/staff/redaktion/meldungen/{w.report.pk}/",
        expect(200, county_editor=404, caritas_editor=404, bengi_editor=404),
    ),
    ("provider list", lambda w: "/staff/redaktion/traeger/", expect(200)),
    (
        "new provider",
        lambda w: "/staff/redaktion/traeger/neu/",
        expect(200, caritas_editor=403, bengi_editor=403, observer=403),
    ),
    (
        "provider form",
        lambda w: f"/staff/redaktion/traeger/{w.cast.caritas.uuid}/",
        expect(200, bengi_editor=404),
    ),
    (
        "freshness",
        lambda w: "/staff/redaktion/aktualitaet/",
        expect(200, caritas_editor=403, bengi_editor=403),
    ),
    (
        "audit log",
        lambda w: "/staff/redaktion/protokoll/",
        expect(200, caritas_editor=403, bengi_editor=403),
    ),
]


@pytest.mark.parametrize(("name", "url", "statuses"), PAGES, ids=[page[0] for page in PAGES])
def test_every_page_answers_each_role_as_expected(world, name, url, statuses) -> None:
    address = url(world)
    answers = {}
    for role, user in world.cast.users().items():
        answers[role] = as_client(user).get(address).status_code
    assert answers == statuses


def test_anonymous_visitors_are_sent_to_the_login_page(world) -> None:
    response = as_client(None).get("/staff/redaktion/angebote/")
    assert response["Location"].startswith("/staff/anmelden/?next=/staff/redaktion/angebote/")


def test_lists_show_only_what_the_role_may_see(world) -> None:
    cast = world.cast

    def titles(user) -> str:
        return as_client(user).get("/staff/redaktion/angebote/").content.decode()

    county = titles(cast.county_editor)
    assert "Deutsch in Vellmar" in county and "Sprachcafé" not in county
    bengi = titles(cast.bengi_editor)
    assert "Frauentreff" in bengi and "Sprachcafé" not in bengi and "Elterncafé" not in bengi
    observer = titles(cast.observer)
    assert "Elterncafé" in observer and "Deutsch in Vellmar" not in observer


# --- Actions (POST): allowed roles change the data, the others change nothing --------------------


@dataclasses.dataclass
class Case:
    name: str
    url: Callable[[World], str]
    statuses: dict[str, int]
    changed: Callable[[World], bool]
    data: Callable[[World], dict[str, Any]] = lambda w: {}


def _status(offer: Offer) -> str:
    return Offer.objects.get(pk=offer.pk).status


def _edit_data(w: World) -> dict[str, Any]:
    form = (
        as_client(w.cast.city_editor)
        .get(f"/staff/redaktion/angebote/{w.cast.draft.uuid}/")
        .context["form"]
    )
    return {**form_data(form), "title": "Elterncafé geändert"}


def _provider_data(w: World) -> dict[str, Any]:
    form = (
        as_client(w.cast.city_editor)
        .get(f"/staff/redaktion/traeger/{w.cast.caritas.uuid}/")
        .context["form"]
    )
    return {**form_data(form), "phone": "0561 99"}


def _new_offer_data(w: World) -> dict[str, Any]:
    return {
        "provider": str(w.cast.caritas.pk),
        "title": "Neu angelegt",
        "kind": str(w.cast.offer.kind_id),
        "gender": str(w.cast.offer.gender_id),
        "registration_required": "unknown",
        "barrier_free": "unknown",
        "childcare": "unknown",
    }


WRITE_DRAFT = expect(302, county_editor=404, bengi_editor=404, observer=403)
CITY_ONLY = expect(302, county_editor=404, bengi_editor=404, caritas_editor=403, observer=403)
CASES = [
    Case(
        "save offer",
        lambda w: f"/staff/redaktion/angebote/{w.cast.draft.uuid}/",
        WRITE_DRAFT,
        lambda w: Offer.objects.get(pk=w.cast.draft.pk).title == "Elterncafé geändert",
        _edit_data,
    ),
    Case(
        "create offer",
        lambda w: "/staff/redaktion/angebote/neu/stadt-kassel/",
        expect(302, county_editor=403, bengi_editor=200, observer=403),
        lambda w: Offer.objects.filter(title="Neu angelegt").exists(),
        _new_offer_data,
    ),
    Case(
        "submit",
        lambda w: f"/staff/redaktion/angebote/{w.cast.draft.uuid}/status/submit/",
        WRITE_DRAFT,
        lambda w: _status(w.cast.draft) == EditorialStatus.IN_REVIEW,
    ),
    Case(
        "publish",
        lambda w: f"/staff/redaktion/angebote/{w.cast.draft.uuid}/status/publish/",
        CITY_ONLY,
        lambda w: _status(w.cast.draft) == EditorialStatus.PUBLISHED,
    ),
    Case(
        "archive",
        lambda w: f"/staff/redaktion/angebote/{w.cast.offer.uuid}/status/archive/",
        CITY_ONLY,
        lambda w: _status(w.cast.offer) == EditorialStatus.ARCHIVED,
    ),
    Case(
        "reject",
        lambda w: f"/staff/redaktion/angebote/{w.in_review.uuid}/ablehnen/",
        CITY_ONLY,
        lambda w: _status(w.in_review) == EditorialStatus.DRAFT,
        lambda w: {"reason": "Bitte ergänzen."},
    ),
    Case(
        "still correct",
        lambda w: f"/staff/redaktion/angebote/{w.cast.offer.uuid}/bestaetigen/",
        expect(302, county_editor=404, bengi_editor=404, observer=403),
        lambda w: AuditEntry.objects.filter(action="offer.confirm").exists(),
    ),
    Case(
        "translation",
        lambda w: f"/staff/redaktion/angebote/{w.cast.draft.uuid}/uebersetzung/en/",
        WRITE_DRAFT,
        lambda w: OfferTranslation.objects.filter(offer=w.cast.draft, language="en").exists(),
        lambda w: {"loaded": "", "title": "Parents' café"},
    ),
    Case(
        "restore",
        lambda w: (
            f"/staff/redaktion/angebote/{w.cast.offer.uuid}/versionen/{w.first_version}/wiederherstellen/"
        ),
        expect(302, county_editor=404, bengi_editor=404, observer=403),
        lambda w: (
            Offer.objects.get(pk=w.cast.offer.pk).schedule == ""
            or Revision.objects.filter(data={"schedule": ""}).exists()
        ),
    ),
    Case(
        "approve revision",
        lambda w: f"/staff/redaktion/vorschlaege/{w.revision.pk}/uebernehmen/",
        expect(302, county_editor=404, bengi_editor=404, caritas_editor=403, observer=403),
        lambda w: Offer.objects.get(pk=w.cast.offer.pk).title == "Vorschlag",
    ),
    Case(
        "reject revision",
        lambda w: f"/staff/redaktion/vorschlaege/{w.revision.pk}/ablehnen/",
        expect(302, county_editor=404, bengi_editor=404, caritas_editor=403, observer=403),
        lambda w: Revision.objects.get(pk=w.revision.pk).state == Revision.State.REJECTED,
        lambda w: {"reason": "Nein."},
    ),
    Case(
        "handle report",
        lambda w: f"/staff/redaktion/meldungen/{w.report.pk}/bearbeiten/",
        expect(302, county_editor=404, caritas_editor=404, bengi_editor=404, observer=403),
        lambda w: ChangeReport.objects.get(pk=w.report.pk).state != ChangeReport.State.OPEN,
        lambda w: {"outcome": "done"},
    ),
    Case(
        "bulk publish",
        lambda w: "/staff/redaktion/angebote/sammelaktion/",
        # The county's editor may use bulk actions, but offers of Kassel are not theirs.
        expect(302, caritas_editor=403, bengi_editor=403, observer=403),
        lambda w: _status(w.cast.draft) == EditorialStatus.PUBLISHED,
        lambda w: {"action": "publish", "offers": [str(w.cast.draft.uuid)]},
    ),
    Case(
        "save provider",
        lambda w: f"/staff/redaktion/traeger/{w.cast.caritas.uuid}/",
        expect(302, bengi_editor=404, observer=403),
        lambda w: Provider.objects.get(pk=w.cast.caritas.pk).phone == "0561 99",
        _provider_data,
    ),
    Case(
        "create provider",
        lambda w: "/staff/redaktion/traeger/neu/",
        expect(302, caritas_editor=403, bengi_editor=403, observer=403),
        lambda w: Provider.objects.filter(name="Neuer Träger").exists(),
        lambda w: {"name": "Neuer Träger", "provider_type": str(w.cast.caritas.provider_type_id)},
    ),
    Case(
        "archive provider",
        lambda w: f"/staff/redaktion/traeger/{w.cast.caritas.uuid}/aktion/archive/",
        expect(302, caritas_editor=403, bengi_editor=404, observer=403),
        lambda w: Provider.objects.get(pk=w.cast.caritas.pk).status == EditorialStatus.ARCHIVED,
    ),
    Case(
        "confirm provider",
        lambda w: f"/staff/redaktion/traeger/{w.cast.caritas.uuid}/aktion/confirm/",
        expect(302, bengi_editor=404, observer=403),
        lambda w: AuditEntry.objects.filter(action="provider.confirm").exists(),
    ),
]
CHANGES = {
    # Roles whose allowed answer does not change this entry (explained per case).
    ("bulk publish", "county_editor"),
    ("create offer", "bengi_editor"),  # 200: Caritas is not a provider Bengi's editor may pick
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_action_answers_each_role_and_changes_only_what_it_may(world, case, role) -> None:
    data = case.data(world)
    user = world.cast.users()[role]
    response = as_client(user).post(case.url(world), data)
    expected = case.statuses[role]
    assert response.status_code == expected
    allowed = (
        expected in (200, 302) and role not in ("anonymous",) and (case.name, role) not in CHANGES
    )
    assert case.changed(world) == allowed
