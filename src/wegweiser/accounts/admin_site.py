"""Django's admin for administrators only, signed in through the staff login."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from wegweiser.accounts import permissions


class StaffAdminSite(admin.AdminSite):
    """Only superusers enter; there is one login form, the staff login.

    The admin's own login form would bypass the second factor, so it forwards to the staff login
    (which is protected against brute force like every authentication).
    """

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin_site(request.user)

    def login(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponseRedirect:
        if request.user.is_authenticated:
            # Signed in but not an administrator: sending them to the login again would loop.
            raise PermissionDenied
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")
