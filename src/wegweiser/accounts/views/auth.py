"""Login (password, then the code when the user has a second factor), logout, passwords."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import verify_token

from wegweiser.accounts import two_factor
from wegweiser.accounts.forms import LoginForm, StaffPasswordResetForm, TokenForm

PENDING_LOGIN = "_wegweiser_pending_login"
# How long the code may be entered after the password, and how many wrong codes are allowed
# before the password must be typed again (which django-axes counts).
PENDING_SECONDS = 300
PENDING_ATTEMPTS = 5


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("accounts:dashboard")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        context["lockout_minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return context

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if not two_factor.has_second_factor(user):
            return super().form_valid(form)
        # The password was right; the session is not signed in until the code is.
        self.request.session[PENDING_LOGIN] = {
            "user": user.pk,
            "backend": user.backend,  # type: ignore[attr-defined]
            "at": int(time.time()),
            "next": self.get_redirect_url(),
            "failures": 0,
        }
        return redirect("accounts:login_code")


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    pending = request.session.get(PENDING_LOGIN)
    if not isinstance(pending, dict):
        return None
    if int(time.time()) - int(pending.get("at", 0)) > PENDING_SECONDS:
        del request.session[PENDING_LOGIN]
        messages.error(
            request, _("Die Zeit für den Code ist abgelaufen. Bitte melden Sie sich erneut an.")
        )
        return None
    return pending


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of a login with a second factor: the code from the app."""
    pending = _pending(request)
    user = None
    if pending is not None:
        user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    device = two_factor.confirmed_device(user) if user is not None else None
    if pending is None or user is None or device is None:
        request.session.pop(PENDING_LOGIN, None)
        return redirect("accounts:login")

    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        verified = (
            verify_token(user, device.persistent_id, form.cleaned_data["code"]) if allowed else None
        )
        if verified is not None:
            del request.session[PENDING_LOGIN]
            login(request, user, backend=pending["backend"])
            otp_login(request, verified)
            return HttpResponseRedirect(safe_next(request, pending.get("next")))
        pending["failures"] = int(pending.get("failures", 0)) + 1
        if pending["failures"] >= PENDING_ATTEMPTS:
            del request.session[PENDING_LOGIN]
            messages.error(request, _("Zu viele falsche Codes. Bitte melden Sie sich erneut an."))
            return redirect("accounts:login")
        request.session[PENDING_LOGIN] = pending
        if allowed:
            form.add_error(
                "code", _("Der Code stimmt nicht. Bitte nehmen Sie den aktuellen Code aus der App.")
            )
        else:
            form.add_error(
                "code",
                _(
                    "Zu viele Versuche in kurzer Zeit. Bitte warten Sie einige Sekunden und geben Sie dann den aktuellen Code ein."
                ),
            )
    return render(request, "accounts/login_code.html", {"form": form})


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Sie sind abgemeldet."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, gettext_lazy("Ihr Passwort wurde geändert."))
        return response
