"""Staff forms of the integration concept. Every form of a stored entry detects a save made
meanwhile (``ConcurrentEditForm``); the region, the concept and the goal are fixed by the page,
never posted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegweiser.concept.models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalIndicator,
    Measure,
    MeasureUpdate,
    SelfCommitment,
)
from wegweiser.directory.concurrency import ConcurrentEditForm
from wegweiser.directory.models import EditorialStatus, Offer, Provider, Region

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConceptForm(ConcurrentEditForm):
    class Meta:
        model = Concept
        fields = (
            "title",
            "state",
            "adopted_on",
            "adopted_by",
            "period_start",
            "period_end",
            "introduction",
            "consultation_start",
            "consultation_end",
        )
        widgets = {  # noqa: RUF012 (Django's Meta)
            "adopted_on": DATE,
            "period_start": DATE,
            "period_end": DATE,
            "consultation_start": DATE,
            "consultation_end": DATE,
            "introduction": forms.Textarea(attrs={"rows": 5}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("state") == Concept.State.CONSULTATION and not (
            cleaned.get("consultation_start") and cleaned.get("consultation_end")
        ):
            self.add_error(
                "consultation_end",
                _("Für eine Beteiligung bitte Beginn und Ende des Zeitraums angeben."),
            )
        if cleaned.get("state") == Concept.State.ADOPTED and not cleaned.get("adopted_on"):
            self.add_error("adopted_on", _("Bitte das Datum des Beschlusses angeben."))
        return cleaned


class NewConceptForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    title = forms.CharField(label=_("Titel"), max_length=200)

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class FieldOfActionForm(ConcurrentEditForm):
    class Meta:
        model = FieldOfAction
        fields = ("title", "description", "position")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}  # noqa: RUF012


class GoalForm(ConcurrentEditForm):
    class Meta:
        model = Goal
        fields = ("title", "description", "position")
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}  # noqa: RUF012


class IndicatorForm(ConcurrentEditForm):
    class Meta:
        model = GoalIndicator
        fields = (
            "label",
            "source",
            "code",
            "gebiet",
            "offer_filters",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "direction",
            "demo_values",
            "position",
        )
        widgets = {  # noqa: RUF012
            "baseline_date": DATE,
            "target_date": DATE,
            "offer_filters": forms.Textarea(attrs={"rows": 2}),
        }


def _providers_of(region: Region) -> Any:
    return Provider.objects.exclude(status=EditorialStatus.ARCHIVED).order_by("name")


class MeasureForm(ConcurrentEditForm):
    class Meta:
        model = Measure
        fields = (
            "title",
            "description",
            "responsible_provider",
            "responsible_office",
            "partners",
            "state",
            "start",
            "end",
            "budget",
            "offers",
            "position",
        )
        widgets = {  # noqa: RUF012
            "start": DATE,
            "end": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "offers": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        providers = _providers_of(region)
        self.fields["responsible_provider"].queryset = providers  # type: ignore[attr-defined]
        self.fields["partners"].queryset = providers  # type: ignore[attr-defined]
        chosen = list(self.instance.offers.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["offers"].queryset = (  # type: ignore[attr-defined]
            Offer.objects.filter(region=region)
            .filter(Q(status=EditorialStatus.PUBLISHED) | Q(pk__in=chosen))
            .order_by("title")
        )


class MeasureUpdateForm(forms.ModelForm):
    class Meta:
        model = MeasureUpdate
        fields = ("date", "text")
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 5})}  # noqa: RUF012

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Das Datum liegt in der Zukunft."))
        return date


class CommitmentForm(ConcurrentEditForm):
    class Meta:
        model = SelfCommitment
        fields = ("provider", "actor_name", "statement", "date", "state", "report")
        widgets = {  # noqa: RUF012
            "date": DATE,
            "statement": forms.Textarea(attrs={"rows": 3}),
            "report": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _providers_of(region)  # type: ignore[attr-defined]


class CommitmentReportForm(ConcurrentEditForm):
    """What the committed provider itself may change: its report and whether it is fulfilled."""

    class Meta:
        model = SelfCommitment
        fields = ("state", "report")
        widgets = {"report": forms.Textarea(attrs={"rows": 4})}  # noqa: RUF012
