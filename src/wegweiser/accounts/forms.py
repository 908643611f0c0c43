"""Forms of the staff login, the account pages, invitations and memberships."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wegweiser.accounts import permissions
from wegweiser.accounts.models import Role, StaffLanguage, User
from wegweiser.directory.models import Provider, Region


class LoginForm(AuthenticationForm):
    """E-mail address and password; the field keeps Django's name ``username`` (django-axes
    counts failures by it)."""

    username = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {  # noqa: RUF012  (Django's attribute, overridden as Django does)
        "invalid_login": _("E-Mail-Adresse oder Passwort ist falsch."),
        "inactive": _("Dieses Konto ist gesperrt."),
    }


class TokenForm(forms.Form):
    """The six digits an authenticator app shows (spaces allowed, as apps group them)."""

    code = forms.CharField(
        label=_("Sechsstelliger Code aus der App"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Bitte geben Sie die sechs Ziffern aus der App ein."))
        return code


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form; the e-mail speaks the language the user chose for the staff pages."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context.get("user")
        with translation.override(getattr(user, "language", None) or StaffLanguage.GERMAN):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=StaffLanguage.choices)
    next = forms.CharField(required=False)


def _provider_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Träger"),
        queryset=Provider.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nur für die Redaktion eines Trägers: die Träger, die sie bearbeiten darf."),
    )


class InvitationForm(forms.Form):
    """Whom to invite to which role; only the roles the inviting user may grant are offered."""

    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Rolle"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, user: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grantable = permissions.grantable_roles(user, region)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (value, label) for value, label in Role.choices if value in grantable
        ]
        self.fields["providers"] = _provider_field()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") == Role.PROVIDER_EDITOR and not cleaned.get("providers"):
            self.add_error(
                "providers",
                _("Bitte wählen Sie mindestens einen Träger für die Redaktion eines Trägers."),
            )
        return cleaned


class MembershipProvidersForm(forms.Form):
    """Only the providers of a provider editor's membership can be changed here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _provider_field()
        field.required = True
        field.error_messages["required"] = _(
            "Bitte wählen Sie mindestens einen Träger. Um die Rolle ganz zu entziehen, "
            "entfernen Sie die Mitgliedschaft."
        )
        self.fields["providers"] = field


class AcceptInvitationForm(forms.Form):
    """A new account: name and a password that passes the password rules."""

    first_name = forms.CharField(
        label=_("Vorname"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nachname"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif password1:
            candidate = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
