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


def check_day(day: dt.date | None, error: type[Exception]) -> dt.date | None:
    """A report date must lie between 2000-01-01 and today (Europe/Berlin): the history holds
    nothing earlier, and nobody knows yet what will be published later."""
    if day is not None and day < EARLIEST:
        raise error(_("Bitte ein Datum ab dem 1. 1. 2000 wählen."))
    if day is not None and day > sources.today():
        raise error(
            _("Das Datum %(day)s liegt in der Zukunft; für den heutigen Stand kein Datum angeben.")
            % {"day": day.isoformat()}
        )
    return day


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
        if sources.snapshots_available():
            # Survey rounds (from the surveys app): count a closed round's snapshot instead of
            # the offers at a date. Only the chosen region's closed rounds are valid choices.
            rounds = sources.snapshot_rounds(region)
            choices = [("", _("keine (Stichtag verwenden)")), *rounds]
            help_text = "" if rounds else _("Noch keine abgeschlossene Befragungsrunde.")
            self.fields["round"] = forms.ChoiceField(
                label=_("Befragungsrunde"), required=False, choices=choices, help_text=help_text
            )
            self.fields["compare_round"] = forms.ChoiceField(
                label=_("Vergleichen mit Befragungsrunde"),
                required=False,
                choices=choices,
                help_text=help_text,
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
        return check_day(day, forms.ValidationError)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("rows") and data.get("rows") == data.get("cols"):
            self.add_error("cols", _("Zeilen und Spalten müssen verschiedene Merkmale sein."))
        for day, round_name in (("at", "round"), ("compare", "compare_round")):
            if data.get(day) and data.get(round_name):
                self.add_error(
                    round_name,
                    _(
                        "Bitte entweder einen Stichtag oder eine Befragungsrunde wählen, nicht beides."
                    ),
                )
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
