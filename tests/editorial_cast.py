"""The cast of the editorial tests: one user per role, two providers, offers in two regions."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.test import Client

from tests.admin_forms import PASSWORD
from tests.conftest import make_offer, make_provider
from wegweiser.accounts.models import Membership, Role, User
from wegweiser.directory.models import Offer, Provider, Region


def user_with(email: str, region: Region | None, role: str | None, *providers: Provider) -> User:
    user = User.objects.create_user(email, PASSWORD, first_name=email.split("@")[0].title())
    if region is not None and role is not None:
        membership = Membership.objects.create(user=user, region=region, role=role)
        membership.providers.set(providers)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclasses.dataclass
class Cast:
    kassel: Region
    landkreis: Region
    caritas: Provider
    bengi: Provider
    city_editor: User
    county_editor: User
    caritas_editor: User
    bengi_editor: User
    statistics: User
    observer: User
    administrator: User
    nobody: User
    offer: Offer  # Caritas, Kassel, published
    draft: Offer  # Caritas, Kassel, draft
    bengi_offer: Offer  # Bengi, Kassel, published
    county_offer: Offer  # Caritas, Landkreis, published

    def users(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "nobody": self.nobody,
            "city_editor": self.city_editor,
            "county_editor": self.county_editor,
            "caritas_editor": self.caritas_editor,
            "bengi_editor": self.bengi_editor,
            "statistics": self.statistics,
            "observer": self.observer,
            "administrator": self.administrator,
        }


def build_cast(kassel: Region, landkreis: Region) -> Cast:
    caritas = make_provider("Caritasverband Nordhessen-Kassel e. V.", "wohlfahrtsverband")
    bengi = make_provider("Bengi e. V.", "migrantenorganisation")
    administrator = User.objects.create_superuser("admin@example.org", PASSWORD)
    return Cast(
        kassel=kassel,
        landkreis=landkreis,
        caritas=caritas,
        bengi=bengi,
        city_editor=user_with("stadt@example.org", kassel, Role.CITY_EDITOR),
        county_editor=user_with("kreis@example.org", landkreis, Role.CITY_EDITOR),
        caritas_editor=user_with("caritas@example.org", kassel, Role.PROVIDER_EDITOR, caritas),
        bengi_editor=user_with("bengi@example.org", kassel, Role.PROVIDER_EDITOR, bengi),
        statistics=user_with("statistik@example.org", kassel, Role.STATISTICS),
        observer=user_with("beirat@example.org", kassel, Role.OBSERVER),
        administrator=administrator,
        nobody=user_with("niemand@example.org", None, None),
        offer=make_offer(kassel, "Sprachcafé", provider=caritas),
        draft=make_offer(kassel, "Elterncafé", provider=caritas, status="draft"),
        bengi_offer=make_offer(kassel, "Frauentreff", provider=bengi),
        county_offer=make_offer(landkreis, "Deutsch in Vellmar", provider=caritas),
    )


def as_client(user: User | None) -> Client:
    return client_for(user) if user is not None else Client()


def posted(response: Any) -> str:
    return response.content.decode()


def form_data(form: Any) -> dict[str, Any]:
    """What a browser would post back from ``form`` (a bound or unbound Django form), unchanged."""
    from django.forms import (
        CheckboxInput,
        ModelMultipleChoiceField,
        MultipleChoiceField,
        NullBooleanSelect,
    )

    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        widget = field.widget
        if isinstance(widget, NullBooleanSelect):
            data[bound.html_name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(field, ModelMultipleChoiceField | MultipleChoiceField):
            data[bound.html_name] = [str(item) for item in value or []]
        elif hasattr(value, "isoformat"):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def edit_url(offer: Offer) -> str:
    return f"/staff/redaktion/angebote/{offer.uuid}/"
