"""Actions on accounts, for views and commands alike.

Each action checks the permission (``accounts.permissions``), runs in one transaction and writes
an audit entry; bad input raises ``ValidationError`` with a German message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wegweiser.accounts import invitations, permissions
from wegweiser.accounts.models import Invitation, Membership, Role, StaffLanguage, User

if TYPE_CHECKING:
    from django.http import HttpRequest

    from wegweiser.accounts.permissions import AnyUser
    from wegweiser.directory.models import Provider, Region


def _record(action: str, **kwargs: object) -> None:
    # The audit log belongs to the editorial app; membership changes are recorded there too.
    from wegweiser.editorial.audit import record

    record(action, **kwargs)  # type: ignore[arg-type]


def _provider_names(providers: Iterable[Provider]) -> str:
    return ", ".join(sorted(provider.name for provider in providers))


def _clean_providers(role: str, providers: Iterable[Provider]) -> list[Provider]:
    chosen = list(providers)
    if role != Role.PROVIDER_EDITOR:
        return []
    if not chosen:
        raise ValidationError(
            _("Bitte wählen Sie mindestens einen Träger für die Redaktion eines Trägers."),
            code="providers_required",
        )
    return chosen


# --- Invitations -------------------------------------------------------------------------------


def invite(
    actor: AnyUser,
    region: Region,
    *,
    email: str,
    role: str,
    providers: Iterable[Provider] = (),
    request: HttpRequest,
) -> Invitation:
    """Invite ``email`` to ``role`` in ``region`` and send the link.

    An open invitation to the same address and role is replaced by the new one. The e-mail goes
    out after the invitation is stored; when sending fails the invitation stays open (inviting
    again sends a new link) and the error propagates.
    """
    if role not in permissions.grantable_roles(actor, region):
        raise PermissionDenied
    email = User.objects.normalize_email(email).strip().lower()
    chosen = _clean_providers(role, providers)
    with transaction.atomic():
        if Membership.objects.filter(user__email__iexact=email, region=region, role=role).exists():
            raise ValidationError(
                _("%(email)s hat diese Rolle in %(region)s bereits.")
                % {"email": email, "region": region.name},
                code="member_already",
            )
        Invitation.objects.pending().filter(email__iexact=email, region=region, role=role).delete()
        invitation = Invitation.objects.create(
            email=email,
            region=region,
            role=role,
            invited_by=actor if isinstance(actor, User) else None,
        )
        invitation.providers.set(chosen)
        _record(
            "accounts.invite",
            actor=actor,
            obj=invitation,
            region=region,
            summary=_("Eingeladen: %(email)s als %(role)s")
            % {
                "email": email,
                "role": invitation.get_role_display(),
            }
            + (f" ({_provider_names(chosen)})" if chosen else ""),
            request=request,
        )
    link = request.build_absolute_uri(
        reverse("accounts:invitation", args=[invitations.link_token(invitation)])
    )
    send_invitation_email(invitation, link)
    return invitation


def send_invitation_email(invitation: Invitation, link: str) -> None:
    """German first, then English: the invitee has not chosen a language yet."""
    inviter = invitation.invited_by
    valid_until = invitation.created_at + invitations.validity()
    bodies = []
    subject = ""
    for language in (StaffLanguage.GERMAN, StaffLanguage.ENGLISH):
        with translation.override(language):
            context = {
                "invitation": invitation,
                "inviter": inviter.get_full_name() or inviter.email if inviter else "",
                "role": invitation.get_role_display(),
                "providers": _provider_names(invitation.providers.all()),
                "link": link,
                "valid_until": date_format(timezone.localtime(valid_until), "DATETIME_FORMAT"),
            }
            bodies.append(render_to_string("accounts/email/invitation.txt", context).strip())
            if not subject:
                subject = _("Ihre Einladung: Wegweiser %(region)s") % {
                    "region": invitation.region.name
                }
    send_mail(
        subject,
        "\n\n-- \n\n".join(bodies) + "\n",
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def accept_invitation(
    invitation: Invitation,
    *,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    request: HttpRequest | None = None,
) -> Membership:
    """Give the invitee the membership; a new account gets ``password`` (validated by the form).

    An invitation is used once; accepting it a second time changes nothing.
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError(
                _("Diese Einladung wurde bereits angenommen."), code="accepted_already"
            )
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            if not password:
                raise ValidationError(_("Bitte wählen Sie ein Passwort."), code="password")
            user = User.objects.create_user(
                invitation.email, password, first_name=first_name, last_name=last_name
            )
        membership, _created = Membership.objects.get_or_create(
            user=user, region=invitation.region, role=invitation.role
        )
        if invitation.role == Role.PROVIDER_EDITOR:
            membership.providers.add(*invitation.providers.all())
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        _record(
            "accounts.accept_invitation",
            actor=user,
            obj=membership,
            region=invitation.region,
            summary=_("Einladung angenommen: %(email)s als %(role)s")
            % {"email": user.email, "role": membership.get_role_display()},
            request=request,
        )
    return membership


def withdraw_invitation(
    actor: AnyUser, invitation: Invitation, *, request: HttpRequest | None = None
) -> None:
    """Delete an open invitation: its link stops working at once."""
    if not permissions.can_withdraw_invitation(actor, invitation):
        raise PermissionDenied
    with transaction.atomic():
        if invitation.accepted_at is not None:
            raise ValidationError(
                _("Diese Einladung wurde bereits angenommen."), code="accepted_already"
            )
        _record(
            "accounts.withdraw_invitation",
            actor=actor,
            obj=invitation,
            region=invitation.region,
            summary=_("Einladung zurückgezogen: %(email)s als %(role)s")
            % {"email": invitation.email, "role": invitation.get_role_display()},
            request=request,
        )
        invitation.delete()


# --- Memberships -------------------------------------------------------------------------------


def change_providers(
    actor: AnyUser,
    membership: Membership,
    providers: Iterable[Provider],
    *,
    request: HttpRequest | None = None,
) -> Membership:
    """Set the providers a provider editor may edit (at least one)."""
    if not permissions.can_change_membership(actor, membership):
        raise PermissionDenied
    if membership.role != Role.PROVIDER_EDITOR:
        raise ValidationError(
            _("Nur die Redaktion eines Trägers hat Träger."), code="not_provider_editor"
        )
    chosen = _clean_providers(membership.role, providers)
    with transaction.atomic():
        before = _provider_names(membership.providers.all())
        membership.providers.set(chosen)
        _record(
            "accounts.change_providers",
            actor=actor,
            obj=membership,
            region=membership.region,
            summary=_("Träger von %(email)s: %(before)s → %(after)s")
            % {
                "email": membership.user.email,
                "before": before or "–",
                "after": _provider_names(chosen),
            },
            request=request,
        )
    return membership


def remove_membership(
    actor: AnyUser, membership: Membership, *, request: HttpRequest | None = None
) -> None:
    """Take the role away; the account stays (it may hold other roles)."""
    if not permissions.can_change_membership(actor, membership):
        raise PermissionDenied
    with transaction.atomic():
        _record(
            "accounts.remove_membership",
            actor=actor,
            obj=membership,
            region=membership.region,
            summary=_("Rolle entzogen: %(email)s als %(role)s")
            % {"email": membership.user.email, "role": membership.get_role_display()},
            request=request,
        )
        membership.delete()


# --- The user's own settings -------------------------------------------------------------------


def set_language(user: User, language: str) -> None:
    if language not in StaffLanguage.values:
        raise ValidationError(_("Diese Sprache gibt es nicht."), code="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
