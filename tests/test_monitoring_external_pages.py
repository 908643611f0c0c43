"""The staff pages for external indicators: upload → problems or preview → publish; the preview
belongs to whoever uploaded it; in Chromium the pages work without violations (axe-core)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.accounts_cast import person as user_with
from tests.browser import axe_violations, submit
from tests.test_editorial_browser import sign_in
from wegweiser.accounts.models import Role
from wegweiser.monitoring import external_previews
from wegweiser.monitoring.models import IndicatorValue

URL = "/staff/monitoring/extern/stadt-kassel/"
GOOD = (
    "stichtag;gebiet;indikator;zaehler;nenner\r\n"
    "30.06.2010;00;ext_personal_mh_anteil;61;2905\r\n"
    "31.12.2024;00;ext_kita_mh_anteil;1200;2400\r\n"
    "31.12.2024;01;ext_kita_mh_anteil;60;100\r\n"
    "31.12.2024;02;ext_kita_mh_anteil;2;90\r\n"
    "31.12.2024;03;ext_kita_mh_anteil;1138;2210\r\n"
).encode("cp1252")


def upload(client: Client, data: bytes, name: str = "kita.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


@pytest.fixture
def statistics(kassel):
    client = Client()
    client.force_login(user_with("statistik@example.org", region=kassel, role=Role.STATISTICS))
    return client


@pytest.mark.django_db
def test_a_good_file_is_previewed_with_blank_cells_and_published_on_confirmation(
    statistics, kassel
) -> None:
    response = upload(statistics, GOOD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vorschau: externe Indikatoren" in html
    assert "5 Zeilen gelesen (UTF-8, Trennzeichen „;“)." in html
    assert "2 Zählwerte werden gesperrt (Geheimhaltung)." in html
    assert "<td>61</td>" in html and "<td>2.1</td>" in html
    assert "<td>02 Südstadt</td>" in html
    assert not IndicatorValue.objects.exists()  # nothing before the confirmation
    token = response.context["token"]

    response = statistics.post(URL + "veroeffentlichen/", {"token": token}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "5 Zeilen externer Indikatoren aus „kita.csv“ veröffentlicht (0 bisherige ersetzt)." in (
        response.content.decode()
    )
    values = {
        (v.stichtag.isoformat(), v.gebiet): (v.zaehler, v.nenner, v.wert, v.status)
        for v in IndicatorValue.objects.filter(region=kassel)
    }
    assert values == {
        ("2010-06-30", "00"): (61, 2905, "2.1", "ok"),
        ("2024-12-31", "00"): (1200, 2400, "50.0", "ok"),
        ("2024-12-31", "01"): (None, 100, "", "gesperrt"),
        ("2024-12-31", "02"): (None, 90, "", "gesperrt"),
        ("2024-12-31", "03"): (1138, 2210, "51.5", "ok"),
    }
    assert "ext_kita_mh_anteil" in statistics.get(URL).content.decode()  # listed as published


@pytest.mark.django_db
def test_a_bad_file_lists_every_problem_and_changes_nothing(statistics) -> None:
    bad = b"stichtag,gebiet,indikator,zaehler,nenner\n2024-12-31,99,ext_a,7,5\n2024-12-31,00,a,x,\n"
    response = upload(statistics, bad, "schlecht.csv")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Datei wurde abgelehnt: 4 Fehler. Es wurde nichts gespeichert." in html
    assert "Datei: schlecht.csv" in html
    assert "Zeile 2, Spalte „gebiet“, Wert „99“: Unbekanntes Gebiet" in html
    assert "Zeile 2, Spalte „zaehler“, Wert „7“: Der Zähler ist größer als der Nenner." in html
    assert "Zeile 3, Spalte „indikator“, Wert „a“: Ungültiger Indikatorcode" in html
    assert "Zeile 3, Spalte „zaehler“, Wert „x“: Keine Zahl." in html
    assert "token" not in response.context
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_a_preview_is_only_good_for_its_user_region_and_file(statistics, kassel) -> None:
    other = Client()
    other.force_login(user_with("zweite@example.org", region=kassel, role=Role.STATISTICS))
    token = upload(statistics, GOOD).context["token"]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    forged = external_previews.sign(GOOD, filename="x.csv", user_id=10**6, region_id=kassel.pk)
    for client, posted in ((other, token), (statistics, tampered), (statistics, forged)):
        response = client.post(URL + "veroeffentlichen/", {"token": posted})
        assert response.status_code == 410
        assert "Vorschau nicht mehr gültig" in response.content.decode()
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
def test_the_statistics_office_finds_the_page_on_its_dashboard(statistics, kassel) -> None:
    html = statistics.get("/staff/").content.decode()
    assert 'href="/staff/monitoring/extern/"' in html
    observer = Client()
    observer.force_login(user_with("beirat@example.org", region=kassel, role=Role.OBSERVER))
    assert "/staff/monitoring/extern/" not in observer.get("/staff/").content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_uploading_and_publishing_in_the_browser_is_accessible(
    page, live_server, kassel, tmp_path
) -> None:
    user = user_with("statistik@example.org", region=kassel, role=Role.STATISTICS)
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}{URL}")
    assert axe_violations(page) == []
    bad = tmp_path / "schlecht.csv"
    bad.write_bytes(b"stichtag;gebiet;indikator;zaehler\n2024-12-31;00;ext_a;12,5\n")
    page.set_input_files("input[type=file]", str(bad))
    submit(page, page.get_by_role("button", name="Prüfen"))
    assert "Wert „12,5“: Zähler und Nenner sind Anzahlen" in page.content()
    assert axe_violations(page) == []
    good = tmp_path / "kita.csv"
    good.write_bytes(GOOD)
    page.set_input_files("input[type=file]", str(good))
    submit(page, page.get_by_role("button", name="Prüfen"))
    assert page.get_by_role("heading", level=1).inner_text() == "Vorschau: externe Indikatoren"
    assert axe_violations(page) == []
    submit(page, page.get_by_role("button", name="Veröffentlichen"))
    assert "5 Zeilen externer Indikatoren" in page.content()
    assert IndicatorValue.objects.filter(region=kassel).count() == 5
    assert page.foreign_requests == []
