"""The review queue: offers in review, pending revisions, reports from the public."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts import permissions
from wegweiser.directory.models import EditorialStatus, Offer, Region
from wegweiser.editorial import actions, offerdata
from wegweiser.editorial.forms import HandleReportForm, ReasonForm
from wegweiser.editorial.models import ChangeReport, Revision
from wegweiser.editorial.views.common import add_errors, editorial_view, offer_for, refused


def _queue_regions(request: HttpRequest) -> set[int]:
    return permissions.reading_region_ids(request.user)


@editorial_view
def review_queue(request: HttpRequest) -> HttpResponse:
    region_ids = _queue_regions(request)
    if not region_ids:
        raise PermissionDenied
    return render(
        request,
        "editorial/review_queue.html",
        {
            "regions": Region.objects.filter(pk__in=region_ids),
            "in_review": Offer.objects.filter(
                region_id__in=region_ids, status=EditorialStatus.IN_REVIEW
            )
            .select_related("provider", "region")
            .order_by("updated_at"),
            "revisions": Revision.objects.filter(
                offer__region_id__in=region_ids, state=Revision.State.PENDING
            )
            .select_related("offer__provider", "offer__region", "author")
            .order_by("created_at"),
            "reports": ChangeReport.objects.open()
            .for_regions(region_ids)
            .select_related("offer", "region")
            .order_by("created_at"),
        },
    )


def _revision_for(request: HttpRequest, pk: int) -> Revision:
    revision = (
        Revision.objects.select_related("offer", "author", "decided_by").filter(pk=pk).first()
    )
    if revision is None:
        raise Http404
    offer_for(request, revision.offer.uuid)  # 404 unless the user may see the offer
    return revision


def _revision_page(
    request: HttpRequest, revision: Revision, reject_form: ReasonForm
) -> HttpResponse:
    offer = revision.offer
    problem = ""
    try:
        proposed = offerdata.deserialize(revision.data, offer.region)
        current = offerdata.values_of_offer(offer)
        current[offerdata.TRANSLATIONS] = offerdata.translations_of(offer)
        changes = offerdata.diff(current, proposed)
    except ValidationError as error:
        changes, problem = [], " ".join(error.messages)
    can_decide = revision.state == Revision.State.PENDING and permissions.can_publish_offer(
        request.user, offer
    )
    return render(
        request,
        "editorial/revision_detail.html",
        {
            "revision": revision,
            "offer": offer,
            "changes": changes,
            "problem": problem,
            "can_decide": can_decide,
            "reject_form": reject_form,
        },
    )


@editorial_view
def revision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _revision_page(request, _revision_for(request, pk), ReasonForm())


@editorial_view
@require_POST
def revision_approve(request: HttpRequest, pk: int) -> HttpResponse:
    revision = _revision_for(request, pk)
    try:
        actions.approve_revision(revision, actor=request.user, request=request)
    except ValidationError as error:
        refused(request, error)
        return redirect("editorial:revision", pk=revision.pk)
    messages.success(request, _("Der Vorschlag ist übernommen und öffentlich sichtbar."))
    return redirect("editorial:review")


@editorial_view
@require_POST
def revision_reject(request: HttpRequest, pk: int) -> HttpResponse:
    revision = _revision_for(request, pk)
    if not permissions.can_publish_offer(request.user, revision.offer):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            actions.reject_revision(
                revision, reason=form.cleaned_data["reason"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Der Vorschlag ist abgelehnt; die Begründung ist verschickt.")
            )
            return redirect("editorial:review")
    return _revision_page(request, revision, form)


def _report_for(request: HttpRequest, pk: int) -> ChangeReport:
    report = (
        ChangeReport.objects.select_related("offer", "region", "handled_by").filter(pk=pk).first()
    )
    if report is None or not permissions.can_view_review_queue(request.user, report.region):
        raise Http404
    return report


@editorial_view
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    return render(
        request,
        "editorial/report_detail.html",
        {
            "report": report,
            "show_reporter": permissions.can_view_reporter_data(request.user, report.region),
            "can_handle": report.state == ChangeReport.State.OPEN
            and permissions.can_review_in(request.user, report.region),
            "form": HandleReportForm(),
        },
    )


@editorial_view
@require_POST
def report_handle(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    if not permissions.can_review_in(request.user, report.region):
        raise PermissionDenied
    form = HandleReportForm(request.POST)
    if form.is_valid():
        try:
            actions.handle_change_report(
                report,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            refused(request, error)
        else:
            messages.success(
                request, _("Die Meldung ist bearbeitet; die E-Mail-Adresse ist gelöscht.")
            )
            return redirect("editorial:review")
    return render(
        request,
        "editorial/report_detail.html",
        {
            "report": report,
            "show_reporter": True,
            "can_handle": report.state == ChangeReport.State.OPEN,
            "form": form,
        },
    )
