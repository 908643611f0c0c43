"""The staff pages of the integration concept (/staff/konzept/): the city's editors maintain
concepts, fields of action, goals, indicators, measures and self-commitments; observers read;
the responsible provider's editors report on their measures and commitments."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts import permissions
from wegweiser.concept import links, services, values
from wegweiser.concept.forms import (
    CommitmentForm,
    CommitmentReportForm,
    ConceptForm,
    FieldOfActionForm,
    GoalForm,
    IndicatorForm,
    MeasureForm,
    MeasureUpdateForm,
    NewConceptForm,
)
from wegweiser.concept.models import (
    Concept,
    FieldOfAction,
    Goal,
    GoalIndicator,
    Measure,
    SelfCommitment,
)
from wegweiser.concept.status import shown
from wegweiser.directory.models import Region
from wegweiser.editorial import audit
from wegweiser.editorial.freshness import recipients_for

M = TypeVar("M", bound=Model)


def concept_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else to the login page) and with a role that uses these pages (else 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.uses_concept_pages(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _region_of(obj: Model) -> Region:
    if isinstance(obj, Concept):
        return obj.region
    if isinstance(obj, FieldOfAction):
        return obj.concept.region
    if isinstance(obj, Goal):
        return obj.action_field.concept.region
    return obj.goal.action_field.concept.region  # type: ignore[attr-defined]


def _readable(request: HttpRequest, obj: M) -> M:
    """``obj`` if the user may read its concept; 404 otherwise (nothing revealed)."""
    if not permissions.can_read_concept(request.user, _region_of(obj)):
        raise Http404
    return obj


def _editable(request: HttpRequest, obj: Model) -> bool:
    return permissions.can_edit_concept(request.user, _region_of(obj))


def _save(form: Any, request: HttpRequest, action: str, summary: str) -> Any:
    with transaction.atomic():
        obj = form.save()
        audit.record(
            f"concept.{action}",
            actor=request.user,
            obj=obj,
            region=_region_of(obj),
            summary=summary,
            request=request,
        )
    return obj


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    back_label: str,
    can_edit: bool,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "concept/staff_form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "back_label": back_label,
            "can_edit": can_edit,
            **(extra or {}),
        },
    )


# --- concepts ----------------------------------------------------------------------------------


@concept_view
def concept_list(request: HttpRequest) -> HttpResponse:
    readable = [
        region
        for region in Region.objects.order_by("name")
        if permissions.can_read_concept(request.user, region)
    ]
    concepts = (
        Concept.objects.filter(region__in=readable)
        .select_related("region")
        .order_by("region__name", "-version")
    )
    own_measures = (
        Measure.objects.filter(
            responsible_provider_id__in=permissions.editable_provider_ids(request.user)
        )
        .select_related("goal__action_field__concept__region", "responsible_provider")
        .order_by("goal__action_field__concept__region__name", "title")
    )
    own_commitments = SelfCommitment.objects.filter(
        provider_id__in=permissions.editable_provider_ids(request.user)
    ).select_related("goal__action_field__concept__region", "provider")
    return render(
        request,
        "concept/staff_list.html",
        {
            "concepts": concepts,
            "can_create": any(permissions.can_edit_concept(request.user, r) for r in readable),
            "own_measures": own_measures,
            "own_commitments": own_commitments,
        },
    )


@concept_view
def concept_create(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.filter(
        pk__in=[
            region.pk
            for region in Region.objects.all()
            if permissions.can_edit_concept(request.user, region)
        ]
    ).order_by("name")
    if not regions.exists():
        raise PermissionDenied
    form = NewConceptForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        concept = services.create_concept(
            form.cleaned_data["region"],
            form.cleaned_data["title"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("Das Konzept ist als Entwurf angelegt."))
        return redirect("concept:concept", pk=concept.pk)
    return render(request, "concept/staff_new.html", {"form": form})


@concept_view
def concept_detail(request: HttpRequest, pk: int) -> HttpResponse:
    concept = _readable(request, get_object_or_404(Concept.objects.select_related("region"), pk=pk))
    can_edit = _editable(request, concept)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = ConceptForm(request.POST or None, instance=concept)
    if request.method == "POST" and form.is_valid():
        _save(form, request, "save", "Konzept gespeichert: " + ", ".join(form.changed_data))
        messages.success(request, _("Gespeichert."))
        return redirect("concept:concept", pk=concept.pk)
    fields = []
    for field in concept.action_fields.prefetch_related("goals__indicators", "goals__measures"):
        goals = []
        for goal in field.goals.all():
            goals.append(
                {
                    "goal": goal,
                    "status": shown(values.goal_status(goal)),
                    "measures": len(goal.measures.all()),
                }
            )
        fields.append({"field": field, "goals": goals})
    return _form_page(
        request,
        form,
        title=f"{concept.title} ({concept.region.name}, {_('Fassung')} {concept.version})",
        back="concept:concepts",
        back_label=_("Alle Konzepte"),
        can_edit=can_edit,
        extra={"concept": concept, "fields": fields, "template_part": "concept"},
    )


@concept_view
@require_POST
def concept_continue(request: HttpRequest, pk: int) -> HttpResponse:
    concept = _readable(request, get_object_or_404(Concept.objects.select_related("region"), pk=pk))
    if not _editable(request, concept):
        raise PermissionDenied
    try:
        new = services.continue_concept(concept, actor=request.user, request=request)
    except services.Refused as error:
        messages.error(request, str(error))
        return redirect("concept:concept", pk=concept.pk)
    messages.success(
        request,
        _(
            "Die Fortschreibung ist als Fassung %(version)d angelegt; die bisherige Fassung bleibt unverändert."
        )
        % {"version": new.version},
    )
    return redirect("concept:concept", pk=new.pk)


# --- fields of action and goals -----------------------------------------------------------------


@concept_view
def field_create(request: HttpRequest, pk: int) -> HttpResponse:
    concept = _readable(request, get_object_or_404(Concept, pk=pk))
    if not _editable(request, concept):
        raise PermissionDenied
    form = FieldOfActionForm(request.POST or None, instance=FieldOfAction(concept=concept))
    if request.method == "POST" and form.is_valid():
        _save(form, request, "field.create", "Handlungsfeld angelegt")
        return redirect("concept:concept", pk=concept.pk)
    return _form_page(
        request,
        form,
        title=_("Neues Handlungsfeld"),
        back="concept:concept",
        back_label=str(concept),
        can_edit=True,
        extra={"back_pk": concept.pk},
    )


@concept_view
def field_edit(request: HttpRequest, pk: int) -> HttpResponse:
    field = _readable(
        request, get_object_or_404(FieldOfAction.objects.select_related("concept__region"), pk=pk)
    )
    can_edit = _editable(request, field)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = FieldOfActionForm(request.POST or None, instance=field)
    if request.method == "POST" and form.is_valid():
        _save(form, request, "field.save", "Handlungsfeld gespeichert")
        messages.success(request, _("Gespeichert."))
        return redirect("concept:concept", pk=field.concept_id)
    return _form_page(
        request,
        form,
        title=field.title,
        back="concept:concept",
        back_label=str(field.concept),
        can_edit=can_edit,
        extra={"back_pk": field.concept_id, "new_goal_field": field if can_edit else None},
    )


@concept_view
def goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    field = _readable(request, get_object_or_404(FieldOfAction, pk=pk))
    if not _editable(request, field):
        raise PermissionDenied
    form = GoalForm(request.POST or None, instance=Goal(action_field=field))
    if request.method == "POST" and form.is_valid():
        goal = _save(form, request, "goal.create", "Ziel angelegt")
        return redirect("concept:goal", pk=goal.pk)
    return _form_page(
        request,
        form,
        title=_("Neues Ziel"),
        back="concept:field",
        back_label=str(field),
        can_edit=True,
        extra={"back_pk": field.pk},
    )


@concept_view
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = _readable(
        request,
        get_object_or_404(Goal.objects.select_related("action_field__concept__region"), pk=pk),
    )
    can_edit = _editable(request, goal)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        _save(form, request, "goal.save", "Ziel gespeichert")
        messages.success(request, _("Gespeichert."))
        return redirect("concept:goal", pk=goal.pk)
    indicators = [
        {
            "indicator": indicator,
            "latest": latest,
            "result": result,
            "status": shown(result.status),
        }
        for indicator in goal.indicators.all()
        for latest, result in [values.assessment(indicator)]
    ]
    return _form_page(
        request,
        form,
        title=goal.title,
        back="concept:concept",
        back_label=str(goal.action_field.concept),
        can_edit=can_edit,
        extra={
            "back_pk": goal.action_field.concept_id,
            "goal": goal,
            "indicators": indicators,
            "measures": goal.measures.select_related("responsible_provider"),
            "commitments": goal.commitments.select_related("provider"),
            "template_part": "goal",
        },
    )


# --- indicators, measures, commitments ---------------------------------------------------------


def _child_create(
    request: HttpRequest,
    pk: int,
    form_class: Any,
    model: type[Model],
    action: str,
    title: str,
    **form_kwargs: Any,
) -> HttpResponse:
    goal = _readable(
        request,
        get_object_or_404(Goal.objects.select_related("action_field__concept__region"), pk=pk),
    )
    if not _editable(request, goal):
        raise PermissionDenied
    kwargs = {"region": goal.action_field.concept.region} if form_kwargs.get("with_region") else {}
    form = form_class(request.POST or None, instance=model(goal=goal), **kwargs)
    if request.method == "POST" and form.is_valid():
        _save(form, request, action, title)
        messages.success(request, _("Gespeichert."))
        return redirect("concept:goal", pk=goal.pk)
    return _form_page(
        request,
        form,
        title=title,
        back="concept:goal",
        back_label=goal.title,
        can_edit=True,
        extra={"back_pk": goal.pk},
    )


def _child_edit(
    request: HttpRequest,
    obj: Model,
    form_class: Any,
    action: str,
    *,
    with_region: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    _readable(request, obj)
    can_edit = _editable(request, obj)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    goal = obj.goal  # type: ignore[attr-defined]
    kwargs = {"region": _region_of(obj)} if with_region else {}
    form = form_class(request.POST or None, instance=obj, **kwargs)
    if request.method == "POST" and form.is_valid():
        _save(form, request, action, f"{obj._meta.verbose_name} gespeichert")
        messages.success(request, _("Gespeichert."))
        return redirect("concept:goal", pk=goal.pk)
    return _form_page(
        request,
        form,
        title=str(obj),
        back="concept:goal",
        back_label=goal.title,
        can_edit=can_edit,
        extra={"back_pk": goal.pk, **(extra or {})},
    )


@concept_view
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _child_create(
        request, pk, IndicatorForm, GoalIndicator, "indicator.create", _("Neuer Indikator")
    )


@concept_view
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(
        GoalIndicator.objects.select_related("goal__action_field__concept__region"), pk=pk
    )
    return _child_edit(request, obj, IndicatorForm, "indicator.save")


@concept_view
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _child_create(
        request, pk, MeasureForm, Measure, "measure.create", _("Neue Maßnahme"), with_region=True
    )


def _measure(pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related(
            "goal__action_field__concept__region", "responsible_provider"
        ),
        pk=pk,
    )


@concept_view
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(pk)
    if not permissions.can_read_concept(
        request.user, _region_of(measure)
    ) and permissions.can_report_on_measure(request.user, measure):
        return redirect("concept:measure_report", pk=measure.pk)
    return _child_edit(
        request,
        measure,
        MeasureForm,
        "measure.save",
        with_region=True,
        extra={
            "measure": measure,
            "updates": measure.updates.all(),
            "can_report": permissions.can_report_on_measure(request.user, measure),
            "template_part": "measure",
        },
    )


@concept_view
def measure_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A progress update on a measure, by its responsible provider's editors or the city."""
    measure = _measure(pk)
    if not permissions.can_report_on_measure(request.user, measure):
        if permissions.can_read_concept(request.user, _region_of(measure)):
            raise PermissionDenied
        raise Http404
    form = MeasureUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_update(
            measure,
            form.cleaned_data["date"],
            form.cleaned_data["text"],
            actor=request.user,
            request=request,
        )
        messages.success(request, _("Danke! Der Bericht ist gespeichert."))
        return redirect("concept:measure_report", pk=measure.pk)
    return render(
        request,
        "concept/staff_measure_report.html",
        {"measure": measure, "form": form, "updates": measure.updates.all()},
    )


@concept_view
@require_POST
def measure_link(request: HttpRequest, pk: int) -> HttpResponse:
    """A new personal link for the responsible actor (earlier links stop working)."""
    measure = _readable(request, _measure(pk))
    if not _editable(request, measure):
        raise PermissionDenied
    region = _region_of(measure)
    provider = measure.responsible_provider
    recipients = recipients_for(provider, [region.pk]) if provider is not None else []
    with transaction.atomic():
        link = links.issue(measure, request=request)
        links.send_on_commit(measure, link, recipients)
        audit.record(
            "concept.measure.link",
            actor=request.user,
            obj=measure,
            region=region,
            summary="Neuer persönlicher Link für Fortschrittsberichte"
            + (f", verschickt an {len(recipients)} Adressen" if recipients else ""),
            request=request,
        )
    messages.success(
        request,
        _("Neuer persönlicher Link (frühere gelten nicht mehr): %(link)s") % {"link": link},
    )
    if recipients:
        messages.info(
            request,
            _("Der Link ist verschickt an: %(addresses)s") % {"addresses": ", ".join(recipients)},
        )
    return redirect("concept:measure", pk=measure.pk)


@concept_view
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _child_create(
        request,
        pk,
        CommitmentForm,
        SelfCommitment,
        "commitment.create",
        _("Neue Selbstverpflichtung"),
        with_region=True,
    )


@concept_view
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_object_or_404(
        SelfCommitment.objects.select_related("goal__action_field__concept__region", "provider"),
        pk=pk,
    )
    region = _region_of(commitment)
    if permissions.can_read_concept(request.user, region):
        return _child_edit(request, commitment, CommitmentForm, "commitment.save", with_region=True)
    if not permissions.can_report_on_commitment(request.user, commitment):
        raise Http404
    form = CommitmentReportForm(request.POST or None, instance=commitment)
    if request.method == "POST" and form.is_valid():
        _save(form, request, "commitment.report", "Bericht zur Selbstverpflichtung")
        messages.success(request, _("Danke! Der Bericht ist gespeichert."))
        return redirect("concept:commitment", pk=commitment.pk)
    return _form_page(
        request,
        form,
        title=str(commitment),
        back="concept:concepts",
        back_label=_("Integrationskonzept"),
        can_edit=True,
        extra={"commitment": commitment},
    )
