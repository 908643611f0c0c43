"""Versions of an offer: the list, the differences, and restoring an earlier one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts import permissions
from wegweiser.directory.models import Offer
from wegweiser.editorial import actions, offerdata
from wegweiser.editorial.models import Revision
from wegweiser.editorial.views.common import editorial_view, offer_for, refused

VERSIONS_PER_PAGE = 20


def _previous(offer: Offer, version: Any) -> Any:
    # Versions are numbered in the order they were recorded (timestamps may tie).
    return offer.history.filter(history_id__lt=version.history_id).order_by("-history_id").first()


@editorial_view
def offer_history(request: HttpRequest, uuid: UUID) -> HttpResponse:
    offer = offer_for(request, uuid)
    versions = offer.history.select_related("history_user").order_by("-history_id")
    page = Paginator(versions, VERSIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for version in page:
        previous = _previous(offer, version)
        changes = (
            offerdata.diff(
                offerdata.values_of_version(previous), offerdata.values_of_version(version)
            )
            if previous is not None
            else []
        )
        rows.append((version, [change.label for change in changes]))
    return render(
        request,
        "editorial/offer_history.html",
        {
            "offer": offer,
            "page": page,
            "rows": rows,
            "can_restore": permissions.can_edit_offer(request.user, offer),
        },
    )


@editorial_view
def offer_version(request: HttpRequest, uuid: UUID, history_id: int) -> HttpResponse:
    offer = offer_for(request, uuid)
    version = offer.history.select_related("history_user").filter(history_id=history_id).first()
    if version is None:
        raise Http404
    values = offerdata.values_of_version(version)
    previous = _previous(offer, version)
    return render(
        request,
        "editorial/offer_version.html",
        {
            "offer": offer,
            "version": version,
            "previous": previous,
            "since_previous": offerdata.diff(offerdata.values_of_version(previous), values)
            if previous is not None
            else None,
            "to_current": offerdata.diff(values, offerdata.values_of_offer(offer)),
            "can_restore": permissions.can_edit_offer(request.user, offer),
            "restore_needs_review": permissions.changes_need_review(request.user, offer),
        },
    )


@editorial_view
@require_POST
def offer_restore(request: HttpRequest, uuid: UUID, history_id: int) -> HttpResponse:
    offer = offer_for(request, uuid)
    if not permissions.can_edit_offer(request.user, offer):
        raise PermissionDenied
    try:
        outcome = actions.restore_version(offer, history_id, actor=request.user, request=request)
    except ValidationError as error:
        refused(request, error)
        return redirect("editorial:offer_version", uuid=offer.uuid, history_id=history_id)
    if isinstance(outcome, Revision):
        messages.success(
            request,
            _(
                "Die Wiederherstellung ist als Änderungsvorschlag gespeichert und wartet auf Prüfung."
            ),
        )
    else:
        messages.success(request, _("Die frühere Fassung ist als neue Version wiederhergestellt."))
    return redirect("editorial:offer_history", uuid=offer.uuid)
