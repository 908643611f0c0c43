"""The page behind the link in an invitation e-mail (no login needed to open it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from wegweiser.accounts import invitations, services
from wegweiser.accounts.forms import AcceptInvitationForm
from wegweiser.accounts.models import User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@sensitive_post_parameters("password1", "password2")
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the link changes nothing (mail scanners open links); accepting is a POST."""
    try:
        invitation = invitations.invitation_from_token(token)
    except invitations.InvitationLinkError as error:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"expired": error.expired},
            status=410 if error.expired else 404,
        )
    if invitation.accepted_at is not None:
        return render(request, "accounts/invitation_invalid.html", {"accepted": True}, status=410)

    existing = User.objects.filter(email__iexact=invitation.email).first()
    signed_in_as_other = request.user.is_authenticated and (
        existing is None or request.user.pk != existing.pk
    )
    form = (
        None
        if existing
        else AcceptInvitationForm(
            request.POST if request.method == "POST" else None, email=invitation.email
        )
    )
    context = {
        "invitation": invitation,
        "existing": existing,
        "signed_in_as_other": signed_in_as_other,
        "form": form,
        "providers": invitation.providers.order_by("name"),
    }
    if request.method != "POST" or signed_in_as_other:
        return render(
            request,
            "accounts/invitation_accept.html",
            context,
            status=403 if request.method == "POST" else 200,
        )
    if form is not None and not form.is_valid():
        return render(request, "accounts/invitation_accept.html", context)

    try:
        membership = services.accept_invitation(
            invitation,
            password=form.cleaned_data["password1"] if form else None,
            first_name=form.cleaned_data["first_name"] if form else "",
            last_name=form.cleaned_data["last_name"] if form else "",
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:login")
    welcome = _("Willkommen! Sie arbeiten jetzt in %(region)s als %(role)s.") % {
        "region": membership.region.name,
        "role": membership.get_role_display(),
    }
    if existing is None:
        login(request, membership.user, backend=MODEL_BACKEND)
        messages.success(request, welcome)
        return redirect("accounts:dashboard")
    messages.success(request, welcome)
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    return redirect("accounts:login")
