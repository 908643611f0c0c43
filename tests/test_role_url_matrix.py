"""Who may open and post what: one table of every URL of the staff pages (``/staff/``), the
providers' questionnaire (``/befragung/``), the public forms that change data and the admin,
for every role.

Each row names a URL (by its name, for the completeness test at the end), a method, and the
answer every role gets. The objects belong to the city of Kassel and to the provider Caritas;
the roles are

- ``anonymous``, and ``nobody`` (signed in, no role anywhere);
- ``city_editor`` of Kassel (the objects' region) and ``county_editor`` (a city editor of the
  Landkreis, the other region);
- ``caritas_editor`` (provider editor of the objects' provider) and ``bengi_editor`` (provider
  editor of another provider, so every row is also an attempt on another provider's object);
- ``statistics`` (statistics office of Kassel), ``observer`` (Kassel), ``region_admin`` (the
  administrator role in Kassel) and ``administrator`` (a superuser).

The questionnaire has no accounts: the personal link is the key, so its "roles" are kinds of
link (``LINKS``): the provider's own, another provider's, tampered, replaced, blocked, expired,
of a closed round, and a signed-in superuser holding a tampered link.

Every role's visit runs in a savepoint that is rolled back, so each sees the same world. A
refused visit (and every POST not listed in the row's ``changes``) must leave the database as it
was (``snapshot``: every row of the apps' tables, and the e-mail outbox); an allowed POST must
change it (or satisfy the row's ``effect``). No page shows the address of a reader who reported a
change to anyone but the city's editors.

Below the table: mass assignment, and the completeness test that fails for any URL of the staff
pages or the questionnaire without rows.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core import mail, signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.admin_forms import PASSWORD
from tests.concept_consultation_cast import COMMENTER, open_consultation
from tests.conftest import make_offer, make_provider
from tests.editorial_cast import Cast, build_cast, form_data, user_with
from tests.survey_cast import open_round
from wegweiser.accounts import invitations, two_factor
from wegweiser.accounts.models import Invitation, Membership, Role, User
from wegweiser.concept.forms import (
    CommitmentForm,
    ConceptForm,
    FieldOfActionForm,
    GoalForm,
    IndicatorForm,
    MeasureForm,
)
from wegweiser.concept.models import (
    Comment,
    Concept,
    FieldOfAction,
    Goal,
    GoalIndicator,
    Measure,
    MeasureUpdate,
    SelfCommitment,
)
from wegweiser.directory import demo
from wegweiser.directory.models import (
    EditorialStatus,
    Offer,
    OfferTranslation,
    Provider,
    ProviderTranslation,
    Region,
)
from wegweiser.editorial import actions
from wegweiser.editorial.forms import OfferForm, ProviderForm
from wegweiser.editorial.models import AuditEntry, ChangeReport, Revision
from wegweiser.editorial.transfer import uploads
from wegweiser.monitoring import external_previews
from wegweiser.monitoring.models import IndicatorValue
from wegweiser.surveys import actions as survey_actions
from wegweiser.surveys import tokens
from wegweiser.surveys.forms import SurveyOfferForm
from wegweiser.surveys.models import Answer, Reminder, SurveyRound
from wegweiser.surveys.models import Invitation as SurveyInvitation

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
    "region_admin",
    "administrator",
)
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
LOGIN = "login"  # a redirect to the login page (the staff login, or the admin's, which forwards)
LOGIN_PAGES = ("/staff/anmelden/", "/admin/login/")

Status = int | str
REPORTER = "leser@example.org"  # who reported a change to "Sprachcafé"
STAFF_ADDRESS = "203.0.113.7"  # where Kassel's city editor worked from (in the audit log)
CITY_EDITORS = frozenset({"city_editor", "region_admin", "administrator"})  # of Kassel


# --- The world --------------------------------------------------------------------------------


@dataclasses.dataclass
class World:
    cast: Cast  # Kassel and the Landkreis, Caritas and Bengi, one user per role, four offers
    region_admin: User
    first_version: int  # the first version of "Sprachcafé" (Caritas, Kassel, published)
    revision: Revision  # the Caritas editor's pending proposal for "Sprachcafé"
    report: ChangeReport  # a reader's report on "Sprachcafé", with the reader's address
    in_review: Offer  # Caritas, Kassel
    archived: Offer  # Caritas, Kassel
    draft_provider: Provider
    staff_invitation: Invitation  # open invitation to Kassel as observer
    closed_round: SurveyRound  # Kassel, with its snapshot
    current_round: SurveyRound  # Kassel, open
    caritas_invitation: SurveyInvitation
    bengi_invitation: SurveyInvitation
    new_answer: Answer  # Caritas proposes a new offer in the questionnaire
    token: str = ""  # the personal link of the current visit (questionnaire rows)

    def users(self) -> dict[str, User | None]:
        return {**self.cast.users(), "region_admin": self.region_admin}


def survey_offer_data(invitation: SurveyInvitation, offer: Offer | None = None) -> dict[str, Any]:
    """What the questionnaire's offer form posts back unchanged."""
    region = invitation.survey_round.region
    form = SurveyOfferForm(
        instance=offer or Offer(region=region), provider=invitation.provider, region=region
    )
    return form_data(form)


def build_world(kassel: Region, landkreis: Region) -> World:
    cast = build_cast(kassel, landkreis)
    first_version = cast.offer.history.get().history_id
    actions.save_offer(
        cast.offer,
        {"schedule": "montags"},
        actor=cast.city_editor,
        request=RequestFactory().post("/", REMOTE_ADDR=STAFF_ADDRESS),
    )
    revision = actions.propose_revision(
        cast.offer, {"title": "Vorschlag"}, actor=cast.caritas_editor, source="web"
    )
    report = actions.submit_change_report(
        kind="change",
        region=kassel,
        offer=cast.offer,
        message="Neue Zeiten",
        reporter_email=REPORTER,
    )
    in_review = actions.submit_offer(
        make_offer(kassel, "Eingereicht", provider=cast.caritas, status=EditorialStatus.DRAFT),
        actor=cast.caritas_editor,
    )
    closed_round = open_round(cast, kassel, title="Befragung 2025")
    survey_actions.close_round(closed_round, actor=cast.city_editor)
    current_round = open_round(cast, kassel)
    caritas_invitation = current_round.invitations.get(provider=cast.caritas)
    # Its first offer is published after the round opened: a latecomer to invite.
    make_offer(kassel, "Nähcafé", provider=make_provider("Nachzügler e. V."))
    build_concept(kassel, cast.caritas)
    new_offer = SurveyOfferForm(
        {**survey_offer_data(caritas_invitation), "title": "Hausaufgabenhilfe"},
        instance=Offer(region=kassel),
        provider=cast.caritas,
        region=kassel,
    )
    assert new_offer.is_valid(), new_offer.errors
    return World(
        cast=cast,
        region_admin=user_with("it@example.org", kassel, Role.ADMINISTRATOR),
        first_version=first_version,
        revision=revision,
        report=report,
        in_review=in_review,
        archived=make_offer(
            kassel, "Alter Kurs", provider=cast.caritas, status=EditorialStatus.ARCHIVED
        ),
        draft_provider=make_provider("Neue Initiative", status=EditorialStatus.DRAFT),
        staff_invitation=Invitation.objects.create(
            email="offen@beirat.example",
            region=kassel,
            role=Role.OBSERVER,
            invited_by=cast.city_editor,
        ),
        closed_round=closed_round,
        current_round=current_round,
        caritas_invitation=caritas_invitation,
        bengi_invitation=current_round.invitations.get(provider=cast.bengi),
        new_answer=survey_actions.propose_new_offer(caritas_invitation, new_offer.offer_values()),
    )


def build_concept(kassel: Region, caritas: Provider) -> None:
    """Kassel's concept: one field of action, goal, indicator, measure and self-commitment of
    Caritas (found again by ``concept_of``)."""
    concept = Concept.objects.create(
        region=kassel,
        title="Konzept",
        state=Concept.State.ADOPTED,
        adopted_on=datetime.date(2011, 1, 1),
    )
    field = FieldOfAction.objects.create(concept=concept, title="Sprache")
    goal = Goal.objects.create(action_field=field, title="Mehr Sprachkurse")
    GoalIndicator.objects.create(
        goal=goal,
        label="Kurse",
        source="directory",
        baseline_value=Decimal(1),
        baseline_date=datetime.date(2010, 1, 1),
        target_value=Decimal(5),
        target_date=datetime.date(2030, 1, 1),
        direction="increase",
    )
    Measure.objects.create(goal=goal, title="Sprachcafé ausbauen", responsible_provider=caritas)
    SelfCommitment.objects.create(
        goal=goal, provider=caritas, statement="Wir bauen aus.", date=datetime.date(2012, 1, 1)
    )


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once per module (per test process) in a transaction rolled back at the end; every
    test runs in a savepoint inside it, and every role's visit in one more."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.load(reference_only=True)
        yield build_world(
            Region.objects.get(slug="stadt-kassel"), Region.objects.get(slug="landkreis-kassel")
        )
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploads kept for a preview go to a directory of the test's own."""
    settings.VAR_DIR = tmp_path


def fresh(obj: Any) -> Any:
    """The object as the database has it now (the world's objects are shared by all visits)."""
    return type(obj)._default_manager.get(pk=obj.pk)


# --- What a visit may change ------------------------------------------------------------------

# Reference data no page here changes, and search tables derived from the offers.
UNTRACKED = {
    "directory.Region",
    "directory.District",
    "directory.Area",
    "directory.AgeGroup",
    "directory.Gender",
    "directory.OfferKind",
    "directory.ProviderType",
    "directory.TargetGroup",
    "directory.Language",
    "directory.Network",
    "directory.OfferSearchDocument",
    "directory.SearchWord",
    "directory.SearchChange",
    "directory.SearchGeneration",
}
TRACKED_APPS = {
    "accounts",
    "directory",
    "editorial",
    "surveys",
    "otp_totp",
    "admin",
    "monitoring",
    "concept",
}
VOLATILE = {
    "accounts.User": {"last_login"},  # set by signing in, which every visit does
    # django-otp counts wrong codes to slow down guessing.
    "otp_totp.TOTPDevice": {"throttling_failure_timestamp", "throttling_failure_count"},
}


@functools.cache
def tracked() -> list[tuple[str, str]]:
    """(model label, query) for every table a page could change: all columns, in key order."""
    quote = connection.ops.quote_name
    queries = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if model._meta.app_label not in TRACKED_APPS or label in UNTRACKED:
            continue
        skip = VOLATILE.get(label, set())
        columns = ", ".join(
            quote(field.column) for field in model._meta.concrete_fields if field.name not in skip
        )
        table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
        # Names from the models, quoted by the database backend; no outside input.
        queries.append((label, f"SELECT {columns} FROM {table} ORDER BY {key}"))
    return queries


def snapshot() -> dict[str, Any]:
    """Every row of the tables a page could change, and the e-mail sent."""
    state: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for label, query in tracked():
            cursor.execute(query)
            state[label] = cursor.fetchall()
    state["mail"] = [(message.subject, tuple(message.to)) for message in mail.outbox]
    return state


# --- The table ----------------------------------------------------------------------------------


def no_data(w: World) -> dict[str, Any]:
    return {}


@dataclasses.dataclass(frozen=True)
class Row:
    """One URL and method, and the answer for each role.

    ``changes``: the roles whose request changes data; by default, for a POST, the roles
    answered with a redirect other than to the login page. ``effect`` replaces the database
    comparison where the change is elsewhere (the session) or narrower. ``prepare`` runs before
    each role's visit (inside its savepoint).
    """

    name: str
    method: str
    url: Callable[[World], str]
    expect: Mapping[str, Status]
    label: str = ""
    data: Callable[[World], dict[str, Any]] = no_data
    changes: frozenset[str] | None = None
    effect: Callable[[World, Client], bool] | None = None
    prepare: Callable[[World], object] | None = None
    requires: str = ""  # TODO marker: the URL comes with this branch, not merged yet

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.name}" + (f" ({self.label})" if self.label else "")

    def changing_roles(self) -> frozenset[str]:
        if self.changes is not None:
            return self.changes
        if self.method == "get":
            return frozenset()
        return frozenset(role for role, status in self.expect.items() if status == 302)


def answers(default: Status, **by_role: Status) -> dict[str, Status]:
    statuses = dict.fromkeys(ROLES, default)
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    statuses.update(by_role)
    return statuses


def signed_in(default: Status, **by_role: Status) -> dict[str, Status]:
    """Pages of one's own account: every signed-in user."""
    return answers(default, **{"anonymous": LOGIN, **by_role})


def managers(default: Status, **by_role: Status) -> dict[str, Status]:
    """Memberships of Kassel: its city editor and administrators; nobody else (403)."""
    statuses: dict[str, Status] = {"anonymous": LOGIN}
    statuses.update(dict.fromkeys(("city_editor", "region_admin", "administrator"), default))
    return answers(403, **{**statuses, **by_role})


def editorial(default: Status, **by_role: Status) -> dict[str, Status]:
    """The editorial pages: not for anyone without an editorial role (statistics office)."""
    door: dict[str, Status] = {"anonymous": LOGIN, "nobody": 403, "statistics": 403}
    return answers(default, **{**door, **by_role})


def surveys(default: Status, **by_role: Status) -> dict[str, Status]:
    """The survey rounds: the city's editors, observers and administrators of the region."""
    door: dict[str, Status] = {"anonymous": LOGIN}
    door.update(dict.fromkeys(("nobody", "caritas_editor", "bengi_editor", "statistics"), 403))
    return answers(default, **{**door, **by_role})


def admin_only(default: Status) -> dict[str, Status]:
    return answers(LOGIN, administrator=default)


# Who may see an offer of Caritas in Kassel in the staff pages, and who may change it.
READ_OFFER = editorial(200, county_editor=404, bengi_editor=404)
WRITE_OFFER = editorial(302, county_editor=404, bengi_editor=404, observer=403)
CITY_ONLY = editorial(302, county_editor=404, bengi_editor=404, caritas_editor=403, observer=403)
POST_ONLY = editorial(405)


# --- Rows: accounts (/staff/) ------------------------------------------------------------------


def membership_of(user_name: str) -> Callable[[World], str]:
    def url(w: World) -> str:
        user = w.users()[user_name]
        return f"/staff/mitgliedschaften/{Membership.objects.get(user=user).pk}/"

    return url


def reset_link(w: World) -> str:
    from django.contrib.auth.tokens import default_token_generator

    user = fresh(w.cast.city_editor)  # the token depends on the last login
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/staff/passwort-neu/{uid}/{default_token_generator.make_token(user)}/"


def reset_form_without_link(w: World) -> str:
    uid = urlsafe_base64_encode(force_bytes(w.cast.city_editor.pk))
    return f"/staff/passwort-neu/{uid}/set-password/"


NEW_PASSWORD = "ein-neues-langes-Passwort-42"
ACCOUNT_ROWS = [
    Row("accounts:dashboard", "get", lambda w: "/staff/", signed_in(200)),
    Row("accounts:login", "get", lambda w: "/staff/anmelden/", answers(302, anonymous=200)),
    Row(
        "accounts:login",
        "post",
        lambda w: "/staff/anmelden/",
        answers(
            302, anonymous=200
        ),  # signed-in users are sent on; a wrong password changes nothing
        label="wrong password",
        data=lambda w: {"username": w.cast.city_editor.email, "password": "falsch"},
        changes=frozenset(),
    ),
    Row("accounts:login_code", "get", lambda w: "/staff/anmelden/code/", answers(LOGIN)),
    Row(
        "accounts:login_code",
        "post",
        lambda w: "/staff/anmelden/code/",
        answers(LOGIN),  # no password entered first: back to the login, nothing changes
        data=lambda w: {"code": "123456"},
    ),
    Row("accounts:logout", "get", lambda w: "/staff/abmelden/", answers(405)),
    Row(
        "accounts:logout",
        "post",
        lambda w: "/staff/abmelden/",
        answers(LOGIN),
        changes=frozenset(),  # ends the session, which is not among the tables compared
    ),
    Row("accounts:language", "get", lambda w: "/staff/sprache/", answers(405)),
    Row(
        "accounts:language",
        "post",
        lambda w: "/staff/sprache/",
        answers(302),
        data=lambda w: {"language": "en"},
        changes=SIGNED_IN,  # kept with the account; anonymous visitors only get the cookie
    ),
    Row("accounts:password_reset", "get", lambda w: "/staff/passwort-vergessen/", answers(200)),
    Row(
        "accounts:password_reset",
        "post",
        lambda w: "/staff/passwort-vergessen/",
        answers(302),
        data=lambda w: {"email": w.cast.city_editor.email},  # anyone may ask; the mail is sent
    ),
    Row(
        "accounts:password_reset_done",
        "get",
        lambda w: "/staff/passwort-vergessen/gesendet/",
        answers(200),
    ),
    Row("accounts:password_reset_confirm", "get", reset_link, answers(302), label="valid link"),
    Row(
        "accounts:password_reset_confirm",
        "post",
        reset_form_without_link,
        answers(200),
        label="new password without a link",
        data=lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    Row(
        "accounts:password_reset_complete",
        "get",
        lambda w: "/staff/passwort-neu/fertig/",
        answers(200),
    ),
    Row("accounts:account", "get", lambda w: "/staff/konto/", signed_in(200)),
    Row("accounts:password_change", "get", lambda w: "/staff/konto/passwort/", signed_in(200)),
    Row(
        "accounts:password_change",
        "post",
        lambda w: "/staff/konto/passwort/",
        signed_in(302),
        data=lambda w: {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    ),
    Row("accounts:two_factor", "get", lambda w: "/staff/konto/zwei-faktor/", signed_in(200)),
    Row(
        "accounts:two_factor",
        "post",
        lambda w: "/staff/konto/zwei-faktor/",
        signed_in(200),
        label="wrong code",
        data=lambda w: {"code": "000000"},
        # Everyone has opened the page, which keeps an unconfirmed key for the app.
        prepare=lambda w: [two_factor.pending_device(u) for u in w.users().values() if u],
    ),
    Row(
        "accounts:two_factor_disable",
        "get",
        lambda w: "/staff/konto/zwei-faktor/ausschalten/",
        signed_in(405),
    ),
    Row(
        "accounts:two_factor_disable",
        "post",
        lambda w: "/staff/konto/zwei-faktor/ausschalten/",
        signed_in(302),  # nobody has a second factor: back to its page, nothing to switch off
        data=lambda w: {"code": "000000"},
        changes=frozenset(),
    ),
    Row(
        "accounts:members",
        "get",
        lambda w: "/staff/regionen/stadt-kassel/mitglieder/",
        managers(200),
    ),
    Row(
        "accounts:members",
        "get",
        lambda w: "/staff/regionen/landkreis-kassel/mitglieder/",
        answers(403, anonymous=LOGIN, county_editor=200, administrator=200),
        label="of the other region",
    ),
    Row(
        "accounts:invite", "get", lambda w: "/staff/regionen/stadt-kassel/einladen/", managers(200)
    ),
    Row(
        "accounts:invite",
        "post",
        lambda w: "/staff/regionen/stadt-kassel/einladen/",
        managers(302),
        data=lambda w: {"email": "neu@beirat.example", "role": Role.OBSERVER},
    ),
    Row(
        "accounts:membership",
        "get",
        membership_of("caritas_editor"),
        managers(200),
        label="a provider editor's providers",
    ),
    Row(
        "accounts:membership",
        "post",
        membership_of("caritas_editor"),
        managers(302),
        label="a provider editor's providers",
        data=lambda w: {"providers": [w.cast.bengi.pk]},
    ),
    Row(
        "accounts:remove_membership",
        "get",
        lambda w: f"{membership_of('observer')(w)}entfernen/",
        managers(200),
        label="an observer",
    ),
    Row(
        "accounts:remove_membership",
        "post",
        lambda w: f"{membership_of('observer')(w)}entfernen/",
        managers(302),
        label="an observer",
    ),
    Row(
        "accounts:remove_membership",
        "post",
        lambda w: f"{membership_of('city_editor')(w)}entfernen/",
        managers(302, city_editor=403),  # a city editor does not take the role from anyone
        label="a city editor",
    ),
    Row(
        "accounts:remove_membership",
        "post",
        lambda w: f"{membership_of('statistics')(w)}entfernen/",
        managers(302, city_editor=403),
        label="the statistics office",
    ),
    Row(
        "accounts:remove_membership",
        "post",
        lambda w: f"{membership_of('county_editor')(w)}entfernen/",
        managers(403, administrator=302),
        label="the other region's city editor",
    ),
    Row(
        "accounts:withdraw_invitation",
        "get",
        lambda w: f"/staff/einladungen/{w.staff_invitation.pk}/zurueckziehen/",
        signed_in(405),
    ),
    Row(
        "accounts:withdraw_invitation",
        "post",
        lambda w: f"/staff/einladungen/{w.staff_invitation.pk}/zurueckziehen/",
        managers(302),
    ),
    Row(
        "accounts:invitation",
        "get",
        lambda w: f"/staff/einladung/{invitations.link_token(w.staff_invitation)}/",
        answers(200),  # the link is the key; opening it changes nothing
    ),
    Row(
        "accounts:invitation",
        "post",
        lambda w: f"/staff/einladung/{invitations.link_token(w.staff_invitation)}/",
        # Accepting: the invitee, who has no account yet. Someone signed in as another person
        # cannot take the invitation over.
        answers(403, anonymous=302),
        data=lambda w: {
            "first_name": "Ada",
            "last_name": "Beirat",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    ),
]


# --- Rows: editorial (/staff/redaktion/) ----------------------------------------------------------


def offer_url(attribute: str, path: str = "") -> Callable[[World], str]:
    def url(w: World) -> str:
        offer = getattr(w, attribute, None) or getattr(w.cast, attribute)
        return f"/staff/redaktion/angebote/{offer.uuid}/{path}"

    return url


def _status(offer: Offer) -> str:
    return Offer.objects.get(pk=offer.pk).status


def _offer_edit_data(w: World) -> dict[str, Any]:
    """What the draft's form posts back, with a new title."""
    form = OfferForm(instance=fresh(w.cast.draft), user=w.cast.city_editor, region=w.cast.kassel)
    return {**form_data(form), "title": "Elterncafé geändert"}


def _provider_edit_data(w: World) -> dict[str, Any]:
    return {**form_data(ProviderForm(instance=fresh(w.cast.caritas))), "phone": "0561 99"}


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


def provider_url(attribute: str, path: str = "") -> Callable[[World], str]:
    def url(w: World) -> str:
        provider = getattr(w, attribute, None) or getattr(w.cast, attribute)
        return f"/staff/redaktion/traeger/{provider.uuid}/{path}"

    return url


def restore_url(w: World) -> str:
    return offer_url("offer", f"versionen/{w.first_version}/wiederherstellen/")(w)


EDITORIAL_ROWS = [
    # The start page only forwards to the offers, which then ask for the login.
    Row("editorial:home", "get", lambda w: "/staff/redaktion/", answers(302)),
    Row("editorial:offers", "get", lambda w: "/staff/redaktion/angebote/", editorial(200)),
    Row(
        "editorial:offer_bulk",
        "get",
        lambda w: "/staff/redaktion/angebote/sammelaktion/",
        POST_ONLY,
    ),
    Row(
        "editorial:offer_bulk",
        "post",
        lambda w: "/staff/redaktion/angebote/sammelaktion/",
        # The other region's editor may use bulk actions, but offers of Kassel are not theirs.
        editorial(302, caritas_editor=403, bengi_editor=403, observer=403),
        label="publish a draft",
        data=lambda w: {"action": "publish", "offers": [str(w.cast.draft.uuid)]},
        changes=frozenset({"city_editor", "region_admin", "administrator"}),
        effect=lambda w, client: _status(w.cast.draft) == EditorialStatus.PUBLISHED,
    ),
    Row(
        "editorial:offer_create_start",
        "get",
        lambda w: "/staff/redaktion/angebote/neu/",
        # One region to create in: straight to its form; the superuser chooses among all.
        editorial(302, observer=403, administrator=200),
    ),
    Row(
        "editorial:offer_create",
        "get",
        lambda w: "/staff/redaktion/angebote/neu/stadt-kassel/",
        editorial(200, county_editor=403, observer=403),
    ),
    Row(
        "editorial:offer_create",
        "post",
        lambda w: "/staff/redaktion/angebote/neu/stadt-kassel/",
        # Bengi's editor gets the form back: Caritas is not a provider they may choose.
        editorial(302, county_editor=403, bengi_editor=200, observer=403),
        label="for Caritas",
        data=_new_offer_data,
        effect=lambda w, client: Offer.objects.filter(title="Neu angelegt").exists(),
    ),
    Row("editorial:offer_edit", "get", offer_url("offer"), READ_OFFER),
    Row(
        "editorial:offer_edit",
        "get",
        offer_url("county_offer"),
        # Caritas's offer in the Landkreis: its Kassel editor has no role there.
        editorial(404, county_editor=200, administrator=200),
        label="of the other region",
    ),
    Row(
        "editorial:offer_edit",
        "post",
        offer_url("draft"),
        WRITE_OFFER,
        label="a draft",
        data=_offer_edit_data,
        effect=lambda w, client: (
            Offer.objects.get(pk=w.cast.draft.pk).title == "Elterncafé geändert"
        ),
    ),
    Row(
        "editorial:offer_reject",
        "get",
        offer_url("in_review", "ablehnen/"),
        CITY_ONLY | {"city_editor": 200, "region_admin": 200, "administrator": 200},
    ),
    Row(
        "editorial:offer_reject",
        "post",
        offer_url("in_review", "ablehnen/"),
        CITY_ONLY,
        data=lambda w: {"reason": "Bitte ergänzen."},
        effect=lambda w, client: _status(w.in_review) == EditorialStatus.DRAFT,
    ),
    Row("editorial:offer_confirm", "get", offer_url("offer", "bestaetigen/"), POST_ONLY),
    Row(
        "editorial:offer_confirm",
        "post",
        offer_url("offer", "bestaetigen/"),
        WRITE_OFFER,
        effect=lambda w, client: AuditEntry.objects.filter(action="offer.confirm").exists(),
    ),
    Row(
        "editorial:offer_confirm",
        "post",
        offer_url("county_offer", "bestaetigen/"),
        editorial(404, county_editor=302, administrator=302),
        label="of the other region",
        effect=lambda w, client: AuditEntry.objects.filter(action="offer.confirm").exists(),
    ),
    Row("editorial:offer_transition", "get", offer_url("draft", "status/submit/"), POST_ONLY),
    Row(
        "editorial:offer_transition",
        "post",
        offer_url("draft", "status/submit/"),
        WRITE_OFFER,
        label="submit",
        effect=lambda w, client: _status(w.cast.draft) == EditorialStatus.IN_REVIEW,
    ),
    Row(
        "editorial:offer_transition",
        "post",
        offer_url("draft", "status/publish/"),
        CITY_ONLY,
        label="publish",
        effect=lambda w, client: _status(w.cast.draft) == EditorialStatus.PUBLISHED,
    ),
    Row(
        "editorial:offer_transition",
        "post",
        offer_url("offer", "status/archive/"),
        CITY_ONLY,
        label="archive",
        effect=lambda w, client: _status(w.cast.offer) == EditorialStatus.ARCHIVED,
    ),
    Row(
        "editorial:offer_transition",
        "post",
        offer_url("archived", "status/reopen/"),
        CITY_ONLY,
        label="reopen",
        effect=lambda w, client: _status(w.archived) == EditorialStatus.DRAFT,
    ),
    Row("editorial:offer_translation", "get", offer_url("offer", "uebersetzung/en/"), READ_OFFER),
    Row(
        "editorial:offer_translation",
        "post",
        offer_url("draft", "uebersetzung/en/"),
        WRITE_OFFER,
        label="of a draft",
        data=lambda w: {"loaded": "", "title": "Parents' café"},
        effect=lambda w, client: OfferTranslation.objects.filter(
            offer=w.cast.draft, language="en"
        ).exists(),
    ),
    Row("editorial:offer_history", "get", offer_url("offer", "versionen/"), READ_OFFER),
    Row(
        "editorial:offer_version",
        "get",
        lambda w: offer_url("offer", f"versionen/{w.first_version}/")(w),
        READ_OFFER,
    ),
    Row("editorial:offer_restore", "get", restore_url, POST_ONLY),
    Row(
        "editorial:offer_restore",
        "post",
        restore_url,
        WRITE_OFFER,  # the Caritas editor's restore of a published offer becomes a proposal
        effect=lambda w, client: (
            Offer.objects.get(pk=w.cast.offer.pk).schedule == ""
            or Revision.objects.filter(data={"schedule": ""}).exists()
        ),
    ),
    Row(
        "editorial:review",
        "get",
        lambda w: "/staff/redaktion/pruefung/",
        editorial(200, caritas_editor=403, bengi_editor=403),
    ),
    Row(
        "editorial:revision",
        "get",
        lambda w: f"/staff/redaktion/vorschlaege/{w.revision.pk}/",
        editorial(200, county_editor=404, bengi_editor=404),
    ),
    Row(
        "editorial:revision_approve",
        "get",
        lambda w: f"/staff/redaktion/vorschlaege/{w.revision.pk}/uebernehmen/",
        POST_ONLY,
    ),
    Row(
        "editorial:revision_approve",
        "post",
        lambda w: f"/staff/redaktion/vorschlaege/{w.revision.pk}/uebernehmen/",
        CITY_ONLY,
        effect=lambda w, client: Offer.objects.get(pk=w.cast.offer.pk).title == "Vorschlag",
    ),
    Row(
        "editorial:revision_reject",
        "get",
        lambda w: f"/staff/redaktion/vorschlaege/{w.revision.pk}/ablehnen/",
        POST_ONLY,
    ),
    Row(
        "editorial:revision_reject",
        "post",
        lambda w: f"/staff/redaktion/vorschlaege/{w.revision.pk}/ablehnen/",
        CITY_ONLY,
        data=lambda w: {"reason": "Nein."},
        effect=lambda w, client: (
            Revision.objects.get(pk=w.revision.pk).state == Revision.State.REJECTED
        ),
    ),
    Row(
        "editorial:report",
        "get",
        lambda w: f"/staff/redaktion/meldungen/{w.report.pk}/",
        # Reports belong to the region's review queue, not to a provider.
        editorial(200, county_editor=404, caritas_editor=404, bengi_editor=404),
    ),
    Row(
        "editorial:report_handle",
        "get",
        lambda w: f"/staff/redaktion/meldungen/{w.report.pk}/bearbeiten/",
        POST_ONLY,
    ),
    Row(
        "editorial:report_handle",
        "post",
        lambda w: f"/staff/redaktion/meldungen/{w.report.pk}/bearbeiten/",
        CITY_ONLY | {"caritas_editor": 404},
        data=lambda w: {"outcome": "done"},
        effect=lambda w, client: (
            ChangeReport.objects.get(pk=w.report.pk).state != ChangeReport.State.OPEN
        ),
    ),
    Row("editorial:providers", "get", lambda w: "/staff/redaktion/traeger/", editorial(200)),
    Row(
        "editorial:provider_create",
        "get",
        lambda w: "/staff/redaktion/traeger/neu/",
        editorial(200, caritas_editor=403, bengi_editor=403, observer=403),
    ),
    Row(
        "editorial:provider_create",
        "post",
        lambda w: "/staff/redaktion/traeger/neu/",
        # Providers are shared by all regions: any region's city editor creates them.
        editorial(302, caritas_editor=403, bengi_editor=403, observer=403),
        data=lambda w: {
            "name": "Neuer Träger",
            "provider_type": str(w.cast.caritas.provider_type_id),
        },
        effect=lambda w, client: Provider.objects.filter(name="Neuer Träger").exists(),
    ),
    Row(
        "editorial:provider_edit",
        "get",
        provider_url("caritas"),
        editorial(200, bengi_editor=404),
    ),
    Row(
        "editorial:provider_edit",
        "post",
        provider_url("caritas"),
        editorial(302, bengi_editor=404, observer=403),
        data=_provider_edit_data,
        effect=lambda w, client: Provider.objects.get(pk=w.cast.caritas.pk).phone == "0561 99",
    ),
    Row(
        "editorial:provider_translation",
        "get",
        provider_url("caritas", "uebersetzung/en/"),
        editorial(200, bengi_editor=404),
    ),
    Row(
        "editorial:provider_translation",
        "post",
        provider_url("caritas", "uebersetzung/en/"),
        editorial(302, bengi_editor=404, observer=403),
        data=lambda w: {"loaded": "", "description": "Welfare association in Kassel"},
        effect=lambda w, client: ProviderTranslation.objects.filter(
            provider=w.cast.caritas, language="en"
        ).exists(),
    ),
    Row("editorial:provider_action", "get", provider_url("caritas", "aktion/confirm/"), POST_ONLY),
    Row(
        "editorial:provider_action",
        "post",
        provider_url("caritas", "aktion/confirm/"),
        editorial(302, bengi_editor=404, observer=403),
        label="confirm",
        effect=lambda w, client: AuditEntry.objects.filter(action="provider.confirm").exists(),
    ),
    Row(
        "editorial:provider_action",
        "post",
        provider_url("caritas", "aktion/archive/"),
        editorial(302, caritas_editor=403, bengi_editor=404, observer=403),
        label="archive",
        effect=lambda w, client: (
            Provider.objects.get(pk=w.cast.caritas.pk).status == EditorialStatus.ARCHIVED
        ),
    ),
    Row(
        "editorial:provider_action",
        "post",
        provider_url("draft_provider", "aktion/publish/"),
        # A draft provider is nobody's own yet: provider editors do not even see it.
        editorial(302, caritas_editor=404, bengi_editor=404, observer=403),
        label="publish a draft",
        effect=lambda w, client: (
            Provider.objects.get(pk=w.draft_provider.pk).status == EditorialStatus.PUBLISHED
        ),
    ),
    Row(
        "editorial:freshness",
        "get",
        lambda w: "/staff/redaktion/aktualitaet/",
        editorial(200, caritas_editor=403, bengi_editor=403),
    ),
    Row(
        "editorial:audit_log",
        "get",
        lambda w: "/staff/redaktion/protokoll/",
        editorial(200, caritas_editor=403, bengi_editor=403),
    ),
]


# --- Rows: survey rounds (/staff/befragungen/) ---------------------------------------------------


def round_url(path: str = "", attribute: str = "current_round") -> Callable[[World], str]:
    return lambda w: f"/staff/befragungen/{getattr(w, attribute).pk}/{path}"


def invitation_url(path: str = "") -> Callable[[World], str]:
    return lambda w: (
        f"/staff/befragungen/{w.current_round.pk}/traeger/{w.caritas_invitation.pk}/{path}"
    )


def _next_round_data(w: World) -> dict[str, Any]:
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    return {"region": str(w.cast.kassel.pk), "title": "Nachbefragung", "deadline": deadline}


def _nonce_changed(w: World) -> bool:
    current = SurveyInvitation.objects.get(pk=w.caritas_invitation.pk)
    return current.nonce != w.caritas_invitation.nonce


RUN_ROUND = surveys(302, county_editor=404, observer=403)
SURVEY_ROWS = [
    Row("surveys:rounds", "get", lambda w: "/staff/befragungen/", surveys(200)),
    Row(
        "surveys:round_open",
        "get",
        lambda w: "/staff/befragungen/neu/",
        surveys(200, observer=403),
    ),
    Row(
        "surveys:round_open",
        "post",
        lambda w: "/staff/befragungen/neu/",
        # The other region's editor gets the form back: Kassel is not a region they may choose.
        surveys(302, county_editor=200, observer=403),
        label="in Kassel",
        data=_next_round_data,
        prepare=lambda w: survey_actions.close_round(fresh(w.current_round), actor=None),
        effect=lambda w, client: SurveyRound.objects.filter(title="Nachbefragung").exists(),
    ),
    Row("surveys:round", "get", round_url(), surveys(200, county_editor=404)),
    Row(
        "surveys:round",
        "get",
        round_url(attribute="closed_round"),
        surveys(200, county_editor=404),
        label="closed",
    ),
    Row(
        "surveys:round_close",
        "get",
        round_url("abschliessen/"),
        surveys(200, county_editor=404, observer=403),
    ),
    Row(
        "surveys:round_close",
        "post",
        round_url("abschliessen/"),
        RUN_ROUND,
        effect=lambda w, client: not SurveyRound.objects.get(pk=w.current_round.pk).is_open,
    ),
    Row("surveys:round_latecomers", "get", round_url("nachzuegler/"), surveys(405)),
    Row(
        "surveys:round_latecomers",
        "post",
        round_url("nachzuegler/"),
        RUN_ROUND,
        effect=lambda w, client: w.current_round.invitations.filter(
            provider__name="Nachzügler e. V."
        ).exists(),
    ),
    Row(
        "surveys:round_snapshot",
        "get",
        round_url("stand/", attribute="closed_round"),
        surveys(200, county_editor=404),
    ),
    Row(
        "surveys:round_snapshot",
        "get",
        round_url("stand/"),
        surveys(404),  # an open round has no snapshot yet
        label="of the open round",
    ),
    Row("surveys:invitation", "get", invitation_url(), surveys(200, county_editor=404)),
    Row("surveys:invitation_remind", "get", invitation_url("erinnern/"), surveys(405)),
    Row(
        "surveys:invitation_remind",
        "post",
        invitation_url("erinnern/"),
        RUN_ROUND,
        effect=lambda w, client: Reminder.objects.filter(kind="reminder").exists(),
    ),
    Row("surveys:invitation_revoke", "get", invitation_url("sperren/"), surveys(405)),
    Row(
        "surveys:invitation_revoke",
        "post",
        invitation_url("sperren/"),
        RUN_ROUND,
        effect=lambda w, client: (
            SurveyInvitation.objects.get(pk=w.caritas_invitation.pk).revoked_at is not None
        ),
    ),
    Row("surveys:invitation_reissue", "get", invitation_url("neuer-link/"), surveys(405)),
    Row(
        "surveys:invitation_reissue",
        "post",
        invitation_url("neuer-link/"),
        RUN_ROUND,
        effect=lambda w, client: _nonce_changed(w),
    ),
]


# --- Rows: the questionnaire (/befragung/), by kind of link --------------------------------------


@dataclasses.dataclass(frozen=True)
class Link:
    """A kind of personal link: how it is made, who holds it, when it is used."""

    token: Callable[[World], str]
    user: str | None = None
    days_later: int = 0


def _own(w: World) -> str:
    return tokens.make_token(w.caritas_invitation)


def _tampered(w: World) -> str:
    token = _own(w)
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def _replaced(w: World) -> str:
    return signing.dumps({"i": w.caritas_invitation.pk, "n": "frueher"}, salt=tokens.SALT)


def _revoked(w: World) -> str:
    survey_actions.revoke_link(fresh(w.caritas_invitation), actor=None)
    return _own(w)


def _closed(w: World) -> str:
    survey_actions.close_round(fresh(w.current_round), actor=None)
    return _own(w)


LINKS = {
    "own_link": Link(_own),
    "other_provider_link": Link(lambda w: tokens.make_token(w.bengi_invitation)),
    "tampered_link": Link(_tampered),
    "replaced_link": Link(_replaced),
    "revoked_link": Link(_revoked),
    "expired_link": Link(_own, days_later=settings.WEGWEISER_SURVEY_LINK_DAYS + 1),
    "closed_round_link": Link(_closed),
    "superuser_with_tampered_link": Link(_tampered, user="administrator"),
}


def links(own: Status, other: Status) -> dict[str, Status]:
    """Answers by kind of link: the provider's own link, another provider's (Bengi's link with
    Caritas's offers and answers), and links that cannot be used."""
    return {
        "own_link": own,
        "other_provider_link": other,
        "tampered_link": 403,
        "replaced_link": 403,
        "revoked_link": 403,
        "expired_link": 410,
        "closed_round_link": 410,
        "superuser_with_tampered_link": 403,
    }


def questionnaire(path: Callable[[World], str] | str) -> Callable[[World], str]:
    def url(w: World) -> str:
        return f"/befragung/{w.token}/{path(w) if callable(path) else path}"

    return url


def caritas_offer(path: str = "") -> Callable[[World], str]:
    return questionnaire(lambda w: f"angebote/{w.cast.offer.uuid}/{path}")


def new_answer(path: str) -> Callable[[World], str]:
    return questionnaire(lambda w: path.format(pk=w.new_answer.pk))


def _answers_of(invitation: SurveyInvitation) -> list[tuple[Any, ...]]:
    return list(invitation.answers.order_by("pk").values_list("kind", "data", "note"))


QUESTIONNAIRE_ROWS = [
    Row("survey_questionnaire:overview", "get", questionnaire(""), links(200, 200)),
    Row("survey_questionnaire:offer", "get", caritas_offer(), links(200, 404)),
    Row(
        "survey_questionnaire:offer_confirm", "get", caritas_offer("bestaetigen/"), links(405, 405)
    ),
    Row(
        "survey_questionnaire:offer_confirm",
        "post",
        caritas_offer("bestaetigen/"),
        links(302, 404),
    ),
    Row("survey_questionnaire:offer_change", "get", caritas_offer("aendern/"), links(200, 404)),
    Row(
        "survey_questionnaire:offer_change",
        "post",
        caritas_offer("aendern/"),
        links(302, 404),
        data=lambda w: {
            **survey_offer_data(w.caritas_invitation, fresh(w.cast.offer)),
            "title": "Sprachcafé am Abend",
        },
    ),
    Row("survey_questionnaire:offer_end", "get", caritas_offer("beenden/"), links(200, 404)),
    Row(
        "survey_questionnaire:offer_end",
        "post",
        caritas_offer("beenden/"),
        links(302, 404),
        data=lambda w: {"ended_on": "", "note": "Läuft aus."},
    ),
    Row("survey_questionnaire:new_offer", "get", questionnaire("neu/"), links(200, 200)),
    Row(
        "survey_questionnaire:new_offer",
        "post",
        questionnaire("neu/"),
        links(302, 302),  # another provider's link proposes that provider's own new offer
        data=lambda w: {**survey_offer_data(w.caritas_invitation), "title": "Nähcafé"},
    ),
    Row("survey_questionnaire:new_offer_edit", "get", new_answer("neu/{pk}/"), links(200, 404)),
    Row(
        "survey_questionnaire:new_offer_edit",
        "post",
        new_answer("neu/{pk}/"),
        links(302, 404),
        data=lambda w: {**survey_offer_data(w.caritas_invitation), "title": "Lernhilfe"},
    ),
    Row(
        "survey_questionnaire:answer_withdraw",
        "get",
        new_answer("antworten/{pk}/zuruecknehmen/"),
        links(405, 405),
    ),
    Row(
        "survey_questionnaire:answer_withdraw",
        "post",
        new_answer("antworten/{pk}/zuruecknehmen/"),
        links(302, 404),
    ),
    Row("survey_questionnaire:submit", "get", questionnaire("absenden/"), links(200, 200)),
    Row(
        "survey_questionnaire:submit",
        "post",
        questionnaire("absenden/"),
        # Bengi has not answered for its offer yet: the page says so and nothing is sent.
        links(302, 200),
        label="every offer answered",
        prepare=lambda w: survey_actions.answer_offer(
            fresh(w.caritas_invitation), fresh(w.cast.offer), Answer.Kind.CONFIRMED
        ),
    ),
]


# --- Rows: the public forms that change data, and the admin --------------------------------------


def _shortlisted(attribute: str) -> Callable[[World, Client], bool]:
    def effect(w: World, client: Client) -> bool:
        offer = getattr(w.cast, attribute)
        return str(offer.uuid) in client.session.get("wegweiser.shortlist", [])

    return effect


PUBLIC_ROWS = [
    Row(
        "public:report_change",
        "get",
        lambda w: f"/de/angebote/{w.cast.offer.uuid}/aenderung-melden/",
        answers(200),
    ),
    Row(
        "public:report_change",
        "post",
        lambda w: f"/de/angebote/{w.cast.offer.uuid}/aenderung-melden/",
        answers(302),
        label="a published offer",
        data=lambda w: {"message": "Das Café ist jetzt dienstags.", "email": ""},
    ),
    Row(
        "public:report_change",
        "post",
        lambda w: f"/de/angebote/{w.cast.draft.uuid}/aenderung-melden/",
        answers(404),  # a draft is not public, not even for its editors on this page
        label="a draft",
        data=lambda w: {"message": "Das Café ist jetzt dienstags.", "email": ""},
    ),
    Row("public:suggest_offer", "get", lambda w: "/de/angebot-vorschlagen/", answers(200)),
    Row(
        "public:suggest_offer",
        "post",
        lambda w: "/de/angebot-vorschlagen/",
        answers(302),
        data=lambda w: {
            "title": "Schachclub für alle",
            "provider_name": "Schachfreunde Kassel",
            "region": str(w.cast.kassel.pk),
            "website": "",
            "message": "Jeden Freitag.",
            "email": "",
        },
    ),
    Row("public:shortlist", "get", lambda w: "/de/merkliste/", answers(200)),
    Row(
        "public:shortlist",
        "post",
        lambda w: "/de/merkliste/",
        answers(302),
        label="add a published offer",
        data=lambda w: {"action": "add", "offer": str(w.cast.offer.uuid)},
        changes=frozenset(ROLES),
        effect=_shortlisted("offer"),
    ),
    Row(
        "public:shortlist",
        "post",
        lambda w: "/de/merkliste/",
        answers(400),
        label="add a draft",
        data=lambda w: {"action": "add", "offer": str(w.cast.draft.uuid)},
        effect=_shortlisted("draft"),
    ),
    # Django's admin is for superusers only; everyone else is sent to its login.
    Row("admin:index", "get", lambda w: "/admin/", admin_only(200)),
    Row(
        "admin:directory_offer_change",
        "get",
        lambda w: f"/admin/directory/offer/{w.cast.offer.pk}/change/",
        admin_only(200),
    ),
    Row(
        "admin:directory_offer_delete",
        "post",
        lambda w: f"/admin/directory/offer/{w.cast.draft.pk}/delete/",
        admin_only(302),
        data=lambda w: {"post": "yes"},
        effect=lambda w, client: not Offer.objects.filter(pk=w.cast.draft.pk).exists(),
    ),
]


# --- Rows: import and export (/staff/import/) -----------------------------------------------------

IMPORT_HEADER = "angebot_id;traeger;traegerart;titel;bereich;altersgruppen;stadtteile"


def _import_file(w: World) -> bytes:
    """One new offer of Caritas in Kassel."""
    row = f"N-1;{w.cast.caritas.name};;Neu importiert;bildung;kinder;01"
    return f"{IMPORT_HEADER}\r\n{row}\r\n".encode()


def _upload_data(w: World) -> dict[str, Any]:
    upload = SimpleUploadedFile("angebote.csv", _import_file(w), content_type="text/csv")
    # A provider editor's form has no status: a posted one is ignored (drafts only).
    return {"file": upload, "status": EditorialStatus.PUBLISHED}


def _city_editors_preview(w: World) -> str:
    """The preview of an upload by Kassel's city editor (kept on the server)."""
    token = uploads.store(
        _import_file(w),
        user_id=w.cast.city_editor.pk,
        region_id=w.cast.kassel.pk,
        filename="angebote.csv",
        status=EditorialStatus.PUBLISHED,
    )
    return f"/staff/import/stadt-kassel/vorschau/{token}/"


def importers(default: Status, **by_role: Status) -> dict[str, Status]:
    """Importing into Kassel: its city editor and administrators, and its provider editors
    (rows of their own provider only)."""
    door: dict[str, Status] = {"anonymous": LOGIN}
    door.update(dict.fromkeys(("nobody", "county_editor", "statistics", "observer"), 403))
    return answers(default, **{**door, **by_role})


def exporters(default: Status) -> dict[str, Status]:
    """The export of Kassel's published offers: every role in Kassel."""
    return answers(default, anonymous=LOGIN, nobody=403, county_editor=403)


def _imported(w: World, client: Client) -> bool:
    return Offer.objects.filter(title="Neu importiert").exists()


TRANSFER_ROWS = [
    Row(
        "transfer:index",
        "get",
        lambda w: "/staff/import/",
        answers(200, anonymous=LOGIN, nobody=403),
    ),
    Row(
        "transfer:upload",
        "get",
        lambda w: "/staff/import/stadt-kassel/",
        importers(200),
    ),
    Row(
        "transfer:upload",
        "post",
        lambda w: "/staff/import/stadt-kassel/",
        # Checked and kept for the preview, nothing written yet. Bengi's editor gets the
        # problems listed: the row belongs to another provider.
        importers(302, bengi_editor=200),
        label="a new offer of Caritas",
        data=_upload_data,
        changes=frozenset(),
        effect=_imported,
    ),
    Row(
        "transfer:preview",
        "get",
        _city_editors_preview,
        # The preview belongs to whoever uploaded: for anyone else it is gone (410).
        importers(410, city_editor=200),
        label="of the city editor's upload",
    ),
    Row(
        "transfer:preview",
        "post",
        _city_editors_preview,
        importers(410, city_editor=200),
        label="confirm the city editor's upload",
        changes=frozenset({"city_editor"}),
        effect=_imported,
    ),
    Row(
        "transfer:download",
        "get",
        lambda w: "/staff/import/stadt-kassel/angebote.csv",
        exporters(200),
    ),
    Row(
        "transfer:template",
        "get",
        lambda w: "/staff/import/stadt-kassel/vorlage.csv",
        exporters(200),
    ),
    Row(
        "transfer:download",
        "get",
        lambda w: "/staff/import/stadt-kassel/angebote.xlsx",
        exporters(200),
        label="xlsx",
    ),
    Row(
        "transfer:template",
        "get",
        lambda w: "/staff/import/stadt-kassel/vorlage.xlsx",
        exporters(200),
        label="xlsx",
    ),
    Row(
        "transfer:upload",
        "get",
        lambda w: "/staff/import/nirgendwo/",
        answers(404, anonymous=LOGIN),
        label="of an unknown region",
    ),
]


# --- Rows: statistics and reports (/staff/berichte/) ----------------------------------------------


def reporters(default: Status, **by_role: Status) -> dict[str, Status]:
    """The reports of Kassel: its city editor, statistics office, observer and administrators.
    Provider editors and users without a role get 403; the Landkreis's city editor, who reports
    on the Landkreis, asks for Kassel (``?region=stadt-kassel``) and gets 404."""
    door: dict[str, Status] = {"anonymous": LOGIN, "county_editor": 404}
    door.update(dict.fromkeys(("nobody", "caritas_editor", "bengi_editor"), 403))
    return answers(default, **{**door, **by_role})


def quality_readers(default: Status, **by_role: Status) -> dict[str, Status]:
    """The data-quality report names unpublished entries: not for the statistics office."""
    return reporters(default, **{"statistics": 403, **by_role})


def berichte(path: str = "", query: str = "") -> Callable[[World], str]:
    return lambda w: f"/staff/berichte/{path}?region=stadt-kassel" + (f"&{query}" if query else "")


TABLE = "rows=area&cols=language&f_gender=frauen"
REPORT_ROWS = [
    Row("reports:crosstab", "get", berichte(), reporters(200)),
    Row("reports:crosstab", "get", berichte(query=TABLE), reporters(200), label="a table"),
    Row(
        "reports:crosstab",
        "get",
        berichte(query=f"{TABLE}&compare=2024-01-01"),
        reporters(200),
        label="compared with a date",
    ),
    *(
        Row(
            "reports:crosstab",
            "get",
            berichte(query=f"{TABLE}&format={fmt}"),
            reporters(200),
            label=fmt,
        )
        for fmt in ("csv", "xlsx", "pdf")
    ),
    Row(
        "reports:crosstab",
        "get",
        lambda w: berichte(query=f"{TABLE}&round={w.closed_round.pk}&compare=2024-01-01")(w),
        reporters(200),
        label="of the closed survey round, compared with a date",
    ),
    Row(
        "reports:crosstab",
        "get",
        berichte(query="rows=area&cols=area"),
        reporters(400),
        label="bad input",
    ),
    Row(
        "reports:crosstab",
        "get",
        lambda w: "/staff/berichte/?region=nirgendwo&rows=area",
        reporters(404),
        label="of an unknown region",
    ),
    Row("reports:crosstab", "post", berichte(query="rows=area"), answers(405)),
    Row("reports:council", "get", berichte("gemeinderat/"), reporters(200)),
    *(
        Row(
            "reports:council_download",
            "get",
            berichte(f"gemeinderat/bericht.{fmt}"),
            reporters(200),
            label=fmt,
        )
        for fmt in ("pdf", "xlsx", "html")
    ),
    Row(
        "reports:council_download",
        "get",
        berichte("gemeinderat/bericht.docx"),
        reporters(404),
        label="an unknown format",
    ),
    Row("reports:survey_2008", "get", berichte("befragung-2008/"), reporters(200)),
    Row("reports:quality", "get", berichte("datenqualitaet/"), quality_readers(200)),
    Row("reports:quality", "post", berichte("datenqualitaet/"), answers(405)),
]


# --- Rows: the integration concept (/staff/konzept/) -------------------------------------------


def concept_pages(default: Status, **by_role: Status) -> dict[str, Status]:
    """Kassel's concept: its city editors and administrators edit, its observer reads; other
    regions' editors and the providers' editors do not find it; no concept role: 403."""
    door: dict[str, Status] = {"anonymous": LOGIN, "nobody": 403, "statistics": 403}
    door.update(dict.fromkeys(("county_editor", "caritas_editor", "bengi_editor"), 404))
    return answers(default, **{**door, **by_role})


READ_CONCEPT = concept_pages(200)
WRITE_CONCEPT = concept_pages(302, observer=403)
CREATE_IN_CONCEPT = concept_pages(200, observer=403)
POST_ONLY_CONCEPT = answers(405, anonymous=LOGIN, nobody=403, statistics=403)


def concept_of(kind: str) -> Callable[[World], Any]:
    models_by_kind: dict[str, Any] = {
        "concept": Concept,
        "field": FieldOfAction,
        "goal": Goal,
        "indicator": GoalIndicator,
        "measure": Measure,
        "commitment": SelfCommitment,
    }
    return lambda w: models_by_kind[kind]._default_manager.order_by("pk").first()


def concept_url(kind: str, path: str) -> Callable[[World], str]:
    return lambda w: f"/staff/konzept/{path.format(pk=concept_of(kind)(w).pk)}"


CONCEPT_ROWS = [
    Row(
        "concept:concepts",
        "get",
        lambda w: "/staff/konzept/",
        concept_pages(200, county_editor=200, caritas_editor=200, bengi_editor=200),
    ),
    Row(
        "concept:concept_create",
        "get",
        lambda w: "/staff/konzept/neu/",
        concept_pages(200, county_editor=200, caritas_editor=403, bengi_editor=403, observer=403),
    ),
    Row(
        "concept:concept_create",
        "post",
        lambda w: "/staff/konzept/neu/",
        # The Landkreis's editor cannot choose Kassel: the form says so, nothing is created.
        concept_pages(302, county_editor=200, caritas_editor=403, bengi_editor=403, observer=403),
        data=lambda w: {"region": w.cast.kassel.pk, "title": "Fortschreibung 2030"},
        effect=lambda w, client: Concept.objects.filter(title="Fortschreibung 2030").exists(),
    ),
    Row("concept:concept", "get", concept_url("concept", "{pk}/"), READ_CONCEPT),
    Row(
        "concept:concept",
        "post",
        concept_url("concept", "{pk}/"),
        WRITE_CONCEPT,
        data=lambda w: {
            **form_data(ConceptForm(instance=concept_of("concept")(w))),
            "title": "Konzept 2011",
        },
        effect=lambda w, client: Concept.objects.filter(title="Konzept 2011").exists(),
    ),
    Row(
        "concept:concept_continue",
        "get",
        concept_url("concept", "{pk}/fortschreiben/"),
        POST_ONLY_CONCEPT,
    ),
    Row(
        "concept:concept_continue",
        "post",
        concept_url("concept", "{pk}/fortschreiben/"),
        WRITE_CONCEPT,
        effect=lambda w, client: Concept.objects.filter(version=2).exists(),
    ),
    Row(
        "concept:field_create",
        "get",
        concept_url("concept", "{pk}/handlungsfelder/neu/"),
        CREATE_IN_CONCEPT,
    ),
    Row(
        "concept:field_create",
        "post",
        concept_url("concept", "{pk}/handlungsfelder/neu/"),
        WRITE_CONCEPT,
        data=lambda w: {"title": "Arbeit", "description": "", "position": "1", "edit_lock": ""},
        effect=lambda w, client: FieldOfAction.objects.filter(title="Arbeit").exists(),
    ),
    Row("concept:field", "get", concept_url("field", "handlungsfelder/{pk}/"), READ_CONCEPT),
    Row(
        "concept:field",
        "post",
        concept_url("field", "handlungsfelder/{pk}/"),
        WRITE_CONCEPT,
        data=lambda w: {
            **form_data(FieldOfActionForm(instance=concept_of("field")(w))),
            "title": "Sprache und Bildung",
        },
        effect=lambda w, client: FieldOfAction.objects.filter(title="Sprache und Bildung").exists(),
    ),
    Row(
        "concept:goal_create",
        "get",
        concept_url("field", "handlungsfelder/{pk}/ziele/neu/"),
        CREATE_IN_CONCEPT,
    ),
    Row(
        "concept:goal_create",
        "post",
        concept_url("field", "handlungsfelder/{pk}/ziele/neu/"),
        WRITE_CONCEPT,
        data=lambda w: {"title": "Kitas", "description": "", "position": "0", "edit_lock": ""},
        effect=lambda w, client: Goal.objects.filter(title="Kitas").exists(),
    ),
    Row("concept:goal", "get", concept_url("goal", "ziele/{pk}/"), READ_CONCEPT),
    Row(
        "concept:goal",
        "post",
        concept_url("goal", "ziele/{pk}/"),
        WRITE_CONCEPT,
        data=lambda w: {
            **form_data(GoalForm(instance=concept_of("goal")(w))),
            "title": "Viel mehr Sprachkurse",
        },
        effect=lambda w, client: Goal.objects.filter(title="Viel mehr Sprachkurse").exists(),
    ),
    Row(
        "concept:indicator_create",
        "get",
        concept_url("goal", "ziele/{pk}/indikatoren/neu/"),
        CREATE_IN_CONCEPT,
    ),
    Row(
        "concept:indicator_create",
        "post",
        concept_url("goal", "ziele/{pk}/indikatoren/neu/"),
        WRITE_CONCEPT,
        data=lambda w: {
            "label": "Anteil",
            "source": "external",
            "code": "ext_anteil",
            "gebiet": "00",
            "offer_filters": "",
            "unit": "%",
            "baseline_value": "2.1",
            "baseline_date": "2010-01-01",
            "target_value": "10",
            "target_date": "2030-01-01",
            "direction": "increase",
            "position": "1",
            "edit_lock": "",
        },
        effect=lambda w, client: GoalIndicator.objects.filter(code="ext_anteil").exists(),
    ),
    Row("concept:indicator", "get", concept_url("indicator", "indikatoren/{pk}/"), READ_CONCEPT),
    Row(
        "concept:indicator",
        "post",
        concept_url("indicator", "indikatoren/{pk}/"),
        WRITE_CONCEPT,
        data=lambda w: {
            **form_data(IndicatorForm(instance=concept_of("indicator")(w))),
            "label": "Sprachkurse",
        },
        effect=lambda w, client: GoalIndicator.objects.filter(label="Sprachkurse").exists(),
    ),
    Row(
        "concept:measure_create",
        "get",
        concept_url("goal", "ziele/{pk}/massnahmen/neu/"),
        CREATE_IN_CONCEPT,
    ),
    Row(
        "concept:measure_create",
        "post",
        concept_url("goal", "ziele/{pk}/massnahmen/neu/"),
        WRITE_CONCEPT,
        data=lambda w: {
            "title": "Kursbörse",
            "responsible_office": "Zukunftsbüro",
            "state": "planned",
            "position": "1",
            "edit_lock": "",
        },
        effect=lambda w, client: Measure.objects.filter(title="Kursbörse").exists(),
    ),
    # Caritas, responsible for the measure, is sent on to its report form.
    Row(
        "concept:measure",
        "get",
        concept_url("measure", "massnahmen/{pk}/"),
        concept_pages(200, caritas_editor=302),
    ),
    Row(
        "concept:measure",
        "post",
        concept_url("measure", "massnahmen/{pk}/"),
        concept_pages(302, observer=403, caritas_editor=302),
        changes=frozenset(CITY_EDITORS),
        data=lambda w: {
            **form_data(MeasureForm(instance=concept_of("measure")(w), region=w.cast.kassel)),
            "state": "running",
        },
        effect=lambda w, client: Measure.objects.filter(state="running").exists(),
    ),
    Row(
        "concept:measure_report",
        "get",
        concept_url("measure", "massnahmen/{pk}/bericht/"),
        concept_pages(200, observer=403, caritas_editor=200),
    ),
    Row(
        "concept:measure_report",
        "post",
        concept_url("measure", "massnahmen/{pk}/bericht/"),
        concept_pages(302, observer=403, caritas_editor=302),
        data=lambda w: {"date": "2024-05-01", "text": "Zwei neue Gruppen."},
        effect=lambda w, client: MeasureUpdate.objects.filter(text="Zwei neue Gruppen.").exists(),
    ),
    Row(
        "concept:measure_link",
        "get",
        concept_url("measure", "massnahmen/{pk}/link/"),
        POST_ONLY_CONCEPT,
    ),
    Row(
        "concept:measure_link",
        "post",
        concept_url("measure", "massnahmen/{pk}/link/"),
        WRITE_CONCEPT,
        effect=lambda w, client: Measure.objects.exclude(link_nonce="").exists(),
    ),
    Row(
        "concept:commitment_create",
        "get",
        concept_url("goal", "ziele/{pk}/verpflichtungen/neu/"),
        CREATE_IN_CONCEPT,
    ),
    Row(
        "concept:commitment_create",
        "post",
        concept_url("goal", "ziele/{pk}/verpflichtungen/neu/"),
        WRITE_CONCEPT,
        data=lambda w: {
            "actor_name": "Sportjugend Hessen",
            "statement": "Wir bilden aus.",
            "date": "2013-01-01",
            "state": "active",
            "report": "",
            "edit_lock": "",
        },
        effect=lambda w, client: SelfCommitment.objects.filter(
            actor_name="Sportjugend Hessen"
        ).exists(),
    ),
    # Caritas, who made the commitment, reports on it (state and report only).
    Row(
        "concept:commitment",
        "get",
        concept_url("commitment", "verpflichtungen/{pk}/"),
        concept_pages(200, caritas_editor=200),
    ),
    Row(
        "concept:commitment",
        "post",
        concept_url("commitment", "verpflichtungen/{pk}/"),
        concept_pages(302, observer=403, caritas_editor=302),
        data=lambda w: {
            **form_data(CommitmentForm(instance=concept_of("commitment")(w), region=w.cast.kassel)),
            "state": "fulfilled",
            "report": "Erfüllt.",
        },
        effect=lambda w, client: SelfCommitment.objects.filter(
            state="fulfilled", report="Erfüllt."
        ).exists(),
    ),
]


# --- Rows: external indicators of the monitoring (/staff/monitoring/extern/) ---------------------

EXTERNAL_FILE = (
    b"stichtag;gebiet;indikator;zaehler;nenner\r\n30.06.2010;00;ext_personal_mh_anteil;61;2905\r\n"
)


def monitoring_runners(default: Status, **by_role: Status) -> dict[str, Status]:
    """The statistics office and the administrators of Kassel; nobody else (403)."""
    door: dict[str, Status] = {"anonymous": LOGIN}
    door.update(dict.fromkeys(("statistics", "region_admin", "administrator"), default))
    return answers(403, **{**door, **by_role})


def _external_upload(w: World) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("personal.csv", EXTERNAL_FILE, content_type="text/csv")}


def _statistics_preview(w: World) -> dict[str, Any]:
    """The preview of the statistics office's upload, as its page posts it back."""
    token = external_previews.sign(
        EXTERNAL_FILE,
        filename="personal.csv",
        user_id=w.cast.statistics.pk,
        region_id=w.cast.kassel.pk,
    )
    return {"token": token}


def _external_published(w: World, client: Client) -> bool:
    return IndicatorValue.objects.filter(indikator="ext_personal_mh_anteil").exists()


EXTERNAL_ROWS = [
    Row(
        "monitoring_external:index",
        "get",
        lambda w: "/staff/monitoring/extern/",
        # One region: straight to its upload page; the superuser chooses among both.
        monitoring_runners(302, administrator=200),
    ),
    Row(
        "monitoring_external:upload",
        "get",
        lambda w: "/staff/monitoring/extern/stadt-kassel/",
        monitoring_runners(200),
    ),
    Row(
        "monitoring_external:upload",
        "post",
        lambda w: "/staff/monitoring/extern/stadt-kassel/",
        monitoring_runners(200),  # checked and shown as a preview, nothing written yet
        label="a file of the personnel office",
        data=_external_upload,
        changes=frozenset(),
        effect=_external_published,
    ),
    Row(
        "monitoring_external:upload",
        "get",
        lambda w: "/staff/monitoring/extern/nirgendwo/",
        answers(404, anonymous=LOGIN),
        label="of an unknown region",
    ),
    Row(
        "monitoring_external:publish",
        "get",
        lambda w: "/staff/monitoring/extern/stadt-kassel/veroeffentlichen/",
        answers(405, anonymous=LOGIN),
    ),
    Row(
        "monitoring_external:publish",
        "post",
        lambda w: "/staff/monitoring/extern/stadt-kassel/veroeffentlichen/",
        # The preview belongs to whoever uploaded: for anyone else it is gone (410).
        monitoring_runners(410, statistics=302),
        label="the statistics office's preview",
        data=_statistics_preview,
        effect=_external_published,
    ),
    Row(
        "monitoring_external:publish",
        "post",
        lambda w: "/staff/monitoring/extern/landkreis-kassel/veroeffentlichen/",
        # Made for Kassel: the Landkreis's administrator cannot publish it there.
        monitoring_runners(403, administrator=410),
        label="the preview posted to another region",
        data=_statistics_preview,
        effect=_external_published,
    ),
]


# --- Rows: integration monitoring (/staff/monitoring/) ---------------------------------------------


def monitoring_readers(default: Status, **by_role: Status) -> dict[str, Status]:
    """The monitoring's staff pages: the statistics office, observers and administrators of the
    region; editors of any kind have no business there."""
    door: dict[str, Status] = {"anonymous": LOGIN}
    door.update(
        dict.fromkeys(
            ("nobody", "city_editor", "county_editor", "caritas_editor", "bengi_editor"), 403
        )
    )
    return answers(default, **{**door, **by_role})


def _published_monitoring(w: World) -> None:
    """A published reference date in both regions (what ``monitoring_run --publish`` stores)."""
    from wegweiser.monitoring.models import IndicatorValue

    for region in (w.cast.kassel, w.cast.landkreis):
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(region=region, stichtag=datetime.date(2024, 12, 31), gebiet=gebiet,
                               indikator=indikator, zaehler=zaehler, nenner=nenner, wert=wert,
                               status=status)
                for gebiet, indikator, zaehler, nenner, wert, status in (
                    ("00", "ew", 230, None, "230", "ok"),
                    ("00", "mh_anteil", 77, 230, "33.5", "ok"),
                    ("01", "ew", 200, None, "200", "ok"),
                    ("01", "mh_anteil", None, 200, "", "gesperrt"),
                )
            ]
        )  # fmt: skip


MONITORING_REPORT = "/staff/monitoring/stadt-kassel/2024-12-31/"
MONITORING_ROWS = [
    Row(
        "monitoring:overview",
        "get",
        lambda w: "/staff/monitoring/",
        monitoring_readers(200),
        prepare=_published_monitoring,
    ),
    Row(
        "monitoring:report",
        "get",
        lambda w: MONITORING_REPORT,
        monitoring_readers(200),
        prepare=_published_monitoring,
    ),
    Row(
        "monitoring:report",
        "get",
        lambda w: "/staff/monitoring/landkreis-kassel/2024-12-31/",
        monitoring_readers(403, administrator=200),
        label="of the Landkreis",
        prepare=_published_monitoring,
    ),
    Row(
        "monitoring:report",
        "get",
        lambda w: "/staff/monitoring/stadt-kassel/2019-12-31/",
        monitoring_readers(404),
        label="of a date not published",
        prepare=_published_monitoring,
    ),
    Row(
        "monitoring:report_download",
        "get",
        lambda w: f"{MONITORING_REPORT}bericht.pdf",
        monitoring_readers(200),
        label="PDF",
        prepare=_published_monitoring,
    ),
    Row(
        "monitoring:report_download",
        "get",
        lambda w: f"{MONITORING_REPORT}bericht.xlsx",
        monitoring_readers(200),
        label="XLSX",
        prepare=_published_monitoring,
    ),
    Row(
        "monitoring:report_download",
        "get",
        lambda w: "/staff/monitoring/landkreis-kassel/2024-12-31/bericht.xlsx",
        monitoring_readers(403, administrator=200),
        label="XLSX of the Landkreis",
        prepare=_published_monitoring,
    ),
    Row(
        "monitoring:overview",
        "post",
        lambda w: "/staff/monitoring/",
        answers(405),
        label="nothing to post",
        prepare=_published_monitoring,
    ),
]


# --- Rows: the concept's consultation and progress report (/staff/konzept/beteiligung/) ---------
# Each visit first opens a consultation on Kassel's concept (``open_consultation``: a draft
# Fortschreibung in consultation, a pending comment with the commenter's address, an approved one).


def _open_consultation(w: World) -> object:
    return open_consultation(w.cast.kassel)


def _consultation_url(path: str = "") -> Callable[[World], str]:
    def url(w: World) -> str:
        concept = Concept.objects.get(title="Fortschreibung 2026")
        return f"/staff/konzept/beteiligung/{concept.pk}/{path}"

    return url


def _comment_url(action: str) -> Callable[[World], str]:
    def url(w: World) -> str:
        comment = Comment.objects.get(text="Auch die Tagespflege!")
        return f"/staff/konzept/beteiligung/kommentare/{comment.pk}/{action}/"

    return url


def _goal_page(w: World) -> str:
    concept = Concept.objects.get(title="Fortschreibung 2026")
    goal = concept.action_fields.get().goals.get()
    return f"/de/integrationskonzept/stadt-kassel/beteiligung/ziele/{goal.pk}/"


def concept_readers(default: Status, **by_role: Status) -> dict[str, Status]:
    """Kassel's consultation and report: its city editor, observer and administrators; the
    Landkreis's city editor does not find them (404); no one else (403)."""
    door: dict[str, Status] = {"anonymous": LOGIN, "county_editor": 404}
    door.update(dict.fromkeys(("nobody", "caritas_editor", "bengi_editor", "statistics"), 403))
    return answers(default, **{**door, **by_role})


MODERATE = concept_readers(302, observer=403)
COMMENT = {"message": "Mehr Sprachkurse am Abend.", "name": "", "email": ""}
CONSULTATION_ROWS = [
    Row(
        "concept_consultation:index",
        "get",
        lambda w: "/staff/konzept/beteiligung/",
        concept_readers(200, county_editor=200),
        prepare=_open_consultation,
    ),
    Row(
        "concept_consultation:queue",
        "get",
        _consultation_url(),
        concept_readers(200),
        prepare=_open_consultation,
    ),
    Row(
        "concept_consultation:summary",
        "get",
        _consultation_url("zusammenfassung/"),
        concept_readers(200),
        prepare=_open_consultation,
    ),
    Row(
        "concept_consultation:summary_download",
        "get",
        lambda w: _consultation_url()(w).rstrip("/") + "/zusammenfassung.csv",
        concept_readers(200),
        prepare=_open_consultation,
    ),
    Row(
        "concept_consultation:summary_download",
        "get",
        lambda w: _consultation_url()(w).rstrip("/") + "/zusammenfassung.xlsx",
        concept_readers(200),
        label="xlsx",
        prepare=_open_consultation,
    ),
    Row(
        "concept_consultation:approve",
        "get",
        _comment_url("freigeben"),
        answers(405),
        prepare=_open_consultation,
    ),
    Row(
        "concept_consultation:approve",
        "post",
        _comment_url("freigeben"),
        MODERATE,
        prepare=_open_consultation,
    ),
    Row(
        "concept_consultation:reject",
        "get",
        _comment_url("ablehnen"),
        answers(405),
        prepare=_open_consultation,
    ),
    Row(
        "concept_consultation:reject",
        "post",
        _comment_url("ablehnen"),
        MODERATE,
        prepare=_open_consultation,
    ),
    Row(
        "concept_consultation:report",
        "get",
        lambda w: "/staff/konzept/beteiligung/bericht/",
        concept_readers(200, county_editor=200),
    ),
    Row(
        "concept_consultation:report_download",
        "get",
        lambda w: "/staff/konzept/beteiligung/bericht/datei/?region=stadt-kassel&format=html",
        concept_readers(200),
        prepare=_open_consultation,
    ),
    # The public consultation: anyone comments while it is open.
    Row(
        "public:concept_consultation",
        "get",
        lambda w: "/de/integrationskonzept/stadt-kassel/beteiligung/",
        answers(200),
        prepare=_open_consultation,
    ),
    Row(
        "public:concept_consultation",
        "post",
        lambda w: "/de/integrationskonzept/stadt-kassel/beteiligung/",
        answers(302),
        data=lambda w: COMMENT,
        prepare=_open_consultation,
    ),
    Row(
        "public:concept_consultation_goal",
        "post",
        _goal_page,
        answers(302),
        data=lambda w: COMMENT,
        prepare=_open_consultation,
    ),
    Row(
        "public:concept_consultation_goal",
        "get",
        _goal_page,
        answers(200),
        prepare=_open_consultation,
    ),
]


ROWS = [
    *ACCOUNT_ROWS,
    *EDITORIAL_ROWS,
    *SURVEY_ROWS,
    *QUESTIONNAIRE_ROWS,
    *PUBLIC_ROWS,
    *TRANSFER_ROWS,
    *REPORT_ROWS,
    *CONCEPT_ROWS,
    *EXTERNAL_ROWS,
    *MONITORING_ROWS,
    *CONSULTATION_ROWS,
]


# --- Running the table -------------------------------------------------------------------------


def outcome(response: HttpResponse) -> Status:
    if response.status_code == 302 and response["Location"].startswith(LOGIN_PAGES):
        return LOGIN
    return response.status_code


def personal_link(w: World) -> str:
    """The part of Caritas's personal link that every signed copy shares (the signed payload;
    the time stamp and signature differ)."""
    return tokens.make_token(w.caritas_invitation).split(":")[0]


# What a page may show only to some: the marker found in the page, and who may see it.
PERSONAL: dict[str, tuple[Callable[[World], str], frozenset[str]]] = {
    # Observers read everything but the personal data of readers who reported a change.
    "the reporter's address": (lambda w: REPORTER, CITY_EDITORS),
    # IP addresses in the audit log: the city's editors of the entry's region.
    "a staff member's IP address": (lambda w: STAFF_ADDRESS, CITY_EDITORS),
    # Whoever holds the link answers for the provider: shown only to who runs the round.
    "Caritas's personal link": (personal_link, CITY_EDITORS),
    # A commenter's address in a consultation: who moderates (until moderation deletes it).
    "a commenter's address": (lambda w: COMMENTER, CITY_EDITORS),
}


@dataclasses.dataclass
class Visit:
    status: Status
    changed: bool
    shown: set[str]  # which of PERSONAL the page shows


def visit(world: World, row: Row, role: str) -> Visit:
    """One role's request; whether it changed anything is the row's ``effect`` where it has
    one, else any difference in ``snapshot``. Runs in the caller's savepoint."""
    cache.clear()  # e.g. the public forms' rate limit
    mail.outbox = []
    if row.prepare is not None:
        row.prepare(world)
    link = LINKS.get(role)
    user_role = role if link is None else link.user
    user = world.users()[user_role] if user_role is not None else None
    if link is not None:
        world.token = link.token(world)
    client = Client()
    if user is not None:
        client.force_login(fresh(user))
    data = row.data(world)
    url = row.url(world)
    compared = row.method == "post" or refused(row.expect[role])
    before = snapshot() if compared else None
    later = (
        time_machine.travel(timezone.now() + datetime.timedelta(days=link.days_later))
        if link is not None and link.days_later
        else contextlib.nullcontext()
    )
    with later:
        response = getattr(client, row.method)(url, data)
    changed = compared and snapshot() != before
    if row.effect is not None:
        effect = row.effect(world, client)
        changed = effect if role in row.changing_roles() else (changed or effect)
    shown = set()
    if response.status_code == 200 and not getattr(response, "streaming", False):
        shown = {name for name, (marker, _) in PERSONAL.items() if marker(world) in page(response)}
    return Visit(outcome(response), changed, shown)


def page(response: Any) -> str:
    return response.content.decode(errors="replace")


def run(world: World, row: Row) -> dict[str, Visit]:
    visits = {}
    for role in row.expect:
        with transaction.atomic():
            visits[role] = visit(world, row, role)
            transaction.set_rollback(True)
    return visits


def refused(status: Status) -> bool:
    return status not in (200, 302)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_every_url_answers_every_role_as_the_table_says(world, row: Row) -> None:
    if row.requires and row.name not in url_names():
        pytest.skip(f"TODO: {row.name} comes with the branch {row.requires}, not merged yet")
    visits = run(world, row)

    assert {role: v.status for role, v in visits.items()} == dict(row.expect)
    # A POST changes data exactly for the roles listed; a refused GET changes nothing either.
    checked = [
        role for role, status in row.expect.items() if row.method == "post" or refused(status)
    ]
    expected = {role: role in row.changing_roles() for role in checked}
    assert {role: visits[role].changed for role in checked} == expected
    if row.name.startswith("survey_questionnaire:"):
        return  # the link holder's own pages
    shown = {
        name: {role for role, visit in visits.items() if name in visit.shown} for name in PERSONAL
    }
    assert shown == {name: shown[name] & readers for name, (_, readers) in PERSONAL.items()}


# --- Completeness: every URL has its rows ---------------------------------------------------------

PREFIXES = ("staff/", "befragung/")
PUBLIC_FORMS = {"public:report_change", "public:suggest_offer", "public:shortlist"}


def url_names() -> dict[str, str]:
    """Every named URL pattern: ``namespace:name`` → its route."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.setdefault(f"{namespace}{pattern.name}", route)

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_of_the_staff_pages_and_the_questionnaire_is_in_the_table() -> None:
    names = url_names()
    covered = {row.name for row in ROWS}
    with_get = {row.name for row in ROWS if row.method == "get"}
    required = {name for name, route in names.items() if route.startswith(PREFIXES)}
    required |= PUBLIC_FORMS
    missing = sorted(required - covered)
    assert not missing, f"URLs without rows in the role × URL table: {missing}"
    without_get = sorted(required - with_get)
    assert not without_get, f"URLs without a GET row: {without_get}"
    waiting = {row.name for row in ROWS if row.requires}
    unknown = sorted(covered - set(names) - waiting)
    assert not unknown, f"rows for URLs that do not exist: {unknown}"


def test_the_table_lists_every_role_in_every_row() -> None:
    for row in ROWS:
        roles = set(LINKS) if row.name.startswith("survey_questionnaire:") else set(ROLES)
        assert set(row.expect) == roles, row.id


def test_rows_waiting_for_a_branch_are_reported() -> None:
    names = url_names()
    waiting = sorted({row.requires for row in ROWS if row.requires and row.name not in names})
    if waiting:
        pytest.skip(f"TODO: the rows of the branch(es) {waiting} run once they are merged")


# --- Mass assignment: what a form does not offer cannot be posted ---------------------------------
# The forms carry neither the status nor the region; the lead provider is narrowed to the user's
# own. Each test runs in a savepoint of the shared world.

HIJACK = {"status": EditorialStatus.PUBLISHED, "verified_at": "2000-01-01", "lock_version": "999"}


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(fresh(user))
    return client


def _offers_titled(title: str) -> list[tuple[Any, ...]]:
    return list(
        Offer.objects.filter(title=title).values_list("status", "region", "provider", "external_id")
    )


def test_a_provider_editor_creates_only_drafts_of_their_own_provider_in_their_region(world) -> None:
    cast = world.cast
    client = client_of(cast.caritas_editor)
    data = {
        **_new_offer_data(world),
        **HIJACK,
        "region": str(cast.landkreis.pk),
        "external_id": "gekapert",
    }

    response = client.post("/staff/redaktion/angebote/neu/stadt-kassel/", data)

    assert response.status_code == 302
    assert _offers_titled("Neu angelegt") == [
        (EditorialStatus.DRAFT, cast.kassel.pk, cast.caritas.pk, "")
    ]

    for provider in (cast.bengi, world.draft_provider):
        data.update(provider=str(provider.pk), title=f"Für {provider.name}")
        response = client.post("/staff/redaktion/angebote/neu/stadt-kassel/", data)
        assert response.status_code == 200
        assert "Bitte eine gültige Auswahl treffen." in response.content.decode()
        assert not Offer.objects.filter(title=f"Für {provider.name}").exists()

    data.update(provider=str(cast.caritas.pk), title="Im Landkreis")
    response = client.post("/staff/redaktion/angebote/neu/landkreis-kassel/", data)
    assert response.status_code == 403
    assert not Offer.objects.filter(title="Im Landkreis").exists()


def test_a_provider_editors_change_of_a_draft_ignores_status_region_and_key(world) -> None:
    cast = world.cast
    client = client_of(cast.caritas_editor)
    draft = fresh(cast.draft)
    versions = draft.history.count()
    form = OfferForm(instance=draft, user=cast.caritas_editor, region=cast.kassel)
    data = {
        **form_data(form),
        **HIJACK,
        "region": str(cast.landkreis.pk),
        "external_id": "gekapert",
    }

    response = client.post(offer_url("draft")(world), data)

    # Nothing the form knows changed, so nothing is saved; the extra fields are ignored.
    assert response.status_code == 302
    assert _offers_titled("Elterncafé") == [
        (EditorialStatus.DRAFT, cast.kassel.pk, cast.caritas.pk, "")
    ]
    assert draft.history.count() == versions

    data["provider"] = str(cast.bengi.pk)
    assert client.post(offer_url("draft")(world), data).status_code == 200
    assert fresh(draft).provider_id == cast.caritas.pk


def test_a_provider_editors_change_of_a_published_offer_proposes_only_form_fields(world) -> None:
    cast = world.cast
    client = client_of(cast.caritas_editor)
    offer = fresh(cast.offer)
    form = OfferForm(instance=offer, user=cast.caritas_editor, region=cast.kassel)
    data = {
        **form_data(form),
        **HIJACK,
        "status": EditorialStatus.ARCHIVED,
        "region": str(cast.landkreis.pk),
        "title": "Sprachcafé am Abend",
    }

    response = client.post(offer_url("offer")(world), {**data, "provider": str(cast.bengi.pk)})
    assert response.status_code == 200
    assert not Revision.objects.filter(data__title="Sprachcafé am Abend").exists()

    response = client.post(offer_url("offer")(world), data)

    assert response.status_code == 302
    proposal = Revision.objects.get(state=Revision.State.PENDING, author=cast.caritas_editor)
    assert proposal.data == {"title": "Sprachcafé am Abend"}
    assert _offers_titled("Sprachcafé") == [
        (EditorialStatus.PUBLISHED, cast.kassel.pk, cast.caritas.pk, "")
    ]


def test_a_provider_editor_cannot_publish_in_bulk(world) -> None:
    cast = world.cast
    response = client_of(cast.caritas_editor).post(
        "/staff/redaktion/angebote/sammelaktion/",
        {"action": "publish", "offers": [str(cast.draft.uuid), str(world.in_review.uuid)]},
    )
    assert response.status_code == 403
    assert (_status(cast.draft), _status(world.in_review)) == (
        EditorialStatus.DRAFT,
        EditorialStatus.IN_REVIEW,
    )


def test_a_bulk_action_changes_only_the_offers_of_the_users_own_region(world) -> None:
    cast = world.cast
    county_draft = make_offer(cast.landkreis, "Entwurf im Landkreis", status=EditorialStatus.DRAFT)
    # An observer of Kassel who edits in the Landkreis: may use bulk actions, reads Kassel's
    # drafts, but publishes nothing there.
    both = user_with("beide@example.org", cast.kassel, Role.OBSERVER)
    Membership.objects.create(user=both, region=cast.landkreis, role=Role.CITY_EDITOR)
    uuids = [str(cast.draft.uuid), str(county_draft.uuid)]

    client_of(both).post(
        "/staff/redaktion/angebote/sammelaktion/", {"action": "publish", "offers": uuids}
    )
    assert (_status(cast.draft), _status(county_draft)) == (
        EditorialStatus.DRAFT,
        EditorialStatus.PUBLISHED,
    )

    client_of(cast.county_editor).post(
        "/staff/redaktion/angebote/sammelaktion/",
        {"action": "archive", "offers": [str(cast.offer.uuid)]},
    )
    assert _status(cast.offer) == EditorialStatus.PUBLISHED


def test_a_provider_editor_cannot_change_their_providers_status(world) -> None:
    cast = world.cast
    form = ProviderForm(instance=fresh(cast.caritas))
    data = {**form_data(form), "status": EditorialStatus.ARCHIVED, "phone": "0561 1"}

    response = client_of(cast.caritas_editor).post(provider_url("caritas")(world), data)

    assert response.status_code == 302
    caritas = fresh(cast.caritas)
    assert (caritas.phone, caritas.status) == ("0561 1", EditorialStatus.PUBLISHED)


# --- Personal data where roles mix ---------------------------------------------------------------


def test_the_audit_log_shows_addresses_only_of_regions_where_the_user_edits(world) -> None:
    """An observer of Kassel who is a city editor in the Landkreis reads Kassel's audit log but
    sees the IP addresses only of the Landkreis's entries (and of those without a region)."""
    cast = world.cast
    both = user_with("beide@example.org", cast.kassel, Role.OBSERVER)
    Membership.objects.create(user=both, region=cast.landkreis, role=Role.CITY_EDITOR)
    actions.save_offer(
        fresh(cast.county_offer),
        {"schedule": "freitags"},
        actor=cast.county_editor,
        request=RequestFactory().post("/", REMOTE_ADDR="198.51.100.9"),
    )
    actions.save_provider(
        fresh(cast.bengi),
        {"phone": "0561 2"},
        actor=cast.county_editor,
        request=RequestFactory().post("/", REMOTE_ADDR="198.51.100.10"),
    )

    html = page(client_of(both).get("/staff/redaktion/protokoll/"))

    assert "Sprachcafé" in html and "Deutsch in Vellmar" in html  # both regions' entries
    assert "198.51.100.9" in html  # the Landkreis, where the user edits
    assert "198.51.100.10" in html  # a provider: shared by all regions
    assert STAFF_ADDRESS not in html  # Kassel, where the user only observes
