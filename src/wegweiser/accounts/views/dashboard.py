"""The staff start page: the user's regions and roles and where they can go from here."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wegweiser.accounts import permissions, staff_links, two_factor
from wegweiser.accounts.models import Membership, User


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    memberships = (
        Membership.objects.filter(user_id=user.pk)
        .select_related("region")
        .prefetch_related("providers")
        .order_by("region__order", "region__name", "role")
    )
    return render(
        request,
        "staff/dashboard.html",
        {
            "memberships": memberships,
            "managed_regions": permissions.regions_managed_by(user),
            "links": staff_links.links_for(user),
            "can_use_admin_site": permissions.can_use_admin_site(user),
            "has_second_factor": two_factor.has_second_factor(user),
        },
    )
