"""The search page's parameters, validated: a bad value is a 400 with a message, never a 500."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.directory.search import GENDER_CHOICES, SORTS, VOCABULARY_FACETS, Filters, catalog

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=MAX_QUERY_LENGTH)
    region = forms.ChoiceField(label=_("Region"), required=False)
    area = forms.MultipleChoiceField(label=_("Bereich"), required=False)
    age = forms.MultipleChoiceField(label=_("Altersgruppe"), required=False)
    gender = forms.MultipleChoiceField(
        label=_("Geschlecht"), required=False, choices=[(code, code) for code in GENDER_CHOICES]
    )
    target = forms.MultipleChoiceField(label=_("Weitere Zielgruppe"), required=False)
    language = forms.MultipleChoiceField(label=_("Sprache des Angebots"), required=False)
    district = forms.MultipleChoiceField(label=_("Stadtteil"), required=False)
    provider_type = forms.MultipleChoiceField(label=_("Trägerart"), required=False)
    kind = forms.MultipleChoiceField(label=_("Angebotsart"), required=False)
    free = forms.BooleanField(label=_("kostenlos"), required=False)
    barrier_free = forms.BooleanField(label=_("barrierefrei"), required=False)
    sort = forms.ChoiceField(
        label=_("Sortierung"), required=False, choices=[(sort, sort) for sort in SORTS]
    )
    page = forms.IntegerField(label=_("Seite"), required=False, min_value=1, max_value=100_000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The valid values come from the search catalog (no query when it is current).
        shelf = catalog.current()
        self.regions = {region.slug: region for region in shelf.regions}
        self._choices("region", ["", *self.regions])
        for facet in VOCABULARY_FACETS:
            self._choices(facet, shelf.codes[facet])
        self._choices("district", shelf.codes["district"])

    def _choices(self, name: str, codes: Iterable[str]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(code, code) for code in codes]

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            region=self.regions.get(data.get("region") or ""),
            **{facet: tuple(data.get(facet) or ()) for facet in VOCABULARY_FACETS},
            gender=tuple(data.get("gender") or ()),
            district=tuple(data.get("district") or ()),
            free=bool(data.get("free")),
            barrier_free=bool(data.get("barrier_free")),
        )
