"""Offers in the staff pages: list with filters and bulk actions, form, translations, workflow."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts import permissions
from wegweiser.directory.models import (
    Area,
    EditorialStatus,
    Offer,
    Provider,
    Region,
)
from wegweiser.editorial import actions, freshness, offerdata
from wegweiser.editorial.forms import OfferForm, ReasonForm, TranslationForm, initial_from_values
from wegweiser.editorial.models import Revision
from wegweiser.editorial.views.common import (
    add_errors,
    editorial_view,
    next_url,
    offer_for,
    refused,
    translation_states,
)

PAGE_SIZE = 50
FRESHNESS_FILTERS = {
    "current": _("aktuell"),
    "due": _("Erinnerung fällig"),
    "stale": _("nicht bestätigt (öffentlicher Hinweis)"),
}


def _regions(ids: set[int]) -> list[Region]:
    return list(Region.objects.filter(pk__in=ids).order_by("order", "name"))


@editorial_view
def offer_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    offers = permissions.offers_visible_to(user, Offer.objects.all())
    regions = _regions(permissions.editorial_region_ids(user))
    query = request.GET
    chosen_region = next((r for r in regions if r.slug == query.get("region")), None)
    if chosen_region is not None:
        offers = offers.filter(region=chosen_region)
    if query.get("status") in EditorialStatus.values:
        offers = offers.filter(status=query["status"])
    if query.get("area"):
        offers = offers.filter(area__code=query["area"])
    if query.get("provider"):
        try:
            offers = offers.filter(provider__uuid=UUID(query["provider"]))
        except ValueError:
            offers = offers.none()
    now = timezone.now()
    offers = freshness.with_last_confirmed(offers)
    reminder = freshness.months_before(now, settings.WEGWEISER_REMINDER_AFTER_MONTHS)
    notice = freshness.months_before(now, settings.WEGWEISER_STALE_NOTICE_AFTER_MONTHS)
    if query.get("freshness") == "current":
        offers = offers.filter(last_confirmed__gte=reminder)
    elif query.get("freshness") == "due":
        offers = offers.filter(last_confirmed__lt=reminder, last_confirmed__gte=notice)
    elif query.get("freshness") == "stale":
        offers = offers.filter(last_confirmed__lt=notice)
    search = (query.get("q") or "").strip()[:200]
    if search:
        offers = offers.filter(
            Q(title__icontains=search)
            | Q(provider__name__icontains=search)
            | Q(external_id__icontains=search)
        )
    offers = offers.select_related("provider", "area", "region").order_by("title", "pk")
    page = Paginator(offers, PAGE_SIZE).get_page(query.get("page"))
    providers = (
        permissions.providers_visible_to(user, Provider.objects.all())
        .filter(offers__in=permissions.offers_visible_to(user, Offer.objects.all()))
        .distinct()
        .order_by("name")
    )
    bulk = bool(permissions.publishing_region_ids(user))
    params = query.copy()
    params.pop("page", None)
    return render(
        request,
        "editorial/offer_list.html",
        {
            "page": page,
            "regions": regions,
            "statuses": EditorialStatus.choices,
            "areas": Area.objects.order_by("order", "code"),
            "providers": providers,
            "freshness_filters": FRESHNESS_FILTERS,
            "query": query,
            "page_query": params.urlencode(),
            "bulk": bulk,
            "reminder_limit": reminder,
            "notice_limit": notice,
            "can_create": any(permissions.can_create_offer_in(user, r) for r in regions),
        },
    )


@editorial_view
@require_POST
def offer_bulk(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("action", "")
    if name not in actions.BULK_ACTIONS:
        messages.error(request, _("Bitte wählen Sie eine Sammelaktion."))
        return redirect("editorial:offers")
    if not permissions.publishing_region_ids(request.user):
        raise PermissionDenied
    uuids = []
    for value in request.POST.getlist("offers"):
        try:
            uuids.append(UUID(value))
        except ValueError:
            continue
    offers = permissions.offers_visible_to(request.user, Offer.objects.filter(uuid__in=uuids))
    result = actions.bulk_offers(
        name, offers.order_by("title"), actor=request.user, request=request
    )
    if result.done:
        messages.success(
            request,
            _("Sammelaktion ausgeführt; erledigt: %(count)d.") % {"count": len(result.done)},
        )
    for offer, reason in result.skipped:
        messages.warning(
            request,
            _("„%(title)s“ übersprungen: %(reason)s") % {"title": offer.title, "reason": reason},
        )
    if not result.done and not result.skipped:
        messages.error(request, _("Bitte wählen Sie mindestens ein Angebot."))
    return redirect(next_url(request, reverse("editorial:offers")))


@editorial_view
def offer_create_start(request: HttpRequest) -> HttpResponse:
    regions = [
        r
        for r in _regions(permissions.editorial_region_ids(request.user))
        if permissions.can_create_offer_in(request.user, r)
    ]
    if not regions:
        raise PermissionDenied
    if len(regions) == 1:
        return redirect("editorial:offer_create", region=regions[0].slug)
    return render(request, "editorial/offer_create_start.html", {"regions": regions})


@editorial_view
def offer_create(request: HttpRequest, region: str) -> HttpResponse:
    region_obj = get_object_or_404(Region, slug=region)
    if not permissions.can_create_offer_in(request.user, region_obj):
        raise PermissionDenied
    offer = Offer(region=region_obj, status=EditorialStatus.DRAFT)
    form = OfferForm(request.POST or None, instance=offer, user=request.user, region=region_obj)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                values = _with_new_location(form, region_obj, request)
                created = actions.create_offer(
                    region_obj, values, actor=request.user, request=request
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Das Angebot ist als Entwurf angelegt."))
            return redirect("editorial:offer_edit", uuid=created.uuid)
    return render(
        request, "editorial/offer_form.html", {"form": form, "region": region_obj, "offer": None}
    )


def _with_new_location(form: OfferForm, region: Region, request: HttpRequest) -> dict[str, Any]:
    values = form.offer_values()
    new = form.new_location()
    if new is not None:
        provider = values.get("provider")
        location = actions.create_location(
            region, new, provider=provider, actor=request.user, request=request
        )
        values["locations"] = [*values.get("locations", []), location]
    return values


@editorial_view
def offer_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    offer = offer_for(request, uuid)
    user = request.user
    can_edit = permissions.can_edit_offer(user, offer)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    review = permissions.changes_need_review(user, offer)
    own_pending = (
        Revision.objects.filter(
            offer=offer, author_id=user.pk, state=Revision.State.PENDING
        ).first()
        if review
        else None
    )
    initial = {}
    if own_pending is not None and request.method != "POST":
        try:
            values = offerdata.deserialize(own_pending.data, offer.region)
            values.pop(offerdata.TRANSLATIONS, None)
            initial = initial_from_values(values)
        except ValidationError:
            initial = {}
    form = OfferForm(
        request.POST or None, instance=offer, initial=initial, user=user, region=offer.region
    )
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                values = _with_new_location(form, offer.region, request)
                outcome = actions.change_offer(offer, values, actor=user, request=request)
        except actions.NothingChanged as error:
            refused(request, error)
            return redirect("editorial:offer_edit", uuid=offer.uuid)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if isinstance(outcome, Revision):
                messages.success(
                    request,
                    _(
                        "Ihre Änderung ist als Vorschlag gespeichert. Die Redaktion der Stadt prüft "
                        "ihn; bis dahin zeigt die öffentliche Seite den bisherigen Stand."
                    ),
                )
            else:
                messages.success(request, _("Gespeichert."))
            return redirect("editorial:offer_edit", uuid=offer.uuid)
        offer.refresh_from_db()
    return render(
        request,
        "editorial/offer_form.html",
        {
            "form": form,
            "offer": offer,
            "region": offer.region,
            "can_edit": can_edit,
            "needs_review": review,
            "own_pending": own_pending,
            "transitions": actions.available_transitions(user, offer),
            "can_confirm": permissions.can_confirm_offer(user, offer)
            and offer.status != EditorialStatus.ARCHIVED,
            "pending_revisions": offer.revisions.filter(state=Revision.State.PENDING)
            .select_related("author")
            .order_by("created_at"),
            "translation_states": translation_states(offer),
            "last_confirmed": freshness.last_confirmed(offer),
            "stale_since": freshness.stale_since(offer),
        },
    )


TRANSITION_MESSAGES = {
    "submit": _("Das Angebot ist zur Prüfung eingereicht."),
    "publish": _("Das Angebot ist veröffentlicht."),
    "archive": _("Das Angebot ist archiviert."),
    "reopen": _("Das Angebot ist wieder ein Entwurf."),
}


@editorial_view
@require_POST
def offer_transition(request: HttpRequest, uuid: UUID, name: str) -> HttpResponse:
    if name not in TRANSITION_MESSAGES:
        raise Http404
    offer = offer_for(request, uuid)
    action = {
        "submit": actions.submit_offer,
        "publish": actions.publish_offer,
        "archive": actions.archive_offer,
        "reopen": actions.reopen_offer,
    }[name]
    try:
        action(offer, actor=request.user, request=request)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, str(TRANSITION_MESSAGES[name]))
    return redirect("editorial:offer_edit", uuid=offer.uuid)


@editorial_view
def offer_reject(request: HttpRequest, uuid: UUID) -> HttpResponse:
    offer = offer_for(request, uuid)
    if not permissions.can_publish_offer(request.user, offer):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reject_offer(
                offer, reason=form.cleaned_data["reason"], actor=request.user, request=request
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Das Angebot ist zurückgewiesen; die Begründung ist verschickt.")
            )
            return redirect("editorial:review")
    return render(request, "editorial/offer_reject.html", {"offer": offer, "form": form})


@editorial_view
@require_POST
def offer_confirm(request: HttpRequest, uuid: UUID) -> HttpResponse:
    offer = offer_for(request, uuid)
    try:
        actions.confirm_still_correct(offer, actor=request.user, request=request)
    except ValidationError as error:
        refused(request, error)
    else:
        messages.success(request, _("Danke! Die Angaben sind als weiterhin richtig bestätigt."))
    return redirect(next_url(request, reverse("editorial:offer_edit", args=[offer.uuid])))


@editorial_view
def offer_translation(request: HttpRequest, uuid: UUID, language: str) -> HttpResponse:
    offer = offer_for(request, uuid)
    if language not in settings.WEGWEISER_TRANSLATION_LANGUAGES:
        raise Http404
    can_edit = permissions.can_edit_offer(request.user, offer)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = TranslationForm(request.POST or None, obj=offer, language=language)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            outcome = actions.change_offer(
                offer,
                {offerdata.TRANSLATIONS: {language: form.texts()}},
                actor=request.user,
                request=request,
            )
        except actions.NothingChanged as error:
            refused(request, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if isinstance(outcome, Revision):
                messages.success(request, _("Die Übersetzung ist als Vorschlag gespeichert."))
            else:
                messages.success(request, _("Die Übersetzung ist gespeichert."))
            return redirect("editorial:offer_translation", uuid=offer.uuid, language=language)
    return render(
        request,
        "editorial/translation.html",
        {
            "obj": offer,
            "title": offer.title,
            "back_url": reverse("editorial:offer_edit", args=[offer.uuid]),
            "back_label": _("Zurück zum Angebot"),
            "url_name": "editorial:offer_translation",
            "form": form,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "state": offer.translation_state(language),
            "translation_states": translation_states(offer),
            "can_edit": can_edit,
        },
    )
