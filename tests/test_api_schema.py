"""The committed OpenAPI schemas (docs/openapi.json, docs/openapi-hsds.json): they match the
code, every operation documents its 400, 429 and 304 answers, the answers follow the schema,
no bad parameter ever causes a 500, and the documentation page loads nothing from elsewhere."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from jsonschema import Draft202012Validator

from tests.api_support import indicator, offers_in_every_state
from wegweiser.api import schema

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[1] / "docs"


def committed(name: str) -> dict[str, Any]:
    return json.loads((DOCS / name).read_text(encoding="utf-8"))


def operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(path, op) for path, item in document["paths"].items() for op in item.values()]


@pytest.mark.parametrize("name", list(schema.SCHEMAS))
def test_the_committed_schema_is_the_codes(name):
    assert (DOCS / name).read_text(encoding="utf-8") == schema.schema_text(name), (
        f"docs/{name} is out of date: run `make openapi` (wegweiser api_schema)"
    )


def test_the_check_command_tells_when_a_schema_is_stale(tmp_path):
    call_command("api_schema", "--directory", str(tmp_path))
    call_command("api_schema", "--directory", str(tmp_path), "--check")
    (tmp_path / "openapi.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Veraltet: openapi\.json"):
        call_command("api_schema", "--directory", str(tmp_path), "--check")


@pytest.mark.parametrize("name", list(schema.SCHEMAS))
def test_every_operation_documents_400_429_and_304(name):
    for path, operation in operations(committed(name)):
        assert {"200", "304", "400", "429"} <= set(operation["responses"]), path


def test_the_served_schema_is_the_committed_one(client):
    assert client.get("/api/v1/openapi.json").json() == committed("openapi.json")
    assert client.get("/api/hsds/openapi.json").json() == committed("openapi-hsds.json")


def test_the_documentation_page_loads_only_our_own_files(client):
    for url in ("/api/v1/docs/", "/api/hsds/docs/"):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "swagger-ui-bundle.js" in page
        for address in re.findall(r'(?:src|href)="([^"]+)"', page):
            assert address.startswith("/"), address


@pytest.fixture
def data(kassel, landkreis):
    offers = offers_in_every_state(kassel, landkreis)
    indicator(kassel, "00", "anteil_auslaender", zaehler=100, nenner=1000, wert="10.0")
    indicator(kassel, "01", "anteil_auslaender", status="gesperrt")
    return offers


def _path_values(offers) -> dict[str, str]:
    kurs = offers["kurs"]
    return {
        "offer_id": str(kurs.uuid),
        "provider_id": str(kurs.provider.uuid),
        "name": "area",
    }


def _validator(document: dict[str, Any], response_schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({**response_schema, "components": document["components"]})


def test_v1_answers_follow_the_committed_schema(client, data):
    document = committed("openapi.json")
    values = _path_values(data)
    queries = {"/api/v1/statistics/offers": {"rows": "area", "cols": "gender"}}
    for path, operation in operations(document):
        url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
        response = client.get(url, queries.get(path, {}))
        assert response.status_code == 200, (url, response.content)
        body_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        found = [e.message for e in _validator(document, body_schema).iter_errors(response.json())]
        assert found == [], path


BAD_VALUES = (
    "",
    "x",
    "-1",
    "0",
    "1e9",
    "%00",
    "%FF",
    "a" * 300,
    "../..",
    "null",
    "[]",
    "2025-02-30",
)


@pytest.mark.parametrize("name", list(schema.SCHEMAS))
def test_no_bad_parameter_ever_causes_a_500(client, data, name):
    document = committed(name)
    values = _path_values(data)
    for path, operation in operations(document):
        parameters = operation.get("parameters", [])
        for bad in (*BAD_VALUES, str(uuid.uuid4())):
            url = re.sub(r"\{\w+\}", bad or "x", path)
            _assert_answered(client.get(url))
            for parameter in parameters:
                if parameter["in"] != "query":
                    continue
                target = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "x"), path)
                _assert_answered(client.get(f"{target}?{parameter['name']}={bad}"))


def _assert_answered(response) -> None:
    assert response.status_code in (200, 400, 404), (response.status_code, response.content[:300])
    if response.status_code != 200:
        assert response.json()["detail"]
