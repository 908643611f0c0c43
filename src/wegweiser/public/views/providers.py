"""The provider directory A–Z with its filters, and the page of one provider with its offers."""

from __future__ import annotations

import itertools
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from django import forms
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from wegweiser.directory.models import Network, Offer, Provider, ProviderType

OTHER = "#"  # the letter of names that start with a digit or a non-Latin letter


class ProviderFilter(forms.Form):
    """The directory's filters, by code; an unknown value (a stale link, a typo) filters nothing."""

    type = forms.ChoiceField(label=_("Trägerart"), required=False)
    network = forms.ChoiceField(label=_("Netzwerk"), required=False)

    def __init__(
        self, *args: Any, choices: Mapping[str, list[tuple[str, str]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, field_choices in choices.items():
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = [("", _("alle")), *field_choices]

    @classmethod
    def from_query(cls, query: QueryDict) -> ProviderFilter:
        """The form showing the valid filters of ``query``; the others are dropped, not echoed."""
        published = Provider.objects.published()
        choices = {
            "type": _choices(ProviderType.objects.filter(providers__in=published).distinct()),
            "network": _choices(Network.objects.filter(providers__in=published).distinct()),
        }
        bound = cls(query, choices=choices)
        bound.is_valid()  # a field with an unknown value drops out of cleaned_data
        return cls(initial=bound.cleaned_data, choices=choices)

    def providers(self) -> QuerySet[Provider]:
        providers = Provider.objects.published()
        if code := self.initial.get("type"):
            providers = providers.filter(provider_type__code=code)
        if code := self.initial.get("network"):
            providers = providers.filter(networks__code=code)
        return providers


def _choices(values: QuerySet[ProviderType] | QuerySet[Network]) -> list[tuple[str, str]]:
    return [(value.code, value.label_in()) for value in values]


@dataclass(frozen=True)
class LetterGroup:
    letter: str
    providers: list[Provider]

    @property
    def anchor(self) -> str:
        return "letter-other" if self.letter == OTHER else f"letter-{self.letter.lower()}"


@require_safe
def provider_list(request: HttpRequest) -> HttpResponse:
    form = ProviderFilter.from_query(request.GET)
    providers = list(with_published_offer_counts(form.providers()).select_related("provider_type"))
    groups = alphabet_groups(providers)
    present = {group.letter: group for group in groups}
    letters = [*string.ascii_uppercase, *([OTHER] if OTHER in present else [])]
    return render(
        request,
        "public/providers.html",
        {
            "form": form,
            "groups": groups,
            "count": len(providers),
            "letters": [(letter, present.get(letter)) for letter in letters],
        },
    )


@require_safe
def provider_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    provider = get_object_or_404(
        Provider.objects.published()
        .select_related("provider_type")
        .prefetch_related("networks", "translations"),
        uuid=uuid,
    )
    offers = (
        Offer.objects.published().select_related("area", "region").prefetch_related("translations")
    )
    return render(
        request,
        "public/provider.html",
        {
            "provider": provider,
            "lead_offers": offers.filter(provider=provider),
            "partner_offers": offers.filter(partners=provider).exclude(provider=provider),
        },
    )


def with_published_offer_counts(providers: QuerySet[Provider]) -> QuerySet[Provider]:
    """Annotate ``offer_count``: the published offers a provider runs or is a partner in.

    Counted in subqueries, so that lead and partner offers never multiply each other's rows.
    """
    published = Offer.objects.published().order_by()
    lead = published.filter(provider=OuterRef("pk")).values("provider")
    partner = (
        published.filter(partners=OuterRef("pk"))
        .exclude(provider=OuterRef("pk"))
        .values("partners")
    )
    return providers.annotate(offer_count=Coalesce(_count(lead), 0) + Coalesce(_count(partner), 0))


def _count(offers: QuerySet[Offer, Any]) -> Subquery:
    return Subquery(offers.annotate(n=Count("pk")).values("n"), output_field=IntegerField())


def sort_key(name: str) -> str:
    """German dictionary order (DIN 5007-1): case and accents ignored, ä as a, ß as ss."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return folded.lstrip(" \"'„“”‚‘’»«()[]-–.")  # „Brücke“ e. V. sorts under B


def letter_of(name: str) -> str:
    key = sort_key(name)
    first = key[:1].upper()
    return first if first in string.ascii_uppercase else OTHER


def alphabet_groups(providers: list[Provider]) -> list[LetterGroup]:
    """The providers sorted by name and grouped by initial; names not starting A–Z go last."""
    ordered = sorted(
        providers, key=lambda p: (letter_of(p.name) == OTHER, sort_key(p.name), p.name)
    )
    return [
        LetterGroup(letter, list(members))
        for letter, members in itertools.groupby(ordered, key=lambda p: letter_of(p.name))
    ]
