"""Middleware of the staff pages (``/staff/``) and the admin (``/admin/``)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

from wegweiser.accounts import permissions, sessions
from wegweiser.accounts.models import StaffLanguage

STAFF_PATH_PREFIXES = ("/staff/", "/admin/")
LANGUAGE_COOKIE = "wegweiser_staff_language"

Handler = Callable[[HttpRequest], HttpResponse]


def is_staff_path(path: str) -> bool:
    return path.startswith(STAFF_PATH_PREFIXES)


def staff_language(request: HttpRequest) -> str:
    """The signed-in user's choice; before the login, the choice kept in a cookie; else German."""
    user = request.user
    if user.is_authenticated and user.language in StaffLanguage.values:
        return str(user.language)
    chosen = request.COOKIES.get(LANGUAGE_COOKIE, "")
    return chosen if chosen in StaffLanguage.values else StaffLanguage.GERMAN


class StaffSessionExpiryMiddleware:
    """Signs out a user whose session was idle or open too long (``accounts.sessions``)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and sessions.is_expired(request):
            logout(request)
            if is_staff_path(request.path_info):
                messages.info(
                    request,
                    _("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."),
                )
        return self.get_response(request)


class StaffLanguageMiddleware:
    """Staff pages speak German, or English for those who chose it; the public site is left to
    its language prefixes. Staff pages are personal: never cached."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_staff_path(request.path_info):
            return self.get_response(request)
        language = staff_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        add_never_cache_headers(response)
        patch_vary_headers(response, ("Cookie",))
        return response


class TwoFactorRequiredMiddleware:
    """With ``WEGWEISER_REQUIRE_2FA_FOR_ADMINS``, an administrator without a confirmed second
    factor reaches nothing of the staff pages and the admin but the page that sets it up."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            is_staff_path(request.path_info)
            and user.is_authenticated
            # OTPMiddleware gives the user is_verified(): signed in with the second factor.
            and not getattr(user, "is_verified", lambda: False)()
            and permissions.two_factor_required(user)
        ):
            setup = reverse("accounts:two_factor")
            if request.path_info not in {
                setup,
                reverse("accounts:logout"),
                reverse("accounts:language"),
            }:
                messages.warning(
                    request,
                    _(
                        "Für Administratoren ist ein zweiter Faktor vorgeschrieben. Bitte richten "
                        "Sie ihn jetzt ein."
                    ),
                )
                return HttpResponseRedirect(setup)
        return self.get_response(request)
