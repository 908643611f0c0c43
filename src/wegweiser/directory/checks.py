"""System checks of the directory (IDs ``wegweiser.E0xx`` / ``wegweiser.W0xx``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.compatibility)
def check_languages(app_configs: Any, **kwargs: Any) -> list[Error]:
    codes = [code for code, _label in settings.LANGUAGES]
    errors = []
    if settings.LANGUAGE_CODE != "de" or "de" not in codes:
        errors.append(
            Error(
                "German is the source language of all texts: LANGUAGE_CODE must be 'de' "
                "and LANGUAGES must contain it.",
                id="wegweiser.E001",
            )
        )
    return errors
