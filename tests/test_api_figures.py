"""API v1 offer statistics (the reports' cross-table engine) and monitoring indicators: a
suppressed indicator shows its status and never a numerator or value."""

from __future__ import annotations

from typing import get_args

import pytest

from tests.api_support import indicator, offers_in_every_state
from wegweiser.api.v1.figures import Dimension
from wegweiser.monitoring.models import IndicatorStatus
from wegweiser.reports.dimensions import DIMENSIONS
from wegweiser.reports.engine import offers_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(kassel, landkreis):
    return offers_in_every_state(kassel, landkreis)


def test_the_api_offers_every_dimension_of_the_engine():
    assert set(get_args(Dimension)) == set(DIMENSIONS)


def test_statistics_are_the_engines_table_of_published_offers(client, offers, kassel):
    response = client.get(
        "/api/v1/statistics/offers", {"rows": "area", "cols": "gender", "region": "stadt-kassel"}
    )
    assert response.status_code == 200
    table = response.json()
    expected = offers_report(kassel, "area", "gender").contract()
    assert {key: table[key] for key in expected} == expected
    assert table["total"] == 3  # the draft, the one in review and the archived one not counted
    assert table["row_labels"]["sprachfoerderung"] == "Sprachförderung"


def test_statistics_with_filters_and_labels_in_english(client, offers):
    response = client.get(
        "/api/v1/statistics/offers",
        {"rows": "area", "filter": "gender:frauen", "lang": "en", "region": "stadt-kassel"},
    )
    table = response.json()
    assert table["filters"] == {"gender": ["frauen"]}
    assert table["total"] == 3  # the course for women and the two offers for everyone
    assert table["row_labels"]["sprachfoerderung"] == "Language support"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({}, "rows"),
        ({"rows": "einkommen"}, "rows"),
        ({"rows": "area", "cols": "area"}, "cols"),
        ({"rows": "area", "filter": "gender"}, "filter"),
        ({"rows": "area", "filter": "gender:unbekannt"}, "filter"),
        ({"rows": "area", "region": "atlantis"}, "region"),
    ],
)
def test_bad_statistics_parameters_are_a_400(client, offers, query, parameter):
    response = client.get("/api/v1/statistics/offers", query)
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == parameter


def test_indicators_published_and_suppressed(client, kassel):
    indicator(kassel, "00", "anteil_auslaender", zaehler=31811, nenner=200507, wert="15.9")
    indicator(
        kassel,
        "11",
        "anteil_auslaender",
        zaehler=2,
        nenner=None,
        wert="8.3",
        status=IndicatorStatus.SUPPRESSED,
    )
    response = client.get("/api/v1/indicators", {"region": "stadt-kassel"})
    assert response.status_code == 200
    rows = {row["gebiet"]: row for row in response.json()["results"]}
    assert rows["00"]["numerator"] == 31811
    assert rows["00"]["value"] == "15.9"
    assert rows["11"] == {
        "region": "stadt-kassel",
        "stichtag": "2025-12-31",
        "gebiet": "11",
        "indikator": "anteil_auslaender",
        "numerator": None,
        "denominator": None,
        "value": None,
        "status": "gesperrt",
    }
    # the exact values of the suppressed row appear nowhere in the answer
    assert '"8.3"' not in response.content.decode()
    assert response["Last-Modified"]


def test_indicators_filter_and_reject_bad_parameters(client, kassel):
    indicator(kassel, "00", "anteil_auslaender", zaehler=5, nenner=50, wert="10.0")
    indicator(kassel, "01", "anteil_auslaender", zaehler=3, nenner=30, wert="10.0")
    only = client.get("/api/v1/indicators", {"gebiet": "01"}).json()["results"]
    assert [row["gebiet"] for row in only] == ["01"]
    assert client.get("/api/v1/indicators", {"stichtag": "2025-12-31"}).json()["count"] == 2
    for query in ({"stichtag": "31.12.2025"}, {"gebiet": "x1"}, {"region": "nowhere"}):
        assert client.get("/api/v1/indicators", query).status_code == 400
