"""The pages every German public site needs: accessibility statement, imprint, privacy, feedback.

The operator's details come from the setting ``WEGWEISER_OPERATOR`` (a dict with the fields of
``Operator``); until it is set, the pages show placeholders and say that they are placeholders.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe


@dataclasses.dataclass(frozen=True)
class Operator:
    """Who runs this installation, as the imprint and the privacy notice must name them."""

    name: str = "Stadt Kassel"
    department: str = ""
    address: str = ""  # several lines
    email: str = ""
    phone: str = ""
    represented_by: str = ""
    content_responsible: str = ""  # § 18 Abs. 2 MStV
    data_protection_officer: str = ""  # name and how to reach them, several lines
    log_retention_days: int | None = None
    accessibility_statement_date: datetime.date | None = None
    configured: bool = False


def operator() -> Operator:
    """The operator from ``settings.WEGWEISER_OPERATOR``; placeholders where it is not set."""
    configured: dict[str, Any] | None = getattr(settings, "WEGWEISER_OPERATOR", None)
    if configured is None:
        return Operator()
    fields = {field.name for field in dataclasses.fields(Operator)} - {"configured"}
    unknown = set(configured) - fields
    if unknown:
        raise ImproperlyConfigured(
            f"WEGWEISER_OPERATOR: unbekannte Angaben {sorted(unknown)}; möglich sind {sorted(fields)}."
        )
    values = dict(configured)
    statement_date = values.get("accessibility_statement_date")
    if isinstance(statement_date, str):
        try:
            values["accessibility_statement_date"] = datetime.date.fromisoformat(statement_date)
        except ValueError as error:
            raise ImproperlyConfigured(
                "WEGWEISER_OPERATOR['accessibility_statement_date'] ist kein Datum (JJJJ-MM-TT)."
            ) from error
    return Operator(**values, configured=True)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return _page(request, "accessibility")


@require_safe
def imprint(request: HttpRequest) -> HttpResponse:
    return _page(request, "imprint", geodata_attribution=settings.WEGWEISER_GEODATA_ATTRIBUTION)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        "privacy",
        session_cookie=settings.SESSION_COOKIE_NAME,
        session_days=settings.SESSION_COOKIE_AGE // 86_400,
        csrf_cookie=settings.CSRF_COOKIE_NAME,
    )


@require_safe
def feedback(request: HttpRequest) -> HttpResponse:
    return _page(request, "feedback", subject=gettext("Rückmeldung zum Wegweiser"))


def _page(request: HttpRequest, name: str, **context: Any) -> HttpResponse:
    return render(request, f"public/pages/{name}.html", {"operator": operator(), **context})
