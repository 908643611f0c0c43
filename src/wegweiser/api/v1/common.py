"""What every v1 operation shares: the API object, its error answers, parameters and pages."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any, Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger

from wegweiser.api.http import json_error
from wegweiser.api.v1.schemas import Error, RateLimited

Lang = Literal["de", "en", "tr", "ru", "ar", "uk"]
LANGUAGES: tuple[str, ...] = ("de", "en", "tr", "ru", "ar", "uk")
MAX_PAGE_SIZE = 100
MAX_PAGE = 100_000
MAX_TEXT = 200

# Documented on every operation: a bad parameter, the rate limit, a conditional request.
COMMON_RESPONSES: dict[int, Any] = {400: Error, 429: RateLimited, 304: None}


def responses(ok: Any, *, not_found: bool = False) -> dict[int, Any]:
    answers = {200: ok, **COMMON_RESPONSES}
    if not_found:
        answers[404] = Error
    return answers


class BadParameter(Exception):
    """A parameter with a value the API cannot use; answered with 400."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


api = NinjaAPI(
    title="Wegweiser API",
    version="1",
    description=(
        "Read-only access to the published integration offers, providers, vocabularies, "
        "districts, offer statistics and monitoring indicators of Wegweiser. No key needed; "
        "rate-limited per client. Documentation: docs/api.md."
    ),
    urls_namespace="api-v1",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


def _error(status: int, detail: str, errors: Sequence[dict[str, str]] = ()) -> HttpResponse:
    return json_error(status, detail, errors=list(errors))


def _invalid(request: HttpRequest, exc: Any) -> HttpResponse:
    errors = []
    for error in exc.errors:
        location = [
            str(part)
            for part in error.get("loc", ())
            if part not in ("query", "path") and not isinstance(part, int)
        ]
        errors.append({"parameter": ".".join(location), "message": str(error.get("msg", ""))})
    names = ", ".join(e["parameter"] for e in errors)
    return _error(400, f"Invalid parameter: {names}.", errors)


def _bad_parameter(request: HttpRequest, exc: Any) -> HttpResponse:
    return _error(
        400,
        f"Invalid parameter: {exc.parameter}.",
        [{"parameter": exc.parameter, "message": exc.message}],
    )


def install_error_handlers(target: NinjaAPI) -> None:
    """Bad parameters are a 400 with a JSON message (django-ninja's default is 422)."""
    target.add_exception_handler(ValidationError, _invalid)
    target.add_exception_handler(BadParameter, _bad_parameter)


install_error_handlers(api)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(parameter: str, value: str) -> str:
    if _CONTROL.search(value):
        raise BadParameter(parameter, "Control characters are not allowed.")
    return value.strip()


def clean_moment(parameter: str, value: dt.datetime | None) -> dt.datetime | None:
    """A moment in UTC (a time without offset taken as UTC); out of range is a bad parameter."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    try:
        return value.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise BadParameter(parameter, "Date and time out of range.") from None


def check_codes(parameter: str, values: Sequence[str], known: Sequence[str]) -> tuple[str, ...]:
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise BadParameter(
            parameter,
            f"Unknown value(s): {', '.join(unknown[:10])}. See /api/v1/vocabularies.",
        )
    return tuple(dict.fromkeys(values))


def page_of(
    items: Sequence[Any] | QuerySet[Any, Any], page: int, page_size: int
) -> tuple[Sequence[Any], dict[str, int]]:
    """The items of one page and the page's numbers; a page beyond the last is empty."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    start = (page - 1) * page_size
    numbers = {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": math.ceil(count / page_size) if count else 0,
    }
    return list(items[start : start + page_size]), numbers


def public_url(request: HttpRequest, name: str, lang: str, **kwargs: Any) -> str:
    from django.urls import reverse

    with translation.override(lang):
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def geodata_attribution() -> str:
    return str(settings.WEGWEISER_GEODATA_ATTRIBUTION)
