"""The public consultation on a concept: the public reads the draft and comments on the whole or
on one goal within the period (no account, honeypot, rate limit, optional e-mail address);
comments appear only once approved; the city's editors moderate (the address is deleted, every
decision audited) and export a summary per goal for the council (CSV, XLSX, printable page)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tests.concept_consultation_cast import COMMENTER, open_consultation
from tests.editorial_cast import client_for, user_with
from wegweiser.accounts.models import Role
from wegweiser.concept.models import Comment, Concept, FieldOfAction, Goal
from wegweiser.editorial.models import AuditEntry

pytestmark = pytest.mark.django_db
PAGE = "/de/integrationskonzept/stadt-kassel/beteiligung/"
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _no_earlier_submissions() -> None:
    cache.clear()  # the rate limit counts per process


def goal_page(goal: Goal) -> str:
    return f"{PAGE}ziele/{goal.pk}/"


def test_the_draft_in_consultation_is_public_with_its_goals_and_approved_comments(
    client, kassel
) -> None:
    world = open_consultation(kassel)
    page = client.get(PAGE).content.decode()
    assert "Fortschreibung 2026" in page and "Der Entwurf der Fortschreibung." in page
    assert goal_page(world.goal) in page
    assert "können Sie diesen Entwurf kommentieren" in page
    assert "Ein guter Entwurf." in page and "Aylin" in page  # approved, on the whole
    assert "Auch die Tagespflege!" not in page  # pending
    assert 'name="message"' in page and 'name="homepage"' in page

    page = client.get(goal_page(world.goal)).content.decode()
    assert "Sprachförderung in allen Kitas" in page and "Kitas mit Sprachförderung" in page
    assert "Auch die Tagespflege!" not in page and "Ein guter Entwurf." not in page

    # The concept in force points to the consultation while it takes comments.
    page = client.get("/de/integrationskonzept/stadt-kassel/").content.decode()
    assert "Integrationskonzept 2011" in page and f'href="{PAGE}"' in page
    world.concept.consultation_end = TODAY() - dt.timedelta(days=1)
    world.concept.save()
    page = client.get("/de/integrationskonzept/stadt-kassel/").content.decode()
    assert f'href="{PAGE}"' not in page


def test_a_comment_waits_for_approval_and_then_appears_under_its_goal(client, kassel) -> None:
    world = open_consultation(kassel)
    response = client.post(
        goal_page(world.goal),
        {"message": "Mehr Erzieherinnen <b>bitte</b>", "name": "", "email": "a@example.org"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}danke/"
    comment = Comment.objects.get(text="Mehr Erzieherinnen <b>bitte</b>")
    assert (comment.goal, comment.state, comment.email) == (
        world.goal,
        Comment.State.PENDING,
        "a@example.org",
    )
    entry = AuditEntry.objects.get(action="concept.comment.create")
    assert "a@example.org" not in f"{entry.summary} {entry.object_label} {entry.actor_label}"
    assert "Mehr Erzieherinnen" not in client.get(goal_page(world.goal)).content.decode()

    editor = user_with("redaktion@example.org", kassel, Role.CITY_EDITOR)
    response = client_for(editor).post(
        f"/staff/konzept/beteiligung/kommentare/{comment.pk}/freigeben/"
    )
    assert response.status_code == 302

    page = client.get(goal_page(world.goal)).content.decode()
    assert "Mehr Erzieherinnen &lt;b&gt;bitte&lt;/b&gt;" in page and "<b>bitte" not in page
    assert "anonym" in page
    assert "Mehr Erzieherinnen" not in client.get(PAGE).content.decode()  # not on the whole


def test_no_comment_is_taken_outside_the_period_and_the_page_says_why(client, kassel) -> None:
    today = TODAY()
    world = open_consultation(
        kassel, start=today + dt.timedelta(days=3), end=today + dt.timedelta(days=30)
    )
    data = {"message": "Zu früh", "email": ""}
    response = client.get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Die Beteiligung beginnt am" in page
    assert "Sprachförderung in allen Kitas" not in page  # not shown before the start
    assert client.get(goal_page(world.goal)).status_code == 404
    response = client.post(PAGE, data)
    assert response.status_code == 403
    assert "Ihr Kommentar ist nicht gespeichert" in response.content.decode()

    concept = world.concept
    concept.consultation_start = today - dt.timedelta(days=30)
    concept.consultation_end = today - dt.timedelta(days=1)
    concept.save()
    page = client.get(PAGE).content.decode()
    assert "zu Ende gegangen" in page and 'name="message"' not in page
    assert "Ein guter Entwurf." in page  # approved comments stay readable
    assert client.post(goal_page(world.goal), data).status_code == 403

    concept.consultation_end = today  # the last day counts
    concept.save()
    assert client.post(PAGE, data).status_code == 302
    assert Comment.objects.filter(text="Zu früh").count() == 1


def test_a_draft_is_not_public_and_an_adopted_version_keeps_its_comments(client, kassel) -> None:
    world = open_consultation(kassel)
    concept = world.concept
    concept.state = Concept.State.DRAFT
    concept.save()
    page = client.get(PAGE).content.decode()
    assert "kein Entwurf zur Beteiligung geöffnet" in page and "Fortschreibung 2026" not in page
    assert client.get(goal_page(world.goal)).status_code == 404
    assert client.post(PAGE, {"message": "Hallo"}).status_code == 200
    assert not Comment.objects.filter(text="Hallo").exists()

    concept.state = Concept.State.ADOPTED
    concept.save()
    page = client.get(PAGE).content.decode()
    assert "Die Beteiligung ist am" in page and "Ein guter Entwurf." in page
    assert client.post(PAGE, {"message": "Hallo"}).status_code == 403
    assert not Comment.objects.filter(text="Hallo").exists()


def test_goals_of_other_versions_and_unknown_regions_are_not_found(client, kassel) -> None:
    world = open_consultation(kassel)
    other = Goal.objects.create(
        action_field=FieldOfAction.objects.create(concept=world.concept.previous, title="Alt"),  # type: ignore[misc]
        title="Altes Ziel",
    )
    assert client.get(goal_page(other)).status_code == 404
    assert client.post(goal_page(other), {"message": "x"}).status_code == 404
    assert client.get("/de/integrationskonzept/nirgendwo/beteiligung/").status_code == 404
    assert not Comment.objects.filter(text="x").exists()


def test_bots_bad_input_and_too_many_comments_store_nothing(kassel, settings) -> None:
    world = open_consultation(kassel)
    client = Client(enforce_csrf_checks=True)
    client.get(PAGE)
    token = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}

    response = client.post(PAGE, {**token, "message": "Spam", "homepage": "http://spam.example"})
    assert response.status_code == 302  # answered like a success
    response = client.post(PAGE, {**token, "message": "", "email": "keine-adresse"})
    page = response.content.decode()
    assert response.status_code == 200 and "Bitte prüfen Sie Ihre Angaben" in page
    response = client.post(PAGE, {**token, "message": "x" * 4001})
    assert response.status_code == 200
    assert Comment.objects.count() == 2  # the cast's two

    settings.WEGWEISER_PUBLIC_REPORTS_PER_HOUR = 1
    assert client.post(PAGE, {**token, "message": "Erster"}).status_code == 302
    response = client.post(goal_page(world.goal), {**token, "message": "Zweiter"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "in einer Stunde noch einmal" in page and "Zweiter" in page  # the text is kept
    assert not Comment.objects.filter(text="Zweiter").exists()

    assert Client(enforce_csrf_checks=True).post(PAGE, {"message": "Ohne"}).status_code == 403
    assert not Comment.objects.filter(text="Ohne").exists()


# --- Moderation -----------------------------------------------------------------------------


def queue_url(world) -> str:
    return f"/staff/konzept/beteiligung/{world.concept.pk}/"


def test_moderating_deletes_the_address_and_audits_each_decision(kassel) -> None:
    world = open_consultation(kassel)
    editor = user_with("redaktion@example.org", kassel, Role.CITY_EDITOR)
    client = client_for(editor)
    page = client.get("/staff/konzept/beteiligung/").content.decode()
    row = re.search(r"Fortschreibung 2026.*?</tr>", page, re.S)
    assert row is not None
    # pending, approved, rejected
    assert re.findall(r"<td>(\d+)</td>", row.group(0)) == ["1", "1", "0"]
    page = client.get(queue_url(world)).content.decode()
    assert "Auch die Tagespflege!" in page and COMMENTER in page
    assert f"kommentare/{world.pending.pk}/freigeben/" in page

    response = client.post(
        f"/staff/konzept/beteiligung/kommentare/{world.pending.pk}/ablehnen/", follow=True
    )
    assert "nicht freigegeben" in response.content.decode()
    comment = Comment.objects.get(pk=world.pending.pk)
    assert (comment.state, comment.email, comment.moderated_by) == (
        Comment.State.REJECTED,
        "",
        editor,
    )
    assert comment.moderated_at is not None
    entry = AuditEntry.objects.get(action="concept.comment.reject")
    assert (entry.actor, entry.region, entry.object_type) == (editor, kassel, "comment")

    # Decided once: a second decision is refused and changes nothing.
    response = client.post(
        f"/staff/konzept/beteiligung/kommentare/{world.pending.pk}/freigeben/", follow=True
    )
    assert "schon geprüft" in response.content.decode()
    assert Comment.objects.get(pk=world.pending.pk).state == Comment.State.REJECTED
    assert not AuditEntry.objects.filter(action="concept.comment.approve").exists()
    assert "Auch die Tagespflege!" not in Client().get(goal_page(world.goal)).content.decode()


def test_observers_read_the_queue_without_addresses_and_cannot_decide(kassel) -> None:
    world = open_consultation(kassel)
    observer = client_for(user_with("beirat@example.org", kassel, Role.OBSERVER))
    page = observer.get(queue_url(world)).content.decode()
    assert "Auch die Tagespflege!" in page and COMMENTER not in page
    assert "freigeben/" not in page
    url = f"/staff/konzept/beteiligung/kommentare/{world.pending.pk}/freigeben/"
    assert observer.post(url).status_code == 403
    assert Comment.objects.get(pk=world.pending.pk).state == Comment.State.PENDING

    editor = user_with("redaktion@example.org", kassel, Role.CITY_EDITOR)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(url).status_code == 403  # no CSRF token
    assert strict.get(url).status_code == 405
    assert Comment.objects.get(pk=world.pending.pk).email == COMMENTER


# --- The summary for the council ----------------------------------------------------------------


def test_the_summary_per_goal_neutralises_formulas_and_escapes_html(kassel) -> None:
    world = open_consultation(kassel)
    Comment.objects.create(
        concept=world.concept,
        goal=world.goal,
        text='=HYPERLINK("http://evil.example","<script>x</script>")',
        name="@Mallory",
        state=Comment.State.APPROVED,
    )
    Comment.objects.create(
        concept=world.concept, goal=world.goal, text="Beleidigung", state="rejected"
    )
    editor = client_for(user_with("redaktion@example.org", kassel, Role.CITY_EDITOR))
    base = f"/staff/konzept/beteiligung/{world.concept.pk}/zusammenfassung"

    page = editor.get(f"{base}/").content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert "Beleidigung" not in page  # rejected texts are only counted
    assert "Ein guter Entwurf." in page and "Das Konzept insgesamt" in page

    response = editor.get(f"{base}.csv")
    assert response["Content-Disposition"].startswith("attachment;")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["Handlungsfeld", "Ziel", "eingegangen am", "Name", "Kommentar"]
    row = next(line for line in lines if "HYPERLINK" in line[4])
    assert row[1] == "Sprachförderung in allen Kitas"
    assert row[3] == "'@Mallory" and row[4].startswith("'=HYPERLINK")
    assert not any("Beleidigung" in cell for line in lines for cell in line)

    book = openpyxl.load_workbook(io.BytesIO(editor.get(f"{base}.xlsx").content))
    assert book.sheetnames == ["Übersicht je Ziel", "Kommentare"]
    counts = {row[1]: row[2:] for row in book["Übersicht je Ziel"].iter_rows(values_only=True)}
    # received, approved, rejected, pending: numbers, not text
    assert counts["Sprachförderung in allen Kitas"] == (3, 1, 1, 1)
    assert counts["Das Konzept insgesamt"] == (1, 1, 0, 0)
    texts = [row[4] for row in book["Kommentare"].iter_rows(min_row=2, values_only=True)]
    assert any(str(text).startswith("'=HYPERLINK") for text in texts)
    assert not any(cell.data_type == "f" for row in book["Kommentare"].iter_rows() for cell in row)
    assert editor.get(f"{base}.pdf").status_code == 404


def test_staff_of_other_regions_do_not_find_the_concept(kassel, landkreis) -> None:
    world = open_consultation(kassel)
    county = client_for(user_with("kreis@example.org", landkreis, Role.CITY_EDITOR))
    assert county.get(queue_url(world)).status_code == 404
    url = f"/staff/konzept/beteiligung/kommentare/{world.pending.pk}/freigeben/"
    assert county.post(url).status_code == 404
    assert "Fortschreibung 2026" not in county.get("/staff/konzept/beteiligung/").content.decode()
    assert Comment.objects.get(pk=world.pending.pk).state == Comment.State.PENDING


def test_the_dashboard_links_the_pages_for_who_reads_the_concept(kassel) -> None:
    observer = client_for(user_with("beirat@example.org", kassel, Role.OBSERVER))
    page = observer.get("/staff/").content.decode()
    assert 'href="/staff/konzept/beteiligung/"' in page
    assert 'href="/staff/konzept/beteiligung/bericht/"' in page
    statistics = client_for(user_with("statistik@example.org", kassel, Role.STATISTICS))
    assert "/staff/konzept/beteiligung/" not in statistics.get("/staff/").content.decode()
