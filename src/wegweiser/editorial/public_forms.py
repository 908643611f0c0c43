"""The public's forms, without an account: report a change to an offer, suggest a new offer.

Both carry a honeypot field (hidden from people by CSS, filled in by naive bots): a submission
with it filled in is answered like a success and stored nowhere. Submissions are limited per
client address (``ratelimit``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.directory.models import Region

MESSAGE_MAX = 5000


class PublicReportForm(forms.Form):
    message = forms.CharField(
        label=_("Was hat sich geändert?"),
        help_text=_("Zum Beispiel neue Zeiten, ein neuer Ort, eine neue Telefonnummer."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MESSAGE_MAX,
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse (freiwillig)"),
        help_text=_(
            "Nur für Rückfragen zu dieser Meldung. Wir löschen sie, sobald die Meldung "
            "bearbeitet ist."
        ),
        required=False,
        max_length=254,
    )
    # The honeypot: people never see it (display: none), so only a bot fills it in.
    homepage = forms.CharField(
        label=_("Bitte dieses Feld leer lassen"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("homepage")))


class SuggestOfferForm(PublicReportForm):
    title = forms.CharField(label=_("Name des Angebots"), max_length=300)
    provider_name = forms.CharField(
        label=_("Wer bietet es an? (Verein, Einrichtung)"), max_length=300, required=False
    )
    region = forms.ModelChoiceField(
        label=_("Wo?"), queryset=Region.objects.order_by("order", "name"), empty_label=None
    )
    website = forms.URLField(
        label=_("Website des Angebots (freiwillig)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    field_order = ("title", "provider_name", "region", "message", "website", "email", "homepage")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["message"].label = _("Beschreibung: Was, für wen, wann und wo?")
        self.fields["message"].help_text = ""
        if self.fields["region"].queryset.count() == 1:  # type: ignore[attr-defined]
            self.fields["region"].widget = forms.HiddenInput()
            self.fields["region"].initial = self.fields["region"].queryset.get()  # type: ignore[attr-defined]
