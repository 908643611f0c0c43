"""Builders for the survey tests: the editorial cast, a round of Kassel, personal links."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.utils import timezone

from tests.editorial_cast import Cast, build_cast
from wegweiser.directory.models import Region
from wegweiser.surveys import actions, tokens
from wegweiser.surveys.models import Invitation, SurveyRound


@dataclasses.dataclass
class World:
    cast: Cast
    survey_round: SurveyRound
    caritas: Invitation  # Caritas leads "Sprachcafé" (published) and "Elterncafé" (draft)
    bengi: Invitation  # Bengi leads "Frauentreff" (published)


def build_world(kassel: Region, landkreis: Region) -> World:
    cast = build_cast(kassel, landkreis)
    cast.caritas.email = "info@caritas.example"
    cast.caritas.save()
    survey_round = open_round(cast, kassel)
    return World(
        cast=cast,
        survey_round=survey_round,
        caritas=survey_round.invitations.get(provider=cast.caritas),
        bengi=survey_round.invitations.get(provider=cast.bengi),
    )


def open_round(cast: Cast, region: Region, **fields: Any) -> SurveyRound:
    values: dict[str, Any] = {
        "title": "Befragung 2026",
        "deadline": timezone.localdate() + datetime.timedelta(days=30),
    }
    values.update(fields)
    return actions.open_round(region, actor=cast.city_editor, **values)


def link(invitation: Invitation, path: str = "") -> str:
    return f"/befragung/{tokens.make_token(invitation)}/{path}"


def is_link(location: str, invitation: Invitation, path: str = "") -> bool:
    """Whether ``location`` is ``invitation``'s personal link to ``path``. Tokens carry the time
    they were signed, so a token made a second later differs: compare what it names."""
    prefix, _, rest = location.partition("/befragung/")
    token, _, tail = rest.partition("/")
    return prefix == "" and tail == path and tokens.invitation_for(token).pk == invitation.pk


def page(response: Any) -> str:
    return response.content.decode()
