"""A small cast of users for the accounts tests, one per role, built in code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.conftest import make_provider
from wegweiser.accounts.models import Membership, Role, User
from wegweiser.directory.models import Provider, Region

PASSWORD = "pw-long-enough-123"


def person(
    email: str,
    *,
    region: Region | None = None,
    role: str | None = None,
    providers: tuple[Provider, ...] = (),
    superuser: bool = False,
    **fields: Any,
) -> User:
    if superuser:
        user = User.objects.create_superuser(email, PASSWORD, **fields)
    else:
        user = User.objects.create_user(email, PASSWORD, **fields)
    if region is not None and role is not None:
        membership = Membership.objects.create(user=user, region=region, role=role)
        membership.providers.set(providers)
    return user


@dataclass
class Cast:
    kassel: Region
    landkreis: Region
    own_provider: Provider
    other_provider: Provider
    city_editor: User
    other_city_editor: User  # city editor of the county, not of the city
    provider_editor: User
    statistics: User
    observer: User
    region_admin: User  # the administrator role in the city
    administrator: User  # a superuser

    def by_name(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def make_cast(kassel: Region, landkreis: Region) -> Cast:
    own = make_provider("Kulturzentrum Schlachthof e. V.")
    other = make_provider("Caritasverband Nordhessen-Kassel e. V.", "wohlfahrtsverband")
    return Cast(
        kassel=kassel,
        landkreis=landkreis,
        own_provider=own,
        other_provider=other,
        city_editor=person("redaktion@kassel.example", region=kassel, role=Role.CITY_EDITOR),
        other_city_editor=person(
            "redaktion@landkreis.example", region=landkreis, role=Role.CITY_EDITOR
        ),
        provider_editor=person(
            "traeger@schlachthof.example",
            region=kassel,
            role=Role.PROVIDER_EDITOR,
            providers=(own,),
        ),
        statistics=person("statistik@kassel.example", region=kassel, role=Role.STATISTICS),
        observer=person("beirat@kassel.example", region=kassel, role=Role.OBSERVER),
        region_admin=person("it@kassel.example", region=kassel, role=Role.ADMINISTRATOR),
        administrator=person("admin@wegweiser.example", superuser=True),
    )
