"""The user's own settings: language of the staff pages, second factor."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from wegweiser.accounts import permissions, services, two_factor
from wegweiser.accounts.forms import LanguageForm, TokenForm
from wegweiser.accounts.middleware import LANGUAGE_COOKIE
from wegweiser.accounts.views.auth import safe_next

ONE_YEAR = 365 * 24 * 3600


def _audit(action: str, request: HttpRequest, summary: str) -> None:
    from wegweiser.editorial.audit import record

    record(action, actor=request.user, obj=request.user, summary=summary, request=request)  # type: ignore[arg-type]


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {
            "has_second_factor": two_factor.has_second_factor(request.user),  # type: ignore[arg-type]
            "two_factor_required": permissions.two_factor_required(request.user),
        },
    )


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch the staff pages between German and English (kept for the user, and in a cookie
    for the login page)."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return redirect("accounts:dashboard")
    chosen = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.set_language(request.user, chosen)
    response = HttpResponseRedirect(safe_next(request, form.cleaned_data.get("next")))
    response.set_cookie(
        LANGUAGE_COOKIE,
        chosen,
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@sensitive_post_parameters("code")
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up the second factor: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    if two_factor.has_second_factor(user):  # type: ignore[arg-type]
        return render(
            request,
            "accounts/two_factor_active.html",
            {
                "form": TokenForm(),
                "two_factor_required": permissions.two_factor_required(user),
            },
        )
    device = two_factor.pending_device(user)  # type: ignore[arg-type]
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            two_factor.confirm(device)
            otp_login(request, device)
            _audit("accounts.two_factor_on", request, _("Zweiter Faktor eingerichtet"))
            messages.success(
                request,
                _(
                    "Der zweite Faktor ist eingerichtet. Bei der nächsten Anmeldung fragen wir nach dem Code."
                ),
            )
            return redirect("accounts:account")
        form.add_error(
            "code",
            _(
                "Der Code stimmt nicht. Prüfen Sie die Uhrzeit des Telefons und nehmen Sie den aktuellen Code."
            ),
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": two_factor.secret_for_typing(device),
            "qr_code": two_factor.qr_code_svg(device, _("QR-Code für die Authenticator-App")),
        },
    )


@sensitive_post_parameters("code")
@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Switch the second factor off, confirmed with a current code."""
    user = request.user
    device = two_factor.confirmed_device(user)  # type: ignore[arg-type]
    if device is None:
        return redirect("accounts:two_factor")
    if permissions.two_factor_required(user):
        messages.error(request, _("Für Administratoren ist der zweite Faktor vorgeschrieben."))
        return redirect("accounts:two_factor")
    form = TokenForm(request.POST)
    if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
        two_factor.remove_all(user)  # type: ignore[arg-type]
        _audit("accounts.two_factor_off", request, _("Zweiter Faktor ausgeschaltet"))
        messages.success(request, _("Der zweite Faktor ist ausgeschaltet."))
        return redirect("accounts:account")
    if form.is_valid():
        form.add_error("code", _("Der Code stimmt nicht. Der zweite Faktor bleibt eingeschaltet."))
    return render(
        request,
        "accounts/two_factor_active.html",
        {"form": form, "two_factor_required": False},
        status=400,
    )
