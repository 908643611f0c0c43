"""The freshness dashboard and the audit log search."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegweiser.accounts import permissions
from wegweiser.directory.models import Offer, Region
from wegweiser.editorial import freshness
from wegweiser.editorial.models import AuditEntry
from wegweiser.editorial.views.common import editorial_view


@editorial_view
def freshness_dashboard(request: HttpRequest) -> HttpResponse:
    region_ids = permissions.reading_region_ids(request.user)
    if not region_ids:
        raise PermissionDenied
    regions = list(Region.objects.filter(pk__in=region_ids))
    chosen = next((r for r in regions if r.slug == request.GET.get("region")), None)
    ids = {chosen.pk} if chosen else region_ids
    offers = Offer.objects.filter(region_id__in=ids)
    now = timezone.now()
    return render(
        request,
        "editorial/freshness.html",
        {
            "regions": regions,
            "chosen": chosen,
            "by_provider": freshness.by_provider(offers, now),
            "by_area": freshness.by_area(offers, now),
            "escalations": freshness.escalation_list(ids, now),
            "reminder_months": settings.WEGWEISER_REMINDER_AFTER_MONTHS,
            "notice_months": settings.WEGWEISER_STALE_NOTICE_AFTER_MONTHS,
            "unpublish_months": settings.WEGWEISER_UNPUBLISH_AFTER_MONTHS,
            "escalate_days": settings.WEGWEISER_ESCALATE_AFTER_DAYS,
        },
    )


class AuditSearchForm(forms.Form):
    user = forms.CharField(label=_("Wer (E-Mail oder Teil davon)"), required=False, max_length=200)
    action = forms.ChoiceField(label=_("Aktion"), required=False)
    entry = forms.CharField(label=_("Eintrag (Name oder Kennung)"), required=False, max_length=200)
    since = forms.DateField(
        label=_("von"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("bis"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", _("alle")), *((a, a) for a in actions)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if isinstance(since, datetime.date) and isinstance(until, datetime.date) and until < since:
            raise forms.ValidationError(_("Das Ende des Zeitraums liegt vor seinem Anfang."))
        return cleaned


@editorial_view
def audit_log(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_audit_log(request.user):
        raise PermissionDenied
    region_ids = permissions.reading_region_ids(request.user)
    entries = AuditEntry.objects.filter(Q(region_id__in=region_ids) | Q(region__isnull=True))
    form = AuditSearchForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(actor_label__icontains=data["user"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["entry"]:
            entries = entries.filter(
                Q(object_label__icontains=data["entry"]) | Q(object_id=data["entry"].strip())
            )
        zone = timezone.get_current_timezone()
        if data["since"]:
            entries = entries.filter(
                at__gte=datetime.datetime.combine(data["since"], datetime.time.min, zone)
            )
        if data["until"]:
            entries = entries.filter(
                at__lt=datetime.datetime.combine(
                    data["until"] + datetime.timedelta(days=1), datetime.time.min, zone
                )
            )
    elif form.is_bound:
        entries = entries.none()
    params = request.GET.copy()
    params.pop("page", None)
    page = Paginator(entries.select_related("region"), 50).get_page(request.GET.get("page"))
    publishing = permissions.publishing_region_ids(request.user)
    return render(
        request,
        "editorial/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (
                    entry,
                    permissions.can_view_audit_address(request.user, entry, publishing=publishing),
                )
                for entry in page
            ],
            "page_query": params.urlencode(),
            "show_addresses": permissions.can_view_audit_addresses(request.user),
        },
    )
