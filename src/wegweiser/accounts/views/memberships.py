"""Who works in a region: members, open invitations, inviting, changing and removing."""

from __future__ import annotations

import logging
import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts import invitations, permissions, services
from wegweiser.accounts.forms import InvitationForm, MembershipProvidersForm
from wegweiser.accounts.models import Invitation, Membership, Role
from wegweiser.directory.models import Provider, Region

logger = logging.getLogger(__name__)


def _managed_region(request: HttpRequest, slug: str) -> Region:
    region = get_object_or_404(Region, slug=slug)
    if not permissions.can_manage_memberships(request.user, region):
        raise PermissionDenied
    return region


def _changeable_membership(request: HttpRequest, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("user", "region"), pk=pk)
    if not permissions.can_change_membership(request.user, membership):
        raise PermissionDenied
    return membership


@login_required
def members(request: HttpRequest, region: str) -> HttpResponse:
    managed = _managed_region(request, region)
    providers = Prefetch("providers", queryset=Provider.objects.order_by("name"))
    grantable = permissions.grantable_roles(request.user, managed)
    memberships = (
        Membership.objects.filter(region=managed)
        .select_related("user")
        .prefetch_related(providers)
        .order_by("role", "user__last_name", "user__email")
    )
    pending = (
        Invitation.objects.pending()
        .filter(region=managed)
        .select_related("invited_by")
        .prefetch_related(providers)
    )
    return render(
        request,
        "accounts/members.html",
        {
            "region": managed,
            "memberships": memberships,
            "invitations": pending,
            "grantable": grantable,
            "provider_editor": Role.PROVIDER_EDITOR,
            "invitation_days": invitations.validity().days,
        },
    )


@login_required
def invite(request: HttpRequest, region: str) -> HttpResponse:
    managed = _managed_region(request, region)
    form = InvitationForm(
        request.POST if request.method == "POST" else None, user=request.user, region=managed
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite(
                request.user,
                managed,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                providers=form.cleaned_data["providers"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except (smtplib.SMTPException, OSError):
            logger.exception("Einladung an %s nicht gesendet", form.cleaned_data["email"])
            messages.error(
                request,
                _(
                    "Die Einladung ist gespeichert, aber die E-Mail konnte nicht gesendet werden. Bitte laden Sie später noch einmal ein."
                ),
            )
            return redirect("accounts:members", region=managed.slug)
        else:
            messages.success(
                request,
                _("Die Einladung an %(email)s ist verschickt.") % {"email": invitation.email},
            )
            return redirect("accounts:members", region=managed.slug)
    return render(request, "accounts/invite.html", {"region": managed, "form": form})


@login_required
def membership(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the providers of a provider editor."""
    changed = _changeable_membership(request, pk)
    if changed.role != Role.PROVIDER_EDITOR:
        raise Http404  # only a provider editor's membership has something to change
    initial = {"providers": list(changed.providers.all())}
    form = MembershipProvidersForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.change_providers(
            request.user, changed, form.cleaned_data["providers"], request=request
        )
        messages.success(
            request, _("Die Träger von %(email)s sind geändert.") % {"email": changed.user.email}
        )
        return redirect("accounts:members", region=changed.region.slug)
    return render(request, "accounts/membership.html", {"membership": changed, "form": form})


@login_required
def remove_membership(request: HttpRequest, pk: int) -> HttpResponse:
    removed = _changeable_membership(request, pk)
    if request.method == "POST":
        region = removed.region
        email = removed.user.email
        services.remove_membership(request.user, removed, request=request)
        messages.success(
            request,
            _("%(email)s hat die Rolle in %(region)s nicht mehr.")
            % {"email": email, "region": region.name},
        )
        return redirect("accounts:members", region=region.slug)
    return render(request, "accounts/membership_remove.html", {"membership": removed})


@login_required
@require_POST
def withdraw_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("region"), pk=pk)
    if not permissions.can_withdraw_invitation(request.user, invitation):
        raise PermissionDenied
    try:
        services.withdraw_invitation(request.user, invitation, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Die Einladung an %(email)s ist zurückgezogen.") % {"email": invitation.email},
        )
    return redirect("accounts:members", region=invitation.region.slug)
