"""The staff pages of the integration concept: maintaining it, the Fortschreibung, concurrent
edits, and progress updates by the responsible actor, signed in or through a personal link.
(Who may open which page: tests/test_role_url_matrix.py.)"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import make_offer
from tests.editorial_cast import build_cast, client_for, form_data
from wegweiser.concept import links, services
from wegweiser.concept.forms import ConceptForm, GoalForm
from wegweiser.concept.models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalIndicator,
    Measure,
    MeasureUpdate,
    SelfCommitment,
)
from wegweiser.editorial.models import AuditEntry

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def cast(kassel, landkreis):
    return build_cast(kassel, landkreis)


@pytest.fixture
def concept(cast) -> Concept:
    concept = Concept.objects.create(
        region=cast.kassel, title="Konzept", state="adopted", adopted_on=D(2011, 6, 27)
    )
    field = FieldOfAction.objects.create(concept=concept, title="Sprache")
    goal = Goal.objects.create(action_field=field, title="Mehr Sprachkurse")
    GoalIndicator.objects.create(
        goal=goal,
        label="Kurse",
        source="directory",
        baseline_value=Decimal(1),
        baseline_date=D(2010, 1, 1),
        target_value=Decimal(5),
        target_date=D(2030, 1, 1),
        direction="increase",
    )
    measure = Measure.objects.create(
        goal=goal, title="Sprachcafé ausbauen", responsible_provider=cast.caritas
    )
    measure.offers.set([cast.offer])
    MeasureUpdate.objects.create(measure=measure, date=D(2020, 1, 1), text="Gestartet.")
    SelfCommitment.objects.create(
        goal=goal, provider=cast.caritas, statement="Ja.", date=D(2012, 1, 1)
    )
    return concept


def test_a_city_editor_builds_a_concept_in_the_browser_forms(cast) -> None:
    client = client_for(cast.city_editor)
    response = client.post(
        "/staff/konzept/neu/", {"region": cast.kassel.pk, "title": "Konzept 2026"}
    )
    concept = Concept.objects.get(title="Konzept 2026")
    assert response["Location"] == f"/staff/konzept/{concept.pk}/"
    assert (concept.version, concept.state) == (1, "draft")
    client.post(
        f"/staff/konzept/{concept.pk}/handlungsfelder/neu/", {"title": "Arbeit", "position": "0"}
    )
    field = concept.action_fields.get()
    response = client.post(
        f"/staff/konzept/handlungsfelder/{field.pk}/ziele/neu/",
        {"title": "Mehr Ausbildung", "position": "0"},
    )
    goal = Goal.objects.get(title="Mehr Ausbildung")
    assert response["Location"] == f"/staff/konzept/ziele/{goal.pk}/"
    # An indicator whose direction contradicts its target is refused with the reason.
    data = {
        "label": "Ausbildungsquote",
        "source": "external",
        "code": "ext_ausbildung",
        "gebiet": "00",
        "offer_filters": "",
        "baseline_value": "10",
        "baseline_date": "2020-01-01",
        "target_value": "20",
        "target_date": "2030-01-01",
        "direction": "decrease",
        "position": "0",
    }
    page = client.post(f"/staff/konzept/ziele/{goal.pk}/indikatoren/neu/", data).content.decode()
    assert "Die Richtung passt nicht zu Ausgangs- und Zielwert" in page
    assert not GoalIndicator.objects.exists()
    data["direction"] = "increase"
    assert client.post(f"/staff/konzept/ziele/{goal.pk}/indikatoren/neu/", data).status_code == 302
    # A measure needs someone responsible.
    page = client.post(
        f"/staff/konzept/ziele/{goal.pk}/massnahmen/neu/",
        {"title": "Ausbildungsbörse", "state": "planned", "position": "0"},
    ).content.decode()
    assert "Bitte einen verantwortlichen Träger oder ein verantwortliches Amt angeben." in page
    assert not Measure.objects.exists()
    # Consultation needs its period; adoption its date.
    form = form_data(ConceptForm(instance=concept))
    page = client.post(
        f"/staff/konzept/{concept.pk}/", {**form, "state": "consultation"}
    ).content.decode()
    assert "Für eine Beteiligung bitte Beginn und Ende des Zeitraums angeben." in page
    page = client.post(
        f"/staff/konzept/{concept.pk}/", {**form, "state": "adopted"}
    ).content.decode()
    assert "Bitte das Datum des Beschlusses angeben." in page
    concept.refresh_from_db()
    assert concept.state == "draft"
    assert AuditEntry.objects.filter(action__startswith="concept.").count() == 4


def test_a_later_save_of_a_goal_is_stopped_and_keeps_what_was_typed(cast, concept) -> None:
    goal = Goal.objects.get()
    mine = form_data(GoalForm(instance=goal))
    other = client_for(cast.administrator)
    assert (
        other.post(
            f"/staff/konzept/ziele/{goal.pk}/",
            {**form_data(GoalForm(instance=goal)), "title": "Anders"},
        ).status_code
        == 302
    )

    response = client_for(cast.city_editor).post(
        f"/staff/konzept/ziele/{goal.pk}/", {**mine, "title": "Meins"}
    )

    assert response.status_code == 200
    assert 'value="Meins"' in response.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Anders"


def test_a_fortschreibung_copies_everything_and_leaves_the_adopted_version_alone(
    cast, concept
) -> None:
    client = client_for(cast.city_editor)
    response = client.post(f"/staff/konzept/{concept.pk}/fortschreiben/")
    new = Concept.objects.get(version=2)
    assert response["Location"] == f"/staff/konzept/{new.pk}/"
    assert (new.previous, new.state, new.adopted_on) == (concept, "draft", None)
    new_goal = Goal.objects.get(action_field__concept=new)
    assert new_goal.title == "Mehr Sprachkurse"
    assert new_goal.indicators.get().target_value == Decimal(5)
    new_measure = new_goal.measures.get()
    assert list(new_measure.offers.all()) == [cast.offer]
    assert new_measure.updates.count() == 0  # progress updates stay with the old measure
    assert new_goal.commitments.get().statement == "Ja."
    # Changing the new version leaves the old one as it was.
    new_goal.title = "Deutlich mehr Sprachkurse"
    new_goal.save()
    assert Goal.objects.get(action_field__concept=concept).title == "Mehr Sprachkurse"
    # The public still sees the adopted version; a version is continued only once.
    assert (
        "Mehr Sprachkurse" in client.get("/de/integrationskonzept/stadt-kassel/").content.decode()
    )
    page = client.post(f"/staff/konzept/{concept.pk}/fortschreiben/", follow=True).content.decode()
    assert "Diese Fassung ist schon fortgeschrieben." in page
    assert Concept.objects.count() == 2


def test_the_responsible_providers_editor_reports_signed_in(cast, concept) -> None:
    measure = Measure.objects.get()
    client = client_for(cast.caritas_editor)
    assert "Sprachcafé ausbauen" in client.get("/staff/konzept/").content.decode()
    page = client.post(
        f"/staff/konzept/massnahmen/{measure.pk}/bericht/",
        {"date": "2099-01-01", "text": "Später."},
    ).content.decode()
    assert "Das Datum liegt in der Zukunft." in page
    response = client.post(
        f"/staff/konzept/massnahmen/{measure.pk}/bericht/",
        {"date": "2024-05-01", "text": "Zwei neue Gruppen."},
    )
    assert response.status_code == 302
    update = measure.updates.get(text="Zwei neue Gruppen.")
    assert (update.author, update.author_label) == (cast.caritas_editor, cast.caritas_editor.email)
    entry = AuditEntry.objects.get(action="concept.measure.update")
    assert entry.actor == cast.caritas_editor
    # The update shows on the public goal page.
    goal = measure.goal
    assert (
        "Zwei neue Gruppen."
        in client.get(f"/de/integrationskonzept/stadt-kassel/ziele/{goal.pk}/").content.decode()
    )


def test_a_personal_link_lets_the_responsible_actor_report_until_a_new_one_is_issued(
    client, cast, concept
) -> None:
    measure = Measure.objects.get()
    measure.responsible_provider = None
    measure.responsible_office = "Zukunftsbüro"
    measure.save()
    editor = client_for(cast.city_editor)
    page = editor.post(
        f"/staff/konzept/massnahmen/{measure.pk}/link/", follow=True
    ).content.decode()
    first = page.split("Neuer persönlicher Link (frühere gelten nicht mehr): ")[1].split("<")[0]
    path = first.removeprefix("http://testserver")
    assert path.startswith("/konzept-bericht/")

    form = client.get(path)
    assert form.status_code == 200 and form["X-Robots-Tag"] == "noindex, nofollow"
    assert client.post(path, {"date": "2024-06-01", "text": "Läuft."}).status_code == 302
    update = MeasureUpdate.objects.get(text="Läuft.")
    assert update.author is None and update.author_label == "Persönlicher Link: Zukunftsbüro"
    assert AuditEntry.objects.filter(action="concept.measure.update", source="link").exists()

    second = links.issue(measure)
    assert client.get(path).status_code == 403  # the earlier link no longer works
    assert "gilt nicht mehr" in client.get(path).content.decode()
    assert client.post(path, {"date": "2024-06-02", "text": "Zu spät."}).status_code == 403
    assert client.get(second).status_code == 200
    assert client.get("/konzept-bericht/kaputt/").status_code == 403
    with time_machine.travel(timezone.now() + dt.timedelta(days=366)):
        assert "abgelaufen" in client.get(second).content.decode()
    assert not MeasureUpdate.objects.filter(text="Zu spät.").exists()


def test_a_fortschreibung_through_the_service_keeps_linked_offers_published_or_not(
    cast, concept
) -> None:
    draft = make_offer(cast.kassel, "Entwurf", provider=cast.caritas, status="draft")
    Measure.objects.get().offers.add(draft)
    new = services.continue_concept(concept, actor=cast.city_editor)
    assert set(Measure.objects.get(goal__action_field__concept=new).offers.all()) == {
        cast.offer,
        draft,
    }
