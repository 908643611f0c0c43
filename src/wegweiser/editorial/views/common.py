"""What every editorial staff view starts with: sign-in, role, and the object it may see."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse

from wegweiser.accounts import permissions
from wegweiser.directory.models import Offer, Provider, TranslationState
from wegweiser.directory.models.translations import Translatable


def editorial_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else to the login page) and holding an editorial role (else 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.uses_editorial_pages(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def offer_for(request: HttpRequest, uuid: UUID) -> Offer:
    """The offer, if the user may see it in the staff pages; 404 otherwise (also for offers of
    other providers or regions, so their existence is not revealed)."""
    offer = (
        permissions.offers_visible_to(request.user, Offer.objects.all())
        .select_related("region", "provider", "area", "kind")
        .filter(uuid=uuid)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def provider_for(request: HttpRequest, uuid: UUID) -> Provider:
    provider = (
        permissions.providers_visible_to(request.user, Provider.objects.all())
        .filter(uuid=uuid)
        .first()
    )
    if provider is None:
        raise Http404
    return provider


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """An action's ValidationError shown at the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def next_url(request: HttpRequest, default: str) -> str:
    """The ``next`` address a form posted, if it points into this site; else ``default``."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def translation_states(obj: Translatable) -> list[tuple[str, str, TranslationState]]:
    """(language code, language name, state) of ``obj``'s translations, German left out."""
    return [
        (code, str(name), obj.translation_state(code))
        for code, name in settings.LANGUAGES
        if code != "de"
    ]
