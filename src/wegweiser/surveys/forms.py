"""Forms of the survey pages: opening a round (staff) and the provider's questionnaire.

The questionnaire's offer form is the editorial ``OfferForm`` itself, narrowed for someone
without an account: the lead provider is fixed to the invited one (the field is left out), no
external key, no new places (they would be written at once, before any review), and only the
places of the provider or of no provider to choose from.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegweiser.directory.models import Location, Offer, Provider, Region
from wegweiser.editorial.forms import OfferForm
from wegweiser.surveys.models import SurveyRound


class RoundForm(forms.ModelForm):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())

    class Meta:
        model = SurveyRound
        fields = ("region", "title", "deadline", "message")
        widgets = {  # noqa: RUF012 (Django's Meta)
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "message": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        region_field.queryset = Region.objects.filter(  # type: ignore[attr-defined]
            pk__in=[region.pk for region in regions]
        )
        if len(regions) == 1:
            region_field.initial = regions[0].pk
        today = timezone.localdate()
        self.fields["title"].initial = _("Befragung %(year)d") % {"year": today.year}
        self.fields["deadline"].initial = today + datetime.timedelta(weeks=6)

    def clean_deadline(self) -> datetime.date:
        deadline: datetime.date = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("Die Frist liegt in der Vergangenheit."))
        return deadline

    def _post_clean(self) -> None:
        # The round is built by the action (opened_at, opened_by); nothing to validate here.
        pass


class SurveyOfferForm(OfferForm):
    """The editorial offer form for a provider answering through its personal link."""

    def __init__(self, *args: Any, provider: Provider, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, user=AnonymousUser(), region=region, **kwargs)
        self.provider = provider
        offer: Offer = self.instance
        if offer.pk is None:
            offer.provider = provider
            # The model's empty values would hide the form's defaults (regular offer, all genders).
            for name in ("kind", "gender"):
                default = self.fields[name].initial
                if self.initial.get(name) is None and default is not None:
                    self.initial[name] = default.pk
        for name in [
            "provider",
            "external_id",
            "new_location_name",
            "new_location_street",
            "new_location_postcode",
            "new_location_city",
            "new_location_district",
        ]:
            self.fields.pop(name, None)
        current = offer.locations.all() if offer.pk else Location.objects.none()
        self.fields["locations"].queryset = (  # type: ignore[attr-defined]
            Location.objects.filter(region=region)
            .filter(Q(provider=provider) | Q(provider__isnull=True) | Q(pk__in=current))
            .select_related("district")
        )

    def offer_values(self) -> dict[str, Any]:
        values = super().offer_values()
        values.pop("provider", None)
        return values


class EndedForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Beendet am (falls bekannt)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Anmerkung für die Redaktion (freiwillig)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Anmerkung für die Redaktion (freiwillig)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
