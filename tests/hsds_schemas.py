"""The official HSDS 3.0 JSON Schemas from ../shared/hsds-3.0/, resolved locally (never over
the network): every schema file is registered under its file URI, so a relative ``$ref`` such
as ``metadata.json`` finds the file beside it."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

_REPOSITORY = Path(__file__).resolve().parents[1]
# WEGWEISER_HSDS_SCHEMAS, else ../shared beside the repository (a git worktree sits one level
# deeper, under wt/<branch>).
_PLACES = [base / "shared" / "hsds-3.0" for base in (_REPOSITORY.parent, _REPOSITORY.parent.parent)]
if os.environ.get("WEGWEISER_HSDS_SCHEMAS"):
    _PLACES.insert(0, Path(os.environ["WEGWEISER_HSDS_SCHEMAS"]))
ROOT = next((path for path in _PLACES if path.is_dir()), _PLACES[0])
SCHEMAS = ROOT / "schema"


def _retrieve(uri: str) -> Resource[Any]:
    raise LookupError(f"no network: {uri} is not a local schema")


@cache
def registry() -> Registry[Any]:
    if not (SCHEMAS / "compiled").is_dir():
        raise FileNotFoundError(
            f"The official HSDS 3.0 schemas are not at {ROOT}: the tests read them from "
            "../shared/hsds-3.0 beside the repository, or from WEGWEISER_HSDS_SCHEMAS."
        )
    resources = []
    for path in sorted(SCHEMAS.rglob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.as_uri(), Resource.from_contents(contents, DRAFT202012)))
    return Registry(retrieve=_retrieve).with_resources(resources)  # type: ignore[call-arg]


def validator(name: str) -> Draft202012Validator:
    """A validator for ``schema/<name>`` (e.g. ``compiled/service.json``, ``taxonomy.json``)."""
    uri = (SCHEMAS / name).as_uri()
    return Draft202012Validator({"$ref": uri}, registry=registry(), format_checker=FormatChecker())


def errors(name: str, document: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator(name).iter_errors(document)
    ]


def official_datapackage() -> dict[str, Any]:
    return json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
