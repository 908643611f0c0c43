"""Staff pages of the consultation and the progress report, at /staff/konzept/beteiligung/:
the concepts with comments, the moderation queue, the summary for the council (printable page,
CSV, XLSX), and the progress report as a file.

Who: the city's editors, observers and administrators of the concept's region read; the city's
editors and administrators moderate and see the commenters' e-mail addresses. Anyone else
signed in gets 403; a concept or comment of a region the user does not read is not found.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wegweiser.accounts import permissions
from wegweiser.concept import consultation, progress
from wegweiser.concept.consultation_forms import ReportForm
from wegweiser.concept.models import Comment, Concept
from wegweiser.concept.report import ConceptMissing, current_concept, report_data
from wegweiser.directory.models import Region


def consultation_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else to the login page) and reading some region's concept (else 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.consultation_region_ids(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _concept_for(request: HttpRequest, pk: int) -> Concept:
    concept = Concept.objects.select_related("region").filter(pk=pk).first()
    if concept is None or not permissions.can_read_concept(request.user, concept.region):
        raise Http404
    return concept


def _comment_for(request: HttpRequest, pk: int) -> Comment:
    comment = Comment.objects.select_related("concept__region", "goal").filter(pk=pk).first()
    if comment is None or not permissions.can_read_concept(request.user, comment.concept.region):
        raise Http404
    return comment


@require_safe
@consultation_view
def index(request: HttpRequest) -> HttpResponse:
    region_ids = permissions.consultation_region_ids(request.user)
    return render(
        request,
        "concept/staff_consultation_index.html",
        {"concepts": consultation.concepts_with_consultation(region_ids)},
    )


@require_safe
@consultation_view
def queue(request: HttpRequest, pk: int) -> HttpResponse:
    concept = _concept_for(request, pk)
    comments = Comment.objects.filter(concept=concept).select_related("goal", "moderated_by")
    return render(
        request,
        "concept/staff_consultation_queue.html",
        {
            "concept": concept,
            "period": consultation.period(concept),
            "pending": comments.filter(state=Comment.State.PENDING).order_by("created_at", "pk"),
            "moderated": comments.exclude(state=Comment.State.PENDING).order_by(
                "-moderated_at", "-pk"
            )[:50],
            "can_moderate": permissions.can_moderate_comments(request.user, concept.region),
            "show_email": permissions.can_view_commenter_data(request.user, concept.region),
        },
    )


def _moderate(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    comment = _comment_for(request, pk)
    if not permissions.can_moderate_comments(request.user, comment.concept.region):
        raise PermissionDenied
    try:
        consultation.moderate_comment(comment, approve=approve, actor=request.user, request=request)
    except consultation.Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Der Kommentar ist freigegeben und erscheint öffentlich; die E-Mail-Adresse ist gelöscht."
            )
            if approve
            else _("Der Kommentar ist nicht freigegeben; die E-Mail-Adresse ist gelöscht."),
        )
    return redirect("concept_consultation:queue", pk=comment.concept_id)


@require_POST
@consultation_view
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _moderate(request, pk, approve=True)


@require_POST
@consultation_view
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _moderate(request, pk, approve=False)


@require_safe
@consultation_view
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable summary for the council (a document of its own, no navigation)."""
    concept = _concept_for(request, pk)
    return render(
        request,
        "concept/consultation_summary.html",
        {"concept": concept, "entries": consultation.summary(concept)},
    )


SUMMARY_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": progress.CONTENT_TYPES["xlsx"],
}


@require_safe
@consultation_view
def summary_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in SUMMARY_TYPES:
        raise Http404
    concept = _concept_for(request, pk)
    content = (
        consultation.summary_csv(concept) if fmt == "csv" else consultation.summary_xlsx(concept)
    )
    filename = f"beteiligung-{concept.region.slug}-fassung-{concept.version}.{fmt}"
    return _download(content, SUMMARY_TYPES[fmt], filename)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


# --- The progress report ---------------------------------------------------------------------


def _report_form(request: HttpRequest, data: Any = None) -> ReportForm:
    regions = Region.objects.filter(
        pk__in=permissions.consultation_region_ids(request.user)
    ).order_by("order", "name")
    return ReportForm(data, regions=regions)


@require_safe
@consultation_view
def report(request: HttpRequest) -> HttpResponse:
    return render(request, "concept/staff_report.html", {"form": _report_form(request)})


@require_safe
@consultation_view
def report_download(request: HttpRequest) -> HttpResponse:
    form = _report_form(request, request.GET)
    if form.is_valid():
        region, fmt, day = (form.cleaned_data[key] for key in ("region", "format", "at"))
        try:
            concept = current_concept(region)
        except ConceptMissing as error:
            form.add_error("region", str(error))
        else:
            if fmt == "json":
                text = json.dumps(report_data(concept, day), ensure_ascii=False, indent=2) + "\n"
                content = text.encode("utf-8")
            else:
                built = progress.build(concept, day, with_charts=fmt != "xlsx")
                content = progress.render_file(built, fmt)
            stamp = (day.isoformat() + "-") if day else ""
            filename = f"fortschrittsbericht-{region.slug}-{stamp}fassung-{concept.version}.{fmt}"
            return _download(content, progress.CONTENT_TYPES[fmt], filename)
    elif "region" in form.errors and request.GET.get("region"):
        raise Http404  # a region the user does not read (or none of that name)
    return render(request, "concept/staff_report.html", {"form": form}, status=400)


def register_staff_links() -> None:
    """The dashboard's links to these pages (called by the app's ``ready``)."""
    from django.utils.translation import gettext_lazy

    from wegweiser.accounts.staff_links import StaffLink, register

    def reads(user: Any) -> bool:
        return bool(permissions.consultation_region_ids(user))

    register(
        StaffLink(
            url_name="concept_consultation:index",
            label=gettext_lazy("Beteiligung: Kommentare prüfen"),
            description=gettext_lazy(
                "Kommentare zu Entwürfen freigeben, Zusammenfassung für den Rat"
            ),
            section="concept",
            visible=reads,
        )
    )
    register(
        StaffLink(
            url_name="concept_consultation:report",
            label=gettext_lazy("Fortschrittsbericht"),
            description=gettext_lazy(
                "Der Bericht zum Integrationskonzept als PDF, XLSX, HTML oder JSON"
            ),
            section="concept",
            visible=reads,
        )
    )
