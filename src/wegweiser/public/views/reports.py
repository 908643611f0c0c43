"""The public's forms: report a change to an offer, suggest a new offer (no account).

What a report becomes is the editorial app's business (``editorial.actions``); this module only
shows the forms. No session is created: the CSRF token lives in its cookie, and the thank-you
page is a page of its own instead of a flash message.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from wegweiser.directory.models import Offer
from wegweiser.editorial import actions, ratelimit
from wegweiser.editorial.models import ChangeReport
from wegweiser.editorial.public_forms import PublicReportForm, SuggestOfferForm


def _language() -> str:
    return (get_language() or "de").split("-")[0]


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def report_change(request: HttpRequest, uuid: UUID) -> HttpResponse:
    offer = get_object_or_404(
        Offer.objects.published().select_related("region").prefetch_related("translations"),
        uuid=uuid,
    )
    form = PublicReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_bot():
            return redirect("public:report_change_thanks", uuid=offer.uuid)
        if ratelimit.exceeded(request):
            status = 429
        elif form.is_valid():
            ratelimit.count(request)
            actions.submit_change_report(
                kind=ChangeReport.Kind.CHANGE,
                region=offer.region,
                offer=offer,
                message=form.cleaned_data["message"],
                reporter_email=form.cleaned_data["email"],
                language=_language(),
                request=request,
            )
            return redirect("public:report_change_thanks", uuid=offer.uuid)
    return render(
        request,
        "public/report_change.html",
        {"offer": offer, "form": form, "rate_limited": status == 429},
        status=status,
    )


@require_safe
def report_change_thanks(request: HttpRequest, uuid: UUID) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.published().prefetch_related("translations"), uuid=uuid)
    return render(request, "public/report_thanks.html", {"offer": offer})


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def suggest_offer(request: HttpRequest) -> HttpResponse:
    form = SuggestOfferForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_bot():
            return redirect("public:suggest_offer_thanks")
        if ratelimit.exceeded(request):
            status = 429
        elif form.is_valid():
            ratelimit.count(request)
            data = form.cleaned_data
            actions.submit_change_report(
                kind=ChangeReport.Kind.SUGGESTION,
                region=data["region"],
                title=data["title"],
                provider_name=data["provider_name"],
                website=data["website"],
                message=data["message"],
                reporter_email=data["email"],
                language=_language(),
                request=request,
            )
            return redirect("public:suggest_offer_thanks")
    return render(
        request,
        "public/suggest_offer.html",
        {"form": form, "rate_limited": status == 429},
        status=status,
    )


@require_safe
def suggest_offer_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "public/report_thanks.html", {"offer": None})
