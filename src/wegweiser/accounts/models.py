from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmailUserManager(UserManager["User"]):
    """Users sign in with their e-mail address; there is no separate user name."""

    def _create_user_object(
        self, username: str | None, email: str | None, password: str | None, **extra_fields: Any
    ) -> User:
        if not email:
            raise ValueError("Eine E-Mail-Adresse ist erforderlich.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.password = ""
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        """Sign-in finds the user whatever the case of the typed address."""
        return self.get(email__iexact=username)

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        user = self._create_user_object(None, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        user = self._create_user_object(None, email, password, **extra_fields)
        user.save(using=self._db)
        return user


class StaffLanguage(models.TextChoices):
    """The languages of the staff pages (the public site has six, chosen by its address)."""

    GERMAN = "de", "Deutsch"
    ENGLISH = "en", "English"


class User(AbstractUser):
    """A person who signs in: staff of the city, a provider's editor, an administrator.

    What they may do follows from their ``Membership`` rows (roles per region); a superuser is an
    administrator everywhere.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("E-Mail-Adresse"), unique=True)
    language = models.CharField(
        _("Sprache der Verwaltungsseiten"),
        max_length=2,
        choices=StaffLanguage.choices,
        default=StaffLanguage.GERMAN,
    )

    objects: ClassVar[EmailUserManager] = EmailUserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("Benutzer")
        verbose_name_plural = pgettext_lazy("Mehrzahl", "Benutzer")
        ordering: ClassVar = ["email"]

    def __str__(self) -> str:
        full_name = self.get_full_name()
        return f"{full_name} <{self.email}>" if full_name else self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.strip().lower()


class Role(models.TextChoices):
    """What a person may do in one region; the rules are in ``accounts.permissions``."""

    CITY_EDITOR = "city_editor", _("Redaktion der Stadt")
    PROVIDER_EDITOR = "provider_editor", _("Redaktion eines Trägers")
    STATISTICS = "statistics", _("Statistikstelle")
    OBSERVER = "observer", _("Beobachtung")
    ADMINISTRATOR = "administrator", _("Administration")


class Membership(models.Model):
    """A user's role in a region; a provider editor's membership names their provider(s)."""

    user = models.ForeignKey(
        User, verbose_name=_("Benutzer"), on_delete=models.CASCADE, related_name="memberships"
    )
    region = models.ForeignKey(
        "directory.Region",
        verbose_name=_("Region"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    providers = models.ManyToManyField(
        "directory.Provider",
        verbose_name=_("Träger"),
        blank=True,
        related_name="memberships",
        help_text=_("Nur für die Redaktion eines Trägers: die Träger, die sie bearbeiten darf."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering: ClassVar = ["region", "role", "user"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "region", "role"], name="accounts_membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.region}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(24)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True)


class Invitation(models.Model):
    """An invitation by e-mail to a role in a region, open until accepted or withdrawn.

    The link in the e-mail is signed and expires (``accounts.invitations``); ``token`` ties it to
    this row, so a withdrawn invitation's link stops working even while its signature is valid.
    """

    email = models.EmailField(_("E-Mail-Adresse"))
    region = models.ForeignKey(
        "directory.Region",
        verbose_name=_("Region"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    providers = models.ManyToManyField(
        "directory.Provider", verbose_name=_("Träger"), blank=True, related_name="+"
    )
    token = models.CharField(max_length=64, default=_invitation_token, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("eingeladen am"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("angenommen am"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} – {self.region}"
