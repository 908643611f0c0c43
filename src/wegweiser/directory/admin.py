"""Interim editing for administrators (the staff UI comes with the editorial workflow)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from wegweiser.directory.concurrency import ConcurrentEditForm
from wegweiser.directory.history import record_version
from wegweiser.directory.models import (
    AgeGroup,
    Area,
    District,
    Gender,
    Language,
    Location,
    Network,
    Offer,
    OfferKind,
    OfferLocation,
    OfferTranslation,
    Provider,
    ProviderTranslation,
    ProviderType,
    Region,
    TargetGroup,
)
from wegweiser.directory.models.vocabularies import Vocabulary

# What the editorial team keeps on offers and providers (the workflow comes with its own issue).
EDITORIAL_FIELDSET = (
    _("Redaktion"),
    {"fields": ("status", "verified_at", "verified_by", "is_demo", "external_id", "edit_lock")},
)

# Web addresses typed without a scheme are taken as https:// (Django 6.0's default).
URL_FORMFIELD: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> Any:
    return field.formfield(**{**URL_FORMFIELD.get(type(field), {}), **kwargs})


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "ags", "order")
    search_fields = ("name", "slug", "ags")
    readonly_fields = ("uuid",)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "population", "has_geometry")
    list_filter = ("region",)
    search_fields = ("code", "name", "alternative_names")
    readonly_fields = ("uuid",)

    @admin.display(boolean=True, description=_("Geometrie"))
    def has_geometry(self, district: District) -> bool:
        return district.geometry is not None


class VocabularyAdminBase(admin.ModelAdmin):
    """Values are deactivated, never deleted; codes never change once saved."""

    formfield_overrides = URL_FORMFIELD
    search_fields = ("code", "label")
    readonly_fields = ("uuid",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("uuid", "code") if obj is not None else ("uuid",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        model: type[Vocabulary] = self.model
        return not model.is_fixed and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VocabularyAdmin(VocabularyAdminBase):
    list_display = ("code", "label", "order", "active")
    list_filter = ("active",)


admin.site.register(Area, VocabularyAdmin)
admin.site.register(Gender, VocabularyAdmin)
admin.site.register(OfferKind, VocabularyAdmin)
admin.site.register(TargetGroup, VocabularyAdmin)
admin.site.register(Language, VocabularyAdmin)
admin.site.register(Network, VocabularyAdmin)


@admin.register(AgeGroup)
class AgeGroupAdmin(VocabularyAdminBase):
    list_display = ("code", "label", "min_age", "max_age", "seed_column", "active")


@admin.register(ProviderType)
class ProviderTypeAdmin(VocabularyAdminBase):
    list_display = ("code", "label", "report_column", "active")
    list_filter = ("report_column", "active")


class TranslationInline(admin.StackedInline):
    extra = 0
    readonly_fields = ("state_label",)

    @admin.display(description=_("Stand"))
    def state_label(self, translation: Any) -> str:
        if translation.pk is None:
            return "–"
        return str(translation.state.label)


class ProviderTranslationInline(TranslationInline):
    model = ProviderTranslation


class OfferTranslationInline(TranslationInline):
    model = OfferTranslation


class SingleVersionAdmin(SimpleHistoryAdmin):
    """Records one version per save in the admin: the object with its relations and inlines.

    Without this, the model's save and each changed many-to-many field would each record a
    version of their own (see ``wegweiser.directory.history``). The change form saves the
    relations and inlines in ``save_related``; the history's revert view saves the relations
    with ``form.save_m2m()`` alone. Either way the version is recorded once, at the end.
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)
        save_m2m = form.save_m2m

        def save_m2m_then_record() -> None:
            save_m2m()
            if not getattr(form, "saving_related", False):
                self._record(request, obj, created=not change)

        form.save_m2m = save_m2m_then_record

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        form.saving_related = True
        try:
            super().save_related(request, form, formsets, change)
        finally:
            form.saving_related = False
        self._record(request, form.instance, created=not change)

    def _record(self, request: HttpRequest, obj: Any, *, created: bool) -> None:
        if hasattr(obj, "skip_history_when_saving"):
            del obj.skip_history_when_saving
        record_version(obj, created=created, user=request.user, reason="Verwaltung (Admin)")


class ProviderAdminForm(ConcurrentEditForm):
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
            "status",
            "verified_at",
            "verified_by",
            "is_demo",
            "external_id",
        )
        formfield_callback = _formfield


@admin.register(Provider)
class ProviderAdmin(SingleVersionAdmin):
    form = ProviderAdminForm
    formfield_overrides = URL_FORMFIELD
    list_display = ("name", "short_name", "provider_type", "status", "verified_at", "is_demo")
    list_filter = ("status", "provider_type", "networks", "home_region", "is_demo")
    search_fields = ("name", "short_name", "alternative_names", "description")
    filter_horizontal = ("networks", "districts_served")
    readonly_fields = ("uuid", "created_at", "updated_at")
    inlines: ClassVar = [ProviderTranslationInline]
    fieldsets = (
        (
            None,
            {"fields": ("name", "short_name", "alternative_names", "provider_type", "description")},
        ),
        (_("Kontakt"), {"fields": ("website", "email", "phone", "street", "postcode", "city")}),
        (_("Zuordnung"), {"fields": ("home_region", "networks", "districts_served")}),
        EDITORIAL_FIELDSET,
        (_("System"), {"fields": ("uuid", "created_at", "updated_at")}),
    )


@admin.register(Location)
class LocationAdmin(SingleVersionAdmin):
    list_display = ("__str__", "region", "district", "provider")
    list_filter = ("region",)
    search_fields = ("name", "street", "postcode", "city", "provider__name")
    autocomplete_fields = ("provider", "district")
    readonly_fields = ("uuid",)


OFFER_FIELDSETS: Any = (
    (None, {"fields": ("region", "provider", "partners", "title", "description", "area", "kind")}),
    (
        _("Projekt / Kurs"),
        {"fields": ("start_date", "end_date", "funding_programme", "hours", "hours_note")},
    ),
    (_("Zielgruppen"), {"fields": ("age_groups", "gender", "target_groups", "languages")}),
    (_("Wo"), {"fields": ("citywide", "districts")}),
    (
        _("Bedingungen"),
        {
            "fields": (
                "schedule",
                "cost",
                "cost_note",
                "registration_required",
                "barrier_free",
                "childcare",
            )
        },
    ),
    (_("Kontakt"), {"fields": ("contact_name", "contact_email", "contact_phone", "website")}),
    EDITORIAL_FIELDSET,
)


class OfferAdminForm(ConcurrentEditForm):
    class Meta:
        model = Offer
        fields = tuple(name for name in flatten_fieldsets(OFFER_FIELDSETS) if name != "edit_lock")
        formfield_callback = _formfield

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        offer: Offer = self.instance
        for field in ("region", "citywide"):
            if field in cleaned:
                setattr(offer, field, cleaned[field])
        if offer.region_id is not None:
            try:
                offer.clean_relations(districts=cleaned.get("districts") or [])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


class OfferLocationFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        offer: Offer = self.instance
        locations = [
            form.cleaned_data["location"]
            for form in self.forms
            if form.cleaned_data.get("location") and not form.cleaned_data.get("DELETE")
        ]
        try:
            offer.clean_relations(districts=[], locations=locations)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class OfferLocationInline(admin.TabularInline):
    model = OfferLocation
    formset = OfferLocationFormSet
    extra = 0
    autocomplete_fields = ("location",)
    readonly_fields = ("uuid",)
    verbose_name = _("Ort")
    verbose_name_plural = _("Orte")


@admin.register(Offer)
class OfferAdmin(SingleVersionAdmin):
    formfield_overrides = URL_FORMFIELD
    form = OfferAdminForm
    list_display = (
        "title",
        "provider",
        "region",
        "area",
        "kind",
        "status",
        "verified_at",
        "is_demo",
    )
    list_filter = (
        "region",
        "status",
        "area",
        "kind",
        "gender",
        "age_groups",
        "provider__provider_type",
        "citywide",
        "is_demo",
    )
    search_fields = (
        "title",
        "description",
        "provider__name",
        "provider__short_name",
        "external_id",
    )
    list_select_related = ("provider", "region", "area", "kind")
    autocomplete_fields = ("provider",)
    filter_horizontal = ("partners", "age_groups", "target_groups", "languages", "districts")
    readonly_fields = ("uuid", "created_at", "updated_at")
    inlines: ClassVar = [OfferLocationInline, OfferTranslationInline]
    fieldsets = (*OFFER_FIELDSETS, (_("System"), {"fields": ("uuid", "created_at", "updated_at")}))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Offer]:
        return super().get_queryset(request).select_related("provider", "region", "area", "kind")
