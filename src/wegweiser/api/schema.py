"""The OpenAPI schemas of API v1 and of the HSDS API as committed files (docs/openapi*.json).

``wegweiser api_schema`` writes them; ``wegweiser api_schema --check`` (and
tests/test_api_schema.py) fails when the code's schema differs from the committed one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.urls import reverse

from wegweiser.api.hsds.api import api as api_hsds
from wegweiser.api.v1.api import api as api_v1

# file name (in docs/) → (API, URL name of its root)
SCHEMAS: dict[str, tuple[Any, str]] = {
    "openapi.json": (api_v1, "api-v1:api-root"),
    "openapi-hsds.json": (api_hsds, "api-hsds:api-root"),
}


def schema_text(file_name: str) -> str:
    api, root = SCHEMAS[file_name]
    schema = api.get_openapi_schema(path_prefix=reverse(root))
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def differing(directory: Path) -> list[str]:
    """The schema files in ``directory`` that are missing or differ from the code's."""
    return [
        name
        for name in SCHEMAS
        if not (directory / name).exists()
        or (directory / name).read_text(encoding="utf-8") != schema_text(name)
    ]
