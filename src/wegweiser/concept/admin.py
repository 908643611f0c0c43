"""The concept in the Django admin (administrators only), until its staff pages exist."""

from __future__ import annotations

from django.contrib import admin

from wegweiser.concept.models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalIndicator,
    Measure,
    MeasureUpdate,
    SelfCommitment,
)


class FieldInline(admin.TabularInline):
    model = FieldOfAction
    extra = 0


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "version", "state", "adopted_on")
    list_filter = ("region", "state")
    inlines = (FieldInline,)


class IndicatorInline(admin.StackedInline):
    model = GoalIndicator
    extra = 0


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    autocomplete_fields = ("responsible_provider", "partners", "offers")


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("title", "action_field")
    list_filter = ("action_field__concept",)
    inlines = (IndicatorInline, MeasureInline)


@admin.register(MeasureUpdate)
class MeasureUpdateAdmin(admin.ModelAdmin):
    list_display = ("measure", "date", "author_label")


@admin.register(SelfCommitment)
class SelfCommitmentAdmin(admin.ModelAdmin):
    list_display = ("goal", "provider", "actor_name", "date", "state")
