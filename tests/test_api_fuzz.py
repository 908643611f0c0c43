"""schemathesis against the committed OpenAPI schemas: generated requests to every operation
never get a 500, and every answer follows the schema (status code documented, content type,
body)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_support import indicator, offers_in_every_state

APP = get_wsgi_application()
V1 = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
HSDS = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", APP)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.fixture
def data(kassel, landkreis):
    # As Django's test client does: neither the start nor the end of a request may close the
    # test's database connection (its transaction holds the data).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    offers_in_every_state(kassel, landkreis)
    indicator(kassel, "00", "anteil_auslaender", zaehler=100, nenner=1000, wert="10.0")
    indicator(kassel, "01", "anteil_auslaender", status="gesperrt")
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@V1.parametrize()
@FUZZ
def test_v1_never_fails_and_follows_its_schema(case, data):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@HSDS.parametrize()
@FUZZ
def test_hsds_never_fails_and_follows_its_schema(case, data):
    case.call_and_validate(checks=CHECKS)
