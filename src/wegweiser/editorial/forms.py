"""Staff forms for offers and providers.

The forms never carry the editorial status, the region or anything the user may not choose:
the choices of providers, districts and locations are narrowed to what the user may use, so a
posted value outside them is a form error, not a change (no mass assignment).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegweiser.accounts import permissions
from wegweiser.directory.concurrency import ConcurrentEditForm
from wegweiser.directory.models import (
    AgeGroup,
    Area,
    District,
    EditorialStatus,
    Gender,
    Language,
    Location,
    Offer,
    OfferKind,
    Provider,
    Region,
    TargetGroup,
)
from wegweiser.directory.models.translations import Translatable
from wegweiser.editorial import offerdata
from wegweiser.editorial.models import ChangeReport

CHECKBOXES = ("age_groups", "target_groups", "languages", "districts")


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> Any:
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    if field.name in CHECKBOXES:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
    return field.formfield(**kwargs)


def _active_or_chosen(model: type[Any], chosen: Any) -> Any:
    """Active vocabulary values, plus inactive ones the entry already uses."""
    return model.objects.filter(Q(active=True) | Q(pk__in=chosen)).order_by("order", "code")


class OfferForm(ConcurrentEditForm):
    """Everything an editor fills in about an offer; the region is fixed by the page."""

    new_location_name = forms.CharField(label=_("Bezeichnung"), max_length=300, required=False)
    new_location_street = forms.CharField(
        label=_("Straße und Hausnummer"), max_length=200, required=False
    )
    new_location_postcode = forms.CharField(label=_("PLZ"), max_length=10, required=False)
    new_location_city = forms.CharField(label=_("Ort"), max_length=100, required=False)
    new_location_district = forms.ModelChoiceField(
        label=_("Stadtteil / Gemeinde"), queryset=District.objects.none(), required=False
    )

    class Meta:
        model = Offer
        fields = offerdata.FIELD_ORDER
        formfield_callback = _formfield
        widgets = {  # noqa: RUF012 (Django's Meta)
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 6}),
            "schedule": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "locations": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer: Offer = self.instance
        offer.region = region
        self.user, self.region = user, region
        city = permissions.has_role(user, region, *permissions.EDITING_ROLES)
        chosen = offer.pk is not None
        providers = Provider.objects.exclude(status=EditorialStatus.ARCHIVED)
        if chosen:
            providers = Provider.objects.filter(
                Q(pk__in=providers) | Q(pk=offer.provider_id) | Q(pk__in=offer.partners.all())
            )
        lead = (
            providers
            if city
            else providers.filter(pk__in=permissions.editable_provider_ids(user, region))
        )
        self._set("provider", lead.order_by("name"))
        self._set("partners", providers.order_by("name"))
        for name, model in (
            ("area", Area),
            ("kind", OfferKind),
            ("gender", Gender),
            ("age_groups", AgeGroup),
            ("target_groups", TargetGroup),
            ("languages", Language),
        ):
            used: Any = []
            if chosen:
                used = (
                    getattr(offer, name).all()
                    if name in offerdata.MANY_TO_MANY
                    else [getattr(offer, f"{name}_id")]
                )
            self._set(name, _active_or_chosen(model, used))
        self._set("districts", District.objects.filter(region=region).order_by("code"))
        self.fields["new_location_district"].queryset = District.objects.filter(region=region)  # type: ignore[attr-defined]
        locations = Location.objects.filter(region=region)
        if not city:
            mine = permissions.editable_provider_ids(user, region)
            locations = locations.filter(
                Q(provider__in=mine)
                | Q(provider__isnull=True)
                | Q(pk__in=offer.locations.all() if chosen else [])
            )
        self._set("locations", locations.select_related("district"))
        if not city:
            del self.fields["external_id"]
        if not chosen:
            self.fields["kind"].initial = OfferKind.objects.filter(code=OfferKind.REGULAR).first()
            self.fields["gender"].initial = Gender.objects.filter(code=Gender.ALL).first()

    def _set(self, name: str, queryset: Any) -> None:
        self.fields[name].queryset = queryset  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("citywide") and cleaned.get("districts"):
            self.add_error(
                "districts",
                _("Ein Angebot für die ganze Region (00) hat keine einzelnen Stadtteile."),
            )
        # A new place needs something to find it by; a postcode or a district alone is not one.
        address = [cleaned.get(f"new_location_{part}") for part in ("postcode", "city", "district")]
        if any(address) and not (
            cleaned.get("new_location_name") or cleaned.get("new_location_street")
        ):
            self.add_error(
                "new_location_name", _("Ein neuer Ort braucht eine Bezeichnung oder eine Straße.")
            )
        return cleaned

    def offer_values(self) -> dict[str, Any]:
        """The cleaned values in the form ``actions`` take (see ``offerdata``)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in offerdata.EDITABLE_FIELDS
        }

    def new_location(self) -> dict[str, Any] | None:
        parts = {
            part: self.cleaned_data.get(f"new_location_{part}")
            for part in ("name", "street", "postcode", "city", "district")
        }
        if not any(parts.values()):
            return None
        return {key: value or ("" if key != "district" else None) for key, value in parts.items()}

    def fieldsets(self) -> list[tuple[str, list[Any]]]:
        """The fields in groups, for the template (each group a ``<fieldset>``)."""
        groups: list[tuple[str, tuple[str, ...]]] = [
            (
                str(_("Angebot")),
                ("provider", "partners", "title", "description", "area", "kind", "external_id"),
            ),
            (
                str(_("Projekt / Kurs")),
                ("start_date", "end_date", "funding_programme", "hours", "hours_note"),
            ),
            (str(_("Zielgruppen")), ("age_groups", "gender", "target_groups", "languages")),
            (str(_("Wo")), ("citywide", "districts", "locations")),
            (
                str(_("Neuer Ort (falls er in der Liste fehlt)")),
                (
                    "new_location_name",
                    "new_location_street",
                    "new_location_postcode",
                    "new_location_city",
                    "new_location_district",
                ),
            ),
            (
                str(_("Bedingungen")),
                (
                    "schedule",
                    "cost",
                    "cost_note",
                    "registration_required",
                    "barrier_free",
                    "childcare",
                ),
            ),
            (
                str(_("Kontakt")),
                ("contact_name", "contact_email", "contact_phone", "website"),
            ),
        ]
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in groups
        ]


def initial_from_values(values: dict[str, Any]) -> dict[str, Any]:
    """Offer values (e.g. of a pending revision) as a form's ``initial``."""
    initial: dict[str, Any] = {}
    for name, value in values.items():
        if name in offerdata.MANY_TO_MANY:
            initial[name] = [obj.pk for obj in value]
        elif name in offerdata.FOREIGN_KEYS:
            initial[name] = value.pk if value is not None else None
        elif name in offerdata.EDITABLE_FIELDS:
            initial[name] = value
    return initial


class TranslationForm(forms.Form):
    """One language's texts of an offer or a provider (any ``Translatable``), beside the German
    source; ``loaded`` detects a translation saved meanwhile."""

    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, obj: Translatable, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obj, self.language = obj, language
        model = type(obj)
        translation = obj.translation(language)
        self.stored = translation.updated_at.isoformat() if translation else ""
        self.fields["loaded"].initial = self.stored
        for name in model.translatable_fields:
            model_field = model._meta.get_field(name)
            widget: Any = (
                forms.Textarea(attrs={"rows": 6 if name == "description" else 3, "dir": "auto"})
                if isinstance(model_field, models.TextField)
                else forms.TextInput(attrs={"dir": "auto"})
            )
            self.fields[name] = forms.CharField(
                label=offerdata.verbose_name(model, name),
                required=False,
                max_length=getattr(model_field, "max_length", None),
                widget=widget,
                initial=getattr(translation, name) if translation else "",
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("loaded", "") != self.stored:
            data = self.data.copy()  # type: ignore[attr-defined]
            data[self.add_prefix("loaded")] = self.stored
            self.data = data
            raise forms.ValidationError(
                _(
                    "Jemand hat diese Übersetzung gespeichert, nachdem Sie sie geöffnet haben. "
                    "Ihre Eingaben sind erhalten, aber noch nicht gespeichert; erneutes Speichern "
                    "überschreibt die andere Fassung."
                ),
                code="conflict",
            )
        return cleaned

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in type(self.obj).translatable_fields}

    def rows(self) -> list[tuple[str, str, Any]]:
        """(label, German source, bound field) for the side-by-side table."""
        return [
            (str(self[name].label), str(getattr(self.obj, name) or ""), self[name])
            for name in type(self.obj).translatable_fields
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung (geht per E-Mail an die Verfasserin oder den Verfasser)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class HandleReportForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Ergebnis"),
        choices=[
            (ChangeReport.State.DONE, _("erledigt")),
            (ChangeReport.State.DISMISSED, _("verworfen")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Vermerk (intern)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class ProviderForm(ConcurrentEditForm):
    class Meta:
        model = Provider
        fields = (
            "name",
            "short_name",
            "alternative_names",
            "provider_type",
            "description",
            "website",
            "email",
            "phone",
            "street",
            "postcode",
            "city",
            "home_region",
            "networks",
            "districts_served",
        )
        formfield_callback = _formfield
        widgets = {  # noqa: RUF012 (Django's Meta)
            "networks": forms.CheckboxSelectMultiple,
            "districts_served": forms.SelectMultiple(attrs={"size": 8}),
            "alternative_names": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def provider_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
