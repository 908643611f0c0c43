"""The form of the staff cross-table page: rows, columns, filters, date, comparison date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.directory.models import Language, Region
from wegweiser.reports import sources
from wegweiser.reports.dimensions import DIMENSIONS, NO_VALUE, listed_values, value_labels

EARLIEST = dt.date(2000, 1, 1)


def value_choices(name: str, region: Region | None) -> list[tuple[str, str]]:
    occurring = (
        set(Language.objects.values_list("code", flat=True)) if name == "language" else set()
    )
    values = [*listed_values(name, region, occurring), NO_VALUE]
    labels = value_labels(name, values, region)
    return [(value, labels[value]) for value in values]


def filter_field_name(name: str) -> str:
    return f"f_{name}"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CrossTableForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"))
    rows = forms.ChoiceField(label=_("Zeilen"), initial="area")
    cols = forms.ChoiceField(label=_("Spalten"), required=False, initial="")
    at = forms.DateField(
        label=_("Stichtag"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Leer: heute. Sonst der Stand am Ende dieses Tages aus der Versionsgeschichte."
        ),
    )
    compare = forms.DateField(
        label=_("Vergleichen mit Stichtag"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional: eine Spalte mit der Differenz zu diesem Tag."),
    )

    def __init__(self, *args: Any, regions: list[Region], region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region_objects = {r.slug: r for r in regions}
        self.fields["region"].choices = [(r.slug, r.name) for r in regions]  # type: ignore[attr-defined]
        self.fields["region"].initial = region.slug
        dimensions = [(name, str(spec.label)) for name, spec in DIMENSIONS.items()]
        self.fields["rows"].choices = dimensions  # type: ignore[attr-defined]
        self.fields["cols"].choices = [("", _("keine (nur Zeilen)")), *dimensions]  # type: ignore[attr-defined]
        rounds = sources.snapshot_rounds(region)
        if rounds:
            # Survey rounds (from the surveys app): count a round's snapshot instead of a date.
            choices = [("", _("keine (Stichtag verwenden)")), *rounds]
            self.fields["round"] = forms.ChoiceField(
                label=_("Befragungsrunde"), required=False, choices=choices
            )
            self.fields["compare_round"] = forms.ChoiceField(
                label=_("Vergleichen mit Befragungsrunde"), required=False, choices=choices
            )
        self.filter_names: list[str] = []
        for name, spec in DIMENSIONS.items():
            field_name = filter_field_name(name)
            self.fields[field_name] = forms.MultipleChoiceField(
                label=str(spec.label),
                required=False,
                choices=value_choices(name, region),
                widget=forms.CheckboxSelectMultiple,
            )
            self.filter_names.append(field_name)

    def clean_at(self) -> dt.date | None:
        return self._check_day(self.cleaned_data.get("at"))

    def clean_compare(self) -> dt.date | None:
        return self._check_day(self.cleaned_data.get("compare"))

    def _check_day(self, day: dt.date | None) -> dt.date | None:
        if day is not None and day < EARLIEST:
            raise forms.ValidationError(_("Bitte ein Datum ab dem 1. 1. 2000 wählen."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rows") and data.get("rows") == data.get("cols"):
            self.add_error("cols", _("Zeilen und Spalten müssen verschiedene Merkmale sein."))
        return data

    def main_fields(self) -> list[forms.BoundField]:
        names = ("region", "rows", "cols", "at", "compare", "round", "compare_round")
        fields = [self[name] for name in names if name in self.fields]
        for field in fields:
            described = [f"{field.auto_id}-help"] if field.help_text else []
            if field.errors:
                described.append(f"{field.auto_id}-errors")
                field.field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.field.widget.attrs["aria-describedby"] = " ".join(described)
        return fields

    def filter_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.filter_names]

    def filters(self) -> dict[str, list[str]]:
        return {
            name: list(self.cleaned_data.get(filter_field_name(name)) or [])
            for name in DIMENSIONS
            if self.cleaned_data.get(filter_field_name(name))
        }

    def chosen_region(self) -> Region:
        return self.region_objects[self.cleaned_data["region"]]
