"""The shortlist (Merkliste): the list page with its forms, and the list as a PDF handout."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from wegweiser.directory.models import Offer
from wegweiser.public.shortlist import (
    MAX_OFFERS,
    PRINT_STYLESHEET,
    Action,
    Outcome,
    Shortlist,
    css_counter_content,
    render_pdf,
)


class ShortlistForm(forms.Form):
    action = forms.TypedChoiceField(choices=[(a.value, a.value) for a in Action], coerce=Action)
    offer = forms.UUIDField(required=False)
    next = forms.CharField(required=False, max_length=2000)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") in (Action.ADD, Action.REMOVE) and not cleaned.get("offer"):
            self.add_error("offer", gettext_lazy("Es fehlt das Angebot."))
        return cleaned


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def shortlist(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _list_page(request)
    form = ShortlistForm(request.POST)
    if not form.is_valid():
        return _list_page(request, error=gettext("Diese Anfrage ist ungültig."), status=400)
    outcome = Shortlist(request.session).apply(
        form.cleaned_data["action"], form.cleaned_data["offer"]
    )
    if outcome is Outcome.NOT_PUBLISHED:
        error = gettext("Dieses Angebot gibt es nicht oder nicht mehr.")
        return _list_page(request, error=error, status=400)
    if outcome is Outcome.FULL:
        return HttpResponseRedirect(reverse("public:shortlist"))
    return HttpResponseRedirect(_safe_next(request, form.cleaned_data["next"]))


@never_cache
@require_safe
def shortlist_pdf(request: HttpRequest) -> HttpResponse:
    html = render_to_string(
        "public/shortlist_pdf.html",
        {
            "entries": _entries(request, Shortlist(request.session).offers()),
            "created": timezone.localdate(),
            "print_stylesheet": PRINT_STYLESHEET,
            "page_counter": css_counter_content(gettext("Seite %(page)s von %(pages)s")),
        },
        request=request,
    )
    pdf = render_pdf(
        html,
        base_url=request.build_absolute_uri("/"),
        static_url=request.build_absolute_uri(settings.STATIC_URL),
    )
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="merkliste.pdf"'},
    )


def _list_page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    listed = Shortlist(request.session)
    context = {
        "entries": _entries(request, listed.offers()),
        "full": listed.is_full(),
        "max_offers": MAX_OFFERS,
        "error": error,
    }
    return render(request, "public/shortlist.html", context, status=status)


def _entries(request: HttpRequest, offers: list[Offer]) -> list[tuple[Offer, str]]:
    """Each offer with the absolute address of its page (printed on the handout)."""
    return [
        (offer, request.build_absolute_uri(reverse("public:offer", kwargs={"uuid": offer.uuid})))
        for offer in offers
    ]


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("public:shortlist")
