"""Forms of the consultation and of the progress report's download page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.concept.models import Comment
from wegweiser.directory.models import Region
from wegweiser.editorial.public_forms import PublicReportForm

COMMENT_MAX = Comment._meta.get_field("text").max_length or 4000


class CommentForm(PublicReportForm):
    """A comment from the public: the public forms' honeypot and optional e-mail address, and
    an optional name shown with the comment."""

    message = forms.CharField(
        label=_("Ihr Kommentar"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=COMMENT_MAX,
    )
    name = forms.CharField(
        label=_("Ihr Name (freiwillig)"),
        help_text=_("Wird mit Ihrem Kommentar veröffentlicht. Leer: „anonym“."),
        required=False,
        max_length=120,
    )

    field_order = ("message", "name", "email", "homepage")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "Nur für Rückfragen zu Ihrem Kommentar; nicht veröffentlicht. Wir löschen sie, "
            "sobald der Kommentar geprüft ist."
        )


FORMATS = (
    ("pdf", "PDF"),
    ("xlsx", _("XLSX (Tabellenkalkulation)")),
    ("html", "HTML"),
    ("json", "JSON"),
)


class ReportForm(forms.Form):
    """Region, format and reference date of the progress report."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="pdf")
    at = forms.DateField(
        label=_("Stichtag"),
        required=False,
        help_text=_("Leer: heute. Werte bis zu diesem Tag."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        field.queryset = regions  # type: ignore[attr-defined]
        field.to_field_name = "slug"  # type: ignore[attr-defined]
        field.empty_label = None  # type: ignore[attr-defined]

    def clean_at(self) -> dt.date | None:
        day = self.cleaned_data.get("at")
        if day is not None and day.year < 2000:
            raise forms.ValidationError(_("Bitte ein Datum ab dem 1. 1. 2000 wählen."))
        return day
