"""Providers in the staff pages: list, form, workflow buttons."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts import permissions
from wegweiser.directory.models import EditorialStatus, Provider
from wegweiser.editorial import actions
from wegweiser.editorial.forms import ProviderForm, TranslationForm
from wegweiser.editorial.views.common import (
    add_errors,
    editorial_view,
    provider_for,
    refused,
    translation_states,
)


@editorial_view
def provider_list(request: HttpRequest) -> HttpResponse:
    providers = permissions.providers_visible_to(request.user, Provider.objects.all())
    status = request.GET.get("status", "")
    if status in EditorialStatus.values:
        providers = providers.filter(status=status)
    search = (request.GET.get("q") or "").strip()[:200]
    if search:
        providers = providers.filter(
            Q(name__icontains=search)
            | Q(short_name__icontains=search)
            | Q(alternative_names__icontains=search)
        )
    providers = (
        providers.select_related("provider_type")
        .annotate(offer_count=Count("offers", distinct=True))
        .order_by("name")
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "editorial/provider_list.html",
        {
            "page": Paginator(providers, 50).get_page(request.GET.get("page")),
            "statuses": EditorialStatus.choices,
            "query": request.GET,
            "page_query": params.urlencode(),
            "can_create": permissions.can_create_provider(request.user),
        },
    )


@editorial_view
def provider_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_provider(request.user):
        raise PermissionDenied
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = actions.create_provider(
                form.provider_values(), actor=request.user, request=request
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Der Träger ist als Entwurf angelegt."))
            return redirect("editorial:provider_edit", uuid=provider.uuid)
    return render(request, "editorial/provider_form.html", {"form": form, "provider": None})


@editorial_view
def provider_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    provider = provider_for(request, uuid)
    can_edit = permissions.can_edit_provider(request.user, provider)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = ProviderForm(request.POST or None, instance=provider)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_provider(
                provider, form.provider_values(), actor=request.user, request=request
            )
        except actions.NothingChanged as error:
            refused(request, error)
            return redirect("editorial:provider_edit", uuid=provider.uuid)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("editorial:provider_edit", uuid=provider.uuid)
        provider.refresh_from_db()
    can_publish = permissions.can_publish_provider(request.user, provider)
    return render(
        request,
        "editorial/provider_form.html",
        {
            "form": form,
            "provider": provider,
            "can_edit": can_edit,
            "can_publish": can_publish and provider.status != EditorialStatus.PUBLISHED,
            "can_archive": can_publish and provider.status != EditorialStatus.ARCHIVED,
            "can_confirm": permissions.can_confirm_provider(request.user, provider)
            and provider.status != EditorialStatus.ARCHIVED,
            "translation_states": translation_states(provider),
            "offers": permissions.offers_visible_to(request.user, provider.offers.all())
            .select_related("region")
            .order_by("title"),
        },
    )


PROVIDER_ACTIONS = {
    "publish": (actions.publish_provider, _("Der Träger ist veröffentlicht.")),
    "archive": (actions.archive_provider, _("Der Träger ist archiviert.")),
    "confirm": (
        actions.confirm_still_correct,
        _("Danke! Die Angaben sind als weiterhin richtig bestätigt."),
    ),
}


@editorial_view
@require_POST
def provider_action(request: HttpRequest, uuid: UUID, name: str) -> HttpResponse:
    if name not in PROVIDER_ACTIONS:
        raise Http404
    provider = provider_for(request, uuid)
    action, message = PROVIDER_ACTIONS[name]
    try:
        action(provider, actor=request.user, request=request)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, str(message))
    return redirect("editorial:provider_edit", uuid=provider.uuid)


@editorial_view
def provider_translation(request: HttpRequest, uuid: UUID, language: str) -> HttpResponse:
    provider = provider_for(request, uuid)
    if language not in settings.WEGWEISER_TRANSLATION_LANGUAGES:
        raise Http404
    can_edit = permissions.can_edit_provider(request.user, provider)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = TranslationForm(request.POST or None, obj=provider, language=language)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_provider_translation(
                provider, language, form.texts(), actor=request.user, request=request
            )
        except actions.NothingChanged as error:
            refused(request, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Die Übersetzung ist gespeichert."))
            return redirect("editorial:provider_translation", uuid=provider.uuid, language=language)
    return render(
        request,
        "editorial/translation.html",
        {
            "obj": provider,
            "title": provider.name,
            "back_url": reverse("editorial:provider_edit", args=[provider.uuid]),
            "back_label": _("Zurück zum Träger"),
            "url_name": "editorial:provider_translation",
            "form": form,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "state": provider.translation_state(language),
            "translation_states": translation_states(provider),
            "can_edit": can_edit,
        },
    )
