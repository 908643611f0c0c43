"""Every editorial state change, one function each: the web pages, commands and the API call these.

Each action checks the permission (``wegweiser.accounts.permissions``; ``PermissionDenied``
when refused), runs in one transaction, records exactly one version where content changes
(``save_with_relations``) and writes one audit entry (who, when, what, from where). ``actor``
is the user acting; ``None`` means the system (a scheduled command), which may do everything.
``request`` gives the audit log the client's address; ``source`` says where the action came
from (``web``, ``command``, ``import``, ``api``, ``public``, ``survey``). Where there is no
user but someone outside identifiable (a provider answering a survey through its personal link),
``actor=None`` with an ``actor_label`` such as "Befragung 2026: <provider>" names them in the
audit log; such actions only create drafts, pending revisions and reports, never publish.

Offer states: draft → in review → published → archived (see docs/editorial.md for the full
table). A change to a published offer by someone who cannot publish becomes a pending
``Revision``; the public sees the published state until a city editor approves it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.accounts import permissions
from wegweiser.directory.history import save_with_relations
from wegweiser.directory.models import (
    EditorialStatus,
    Location,
    Offer,
    Provider,
    ProviderTranslation,
    Region,
)
from wegweiser.editorial import audit, offerdata
from wegweiser.editorial.mail import send_on_commit
from wegweiser.editorial.models import AuditEntry, ChangeReport, Revision

Status = EditorialStatus


class ActionRefused(ValidationError):
    """The action is not possible in the entry's current state (the message says why)."""


class NothingChanged(ActionRefused):
    """The submitted values equal the stored ones: nothing was written."""


def _check(actor: Any, allowed: Callable[[], bool]) -> None:
    if actor is None:
        return  # the system (scheduled commands)
    if not allowed():
        raise PermissionDenied


def _locked_offer(offer: Offer) -> Offer:
    """Re-read the offer under a row lock (PostgreSQL) so two actions cannot interleave."""
    Offer.objects.select_for_update().filter(pk=offer.pk).values_list("pk").first()
    offer.refresh_from_db()
    return offer


def _user_label(actor: Any) -> str:
    return str(actor) if actor is not None else "System"


def _absolute(path: str, request: Any = None) -> str:
    if request is not None:
        return str(request.build_absolute_uri(path))
    return f"{settings.WEGWEISER_SITE_URL.rstrip('/')}{path}"


# --- Offers: content ----------------------------------------------------------------------------


def _check_provider_choice(actor: Any, region: Region, values: Mapping[str, Any]) -> None:
    """A provider editor may only name a provider of their own as the lead provider."""
    provider = values.get("provider")
    if (
        actor is None
        or provider is None
        or permissions.has_role(actor, region, *permissions.EDITING_ROLES)
    ):
        return
    if provider.pk not in permissions.editable_provider_ids(actor, region):
        raise PermissionDenied


def create_offer(
    region: Region,
    data: Mapping[str, Any],
    *,
    actor: Any,
    request: Any = None,
    source: str = "web",
    actor_label: str = "",
) -> Offer:
    """A new offer as a draft; ``data`` in the form of ``offerdata`` (the edit form's values)."""
    _check(actor, lambda: permissions.can_create_offer_in(actor, region))
    _check_provider_choice(actor, region, data)
    values = dict(data)
    translations = values.pop(offerdata.TRANSLATIONS, None)
    with transaction.atomic():
        offer = Offer(region=region, status=Status.DRAFT)
        relations = offerdata.apply(offer, values)
        offer.verified_at, offer.verified_by = timezone.now(), actor
        save_with_relations(offer, relations, user=actor, reason="Angelegt")
        if translations:
            offerdata.apply_translations(offer, translations)
        audit.record(
            "offer.create",
            actor=actor,
            obj=offer,
            summary=f"Angelegt als Entwurf ({offer.provider})",
            request=request,
            source=source,
            actor_label=actor_label,
        )
    return offer


def save_offer(
    offer: Offer,
    data: Mapping[str, Any],
    *,
    actor: Any,
    request: Any = None,
    source: str = "web",
    expected_version: int | None = None,
    audit_action: str = "offer.save",
    reason: str = "Bearbeitet",
) -> Offer:
    """Save changes to an offer directly (a draft, or any offer by someone who may publish).

    Saving counts as confirming the offer (``verified_at``). Values equal to the stored ones
    write nothing (``NothingChanged``). ``expected_version``: the ``lock_version`` the change was
    made against; a newer stored state is refused instead of overwritten.
    """
    with transaction.atomic():
        offer = _locked_offer(offer)
        _check(actor, lambda: permissions.can_edit_offer(actor, offer))
        if actor is not None and permissions.changes_need_review(actor, offer):
            raise PermissionDenied
        _check_provider_choice(actor, offer.region, data)
        if expected_version is not None and expected_version != offer.lock_version:
            raise ActionRefused(
                _("Das Angebot wurde inzwischen von jemand anderem geändert."), code="conflict"
            )
        changed = offerdata.changed_values(offer, data)
        if not changed:
            raise NothingChanged(_("Es gab nichts zu speichern: keine Angabe wurde geändert."))
        translations = changed.pop(offerdata.TRANSLATIONS, None)
        if changed:
            relations = offerdata.apply(offer, changed)
            offer.verified_at, offer.verified_by = timezone.now(), actor
            save_with_relations(offer, relations, user=actor, reason=reason)
        if translations:
            offerdata.apply_translations(offer, translations)
        audit.record(
            audit_action,
            actor=actor,
            obj=offer,
            summary=_changed_summary(changed, translations),
            request=request,
            source=source,
        )
    return offer


def _changed_summary(changed: Mapping[str, Any], translations: Mapping[str, Any] | None) -> str:
    labels = [offerdata.label_of(name) for name in offerdata.FIELD_ORDER if name in changed]
    if translations:
        labels.append("Übersetzung " + ", ".join(sorted(translations)))
    return "Geändert: " + ", ".join(labels)


def propose_revision(
    offer: Offer,
    data: dict[str, Any],
    *,
    actor: Any,
    source: str,
    request: Any = None,
    actor_label: str = "",
) -> Revision:
    """A change to a published offer that waits for a city editor's approval.

    ``data`` maps offer field names to new values in the form of the staff offer edit form's
    ``cleaned_data`` (documented in ``wegweiser.editorial.offerdata``: text as ``str``, dates as
    ``date``, ``hours`` as ``Decimal``, ``provider``/``area``/``kind``/``gender`` as model
    instances, ``partners``/``age_groups``/``target_groups``/``languages``/``districts``/
    ``locations`` as iterables of instances, optionally ``translations`` as
    ``{language: {field: text}}``). Fields left out stay as they are. Only the fields that
    differ from the published state are stored; the values are validated as a whole now
    (``ValidationError``), and again when approved.

    The revision remembers the offer's ``lock_version`` (``base_version``); approving it after
    the offer changed is refused. An earlier pending revision of the same author is marked
    superseded. Raises ``PermissionDenied`` when the actor may not edit the offer,
    ``ActionRefused`` when the offer is not published (drafts are saved directly with
    ``save_offer``) and ``NothingChanged`` when no value differs.
    """
    with transaction.atomic():
        offer = _locked_offer(offer)
        _check(actor, lambda: permissions.can_edit_offer(actor, offer))
        if offer.status != Status.PUBLISHED:
            raise ActionRefused(
                _(
                    "Nur veröffentlichte Angebote bekommen Änderungsvorschläge; dieses wird direkt gespeichert."
                )
            )
        _check_provider_choice(actor, offer.region, data)
        offerdata.check_fields(data)
        changed = offerdata.changed_values(offer, data)
        if not changed:
            raise NothingChanged(_("Es gab nichts zu speichern: keine Angabe wurde geändert."))
        trial = Offer.objects.get(pk=offer.pk)
        offerdata.apply(trial, {k: v for k, v in changed.items() if k != offerdata.TRANSLATIONS})
        if actor is not None:
            Revision.objects.filter(offer=offer, author=actor, state=Revision.State.PENDING).update(
                state=Revision.State.SUPERSEDED, decided_at=timezone.now()
            )
        revision = Revision.objects.create(
            offer=offer,
            data=offerdata.serialize(changed),
            base_version=offer.lock_version,
            author=actor,
            source=source,
        )
        translations = changed.pop(offerdata.TRANSLATIONS, None)
        audit.record(
            "revision.propose",
            actor=actor,
            obj=offer,
            summary=f"Änderungsvorschlag #{revision.pk}; {_changed_summary(changed, translations)}",
            request=request,
            source=source,
            actor_label=actor_label,
        )
    return revision


def change_offer(
    offer: Offer,
    data: Mapping[str, Any],
    *,
    actor: Any,
    request: Any = None,
    source: str = "web",
    expected_version: int | None = None,
) -> Offer | Revision:
    """Save directly where the actor may, otherwise propose a revision (published offers edited
    by a provider's editor)."""
    if actor is not None and permissions.changes_need_review(actor, offer):
        return propose_revision(offer, dict(data), actor=actor, source=source, request=request)
    return save_offer(
        offer,
        data,
        actor=actor,
        request=request,
        source=source,
        expected_version=expected_version,
    )


def restore_version(
    offer: Offer, history_id: int, *, actor: Any, request: Any = None, source: str = "web"
) -> Offer | Revision:
    """Bring back the content of an earlier version as a new version (the status stays).

    A provider's editor restoring on a published offer gets a pending revision, like any change.
    """
    version = offer.history.filter(history_id=history_id).first()
    if version is None:
        raise ActionRefused(_("Diese Version gibt es nicht."))
    values = offerdata.values_of_version(version)
    when = timezone.localtime(version.history_date).strftime("%d.%m.%Y %H:%M")
    if actor is not None and permissions.changes_need_review(actor, offer):
        return propose_revision(offer, values, actor=actor, source=source, request=request)
    return save_offer(
        offer,
        values,
        actor=actor,
        request=request,
        source=source,
        audit_action="offer.restore",
        reason=f"Version vom {when} wiederhergestellt",
    )


def create_location(
    region: Region,
    data: Mapping[str, Any],
    *,
    provider: Provider | None,
    actor: Any,
    request: Any = None,
    source: str = "web",
) -> Location:
    """A new place (name, street, postcode, city, district) in the region, for the offer form."""
    _check(actor, lambda: permissions.can_create_offer_in(actor, region))
    with transaction.atomic():
        location = Location(region=region, provider=provider, **data)
        location.full_clean()
        save_with_relations(location, user=actor, reason="Angelegt")
        audit.record("location.create", actor=actor, obj=location, request=request, source=source)
    return location


# --- Offers: workflow ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    allowed: Callable[[Any, Offer], bool]
    history_reason: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "submit",
            frozenset({Status.DRAFT}),
            Status.IN_REVIEW,
            permissions.can_submit_offer,
            "Zur Prüfung eingereicht",
        ),
        Transition(
            "publish",
            frozenset({Status.DRAFT, Status.IN_REVIEW}),
            Status.PUBLISHED,
            permissions.can_publish_offer,
            "Veröffentlicht",
        ),
        Transition(
            "reject",
            frozenset({Status.IN_REVIEW}),
            Status.DRAFT,
            permissions.can_publish_offer,
            "Zurückgewiesen",
        ),
        Transition(
            "archive",
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED}),
            Status.ARCHIVED,
            permissions.can_archive_offer,
            "Archiviert",
        ),
        Transition(
            "reopen",
            frozenset({Status.ARCHIVED}),
            Status.DRAFT,
            permissions.can_publish_offer,
            "Aus dem Archiv geholt",
        ),
    )
}


def available_transitions(actor: Any, offer: Offer) -> list[str]:
    """The workflow steps the actor may take on the offer now (for buttons)."""
    return [
        t.name
        for t in TRANSITIONS.values()
        if offer.status in t.sources and (actor is None or t.allowed(actor, offer))
    ]


def _transition(
    offer: Offer,
    name: str,
    *,
    actor: Any,
    request: Any,
    source: str,
    summary: str = "",
    audit_action: str = "",
    history_reason: str = "",
    actor_label: str = "",
) -> Offer:
    transition = TRANSITIONS[name]
    with transaction.atomic():
        offer = _locked_offer(offer)
        _check(actor, lambda: transition.allowed(actor, offer))
        if offer.status not in transition.sources:
            raise ActionRefused(
                _("Das geht nicht mit einem Angebot im Zustand „%(status)s“.")
                % {"status": offer.get_status_display()}
            )
        before = offer.get_status_display()
        offer.status = transition.target
        if name == "publish":
            offer.full_clean(exclude=["uuid"])  # e.g. a published offer needs an area
            offer.verified_at, offer.verified_by = timezone.now(), actor
        save_with_relations(offer, user=actor, reason=history_reason or transition.history_reason)
        audit.record(
            audit_action or f"offer.{name}",
            actor=actor,
            obj=offer,
            summary=summary or f"{before} → {offer.get_status_display()}",
            request=request,
            source=source,
            actor_label=actor_label,
        )
    return offer


def submit_offer(
    offer: Offer, *, actor: Any, request: Any = None, source: str = "web", actor_label: str = ""
) -> Offer:
    return _transition(
        offer, "submit", actor=actor, request=request, source=source, actor_label=actor_label
    )


def publish_offer(
    offer: Offer, *, actor: Any, request: Any = None, source: str = "web", actor_label: str = ""
) -> Offer:
    return _transition(
        offer, "publish", actor=actor, request=request, source=source, actor_label=actor_label
    )


def archive_offer(
    offer: Offer, *, actor: Any, request: Any = None, source: str = "web", actor_label: str = ""
) -> Offer:
    return _transition(
        offer, "archive", actor=actor, request=request, source=source, actor_label=actor_label
    )


def reopen_offer(
    offer: Offer, *, actor: Any, request: Any = None, source: str = "web", actor_label: str = ""
) -> Offer:
    return _transition(
        offer, "reopen", actor=actor, request=request, source=source, actor_label=actor_label
    )


def _submitter(offer: Offer) -> Any:
    """Who sent the offer to review (else who created it): the one to tell about a decision."""
    entry = (
        AuditEntry.objects.filter(
            object_type="offer",
            object_id=str(offer.uuid),
            action__in=["offer.submit", "offer.create"],
            actor__isnull=False,
        )
        .select_related("actor")
        .first()
    )
    return entry.actor if entry is not None else None


def reject_offer(
    offer: Offer, *, reason: str, actor: Any, request: Any = None, source: str = "web"
) -> Offer:
    """Send an offer in review back to draft, with a reason e-mailed to whoever submitted it."""
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Bitte geben Sie einen Grund für die Ablehnung an."))
    offer = _transition(
        offer,
        "reject",
        actor=actor,
        request=request,
        source=source,
        summary=f"Zurückgewiesen: {reason}",
    )
    author = _submitter(offer)
    if author is not None:
        send_on_commit(
            "offer_rejected",
            [author.email],
            {
                "offer": offer,
                "reason": reason,
                "actor": _user_label(actor),
                "url": _absolute(reverse("editorial:offer_edit", args=[offer.uuid]), request),
            },
        )
    return offer


def confirm_still_correct(
    obj: Offer | Provider,
    *,
    actor: Any,
    request: Any = None,
    source: str = "web",
    actor_label: str = "",
) -> Offer | Provider:
    """ "Still correct": set ``verified_at``/``verified_by`` without editing anything else.

    No version is recorded (the content did not change) and the edit version stays, so nobody's
    open form or pending revision becomes outdated by a confirmation.
    """
    model: type[Offer] | type[Provider] = type(obj)
    with transaction.atomic():
        model.objects.select_for_update().filter(pk=obj.pk).values_list("pk").first()
        obj.refresh_from_db()
        if isinstance(obj, Offer):
            offer = obj
            _check(actor, lambda: permissions.can_confirm_offer(actor, offer))
        else:
            provider = obj
            _check(actor, lambda: permissions.can_confirm_provider(actor, provider))
        if obj.status == Status.ARCHIVED:
            raise ActionRefused(_("Ein archivierter Eintrag kann nicht bestätigt werden."))
        now = timezone.now()
        model.objects.filter(pk=obj.pk).update(verified_at=now, verified_by=actor)
        obj.refresh_from_db()
        audit.record(
            f"{model._meta.model_name}.confirm",
            actor=actor,
            obj=obj,
            summary="Angaben als weiterhin richtig bestätigt",
            request=request,
            source=source,
            actor_label=actor_label,
        )
    return obj


# --- Revisions ----------------------------------------------------------------------------------


def _pending(revision: Revision) -> Revision:
    Revision.objects.select_for_update().filter(pk=revision.pk).values_list("pk").first()
    revision.refresh_from_db()
    if revision.state != Revision.State.PENDING:
        raise ActionRefused(
            _("Über diesen Vorschlag ist schon entschieden (%(state)s).")
            % {"state": revision.get_state_display()}
        )
    return revision


def approve_revision(
    revision: Revision, *, actor: Any, request: Any = None, source: str = "web"
) -> Offer:
    """Take a pending revision over into the published offer (one new version).

    Refused when the offer was saved after the revision was made (its ``base_version`` is
    outdated): approving would silently undo that later change.
    """
    with transaction.atomic():
        offer = _locked_offer(revision.offer)
        _check(actor, lambda: permissions.can_publish_offer(actor, offer))
        revision = _pending(revision)
        if revision.base_version != offer.lock_version:
            raise ActionRefused(
                _(
                    "Das Angebot wurde geändert, nachdem dieser Vorschlag gemacht wurde. Ihn zu "
                    "übernehmen würde diese spätere Änderung überschreiben. Lehnen Sie den "
                    "Vorschlag ab (mit Begründung) und übernehmen Sie, was noch fehlt, selbst im "
                    "Formular."
                ),
                code="outdated",
            )
        values = offerdata.deserialize(revision.data, offer.region)
        translations = values.pop(offerdata.TRANSLATIONS, None)
        if values:
            relations = offerdata.apply(offer, values)
            offer.verified_at, offer.verified_by = timezone.now(), actor
            save_with_relations(
                offer, relations, user=actor, reason=f"Änderungsvorschlag #{revision.pk} übernommen"
            )
        if translations:
            offerdata.apply_translations(offer, translations)
        revision.state = Revision.State.APPROVED
        revision.decided_at, revision.decided_by = timezone.now(), actor
        revision.save(update_fields=["state", "decided_at", "decided_by"])
        audit.record(
            "revision.approve",
            actor=actor,
            obj=offer,
            summary=f"Änderungsvorschlag #{revision.pk} übernommen",
            request=request,
            source=source,
        )
    return offer


def reject_revision(
    revision: Revision, *, reason: str, actor: Any, request: Any = None, source: str = "web"
) -> Revision:
    """Turn a pending revision down; its author gets the reason by e-mail."""
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Bitte geben Sie einen Grund für die Ablehnung an."))
    with transaction.atomic():
        offer = revision.offer
        _check(actor, lambda: permissions.can_publish_offer(actor, offer))
        revision = _pending(revision)
        revision.state = Revision.State.REJECTED
        revision.reason = reason
        revision.decided_at, revision.decided_by = timezone.now(), actor
        revision.save(update_fields=["state", "reason", "decided_at", "decided_by"])
        audit.record(
            "revision.reject",
            actor=actor,
            obj=offer,
            summary=f"Änderungsvorschlag #{revision.pk} abgelehnt: {reason}",
            request=request,
            source=source,
        )
        if revision.author is not None:
            send_on_commit(
                "revision_rejected",
                [revision.author.email],
                {
                    "offer": offer,
                    "revision": revision,
                    "reason": reason,
                    "actor": _user_label(actor),
                    "url": _absolute(reverse("editorial:offer_edit", args=[offer.uuid]), request),
                },
            )
    return revision


# --- Bulk actions -------------------------------------------------------------------------------


@dataclasses.dataclass
class BulkResult:
    done: list[Offer] = dataclasses.field(default_factory=list)
    skipped: list[tuple[Offer, str]] = dataclasses.field(default_factory=list)


BULK_ACTIONS: dict[str, Callable[..., Any]] = {
    "publish": publish_offer,
    "archive": archive_offer,
    "confirm": confirm_still_correct,
}


def bulk_offers(
    name: str,
    offers: Iterable[Offer],
    *,
    actor: Any,
    request: Any = None,
    source: str = "web",
) -> BulkResult:
    """Run one action on many offers in one transaction; each offer gets its own version and
    audit entry. Offers the actor may not change or whose state does not allow the action are
    skipped with the reason; the others are done."""
    action = BULK_ACTIONS[name]
    result = BulkResult()
    with transaction.atomic():
        for offer in offers:
            try:
                with transaction.atomic():
                    action(offer, actor=actor, request=request, source=source)
            except PermissionDenied:
                result.skipped.append((offer, _("keine Berechtigung")))
            except ValidationError as error:
                result.skipped.append((offer, " ".join(error.messages)))
            else:
                result.done.append(offer)
    return result


# --- Providers ----------------------------------------------------------------------------------

PROVIDER_FIELDS = (
    "name",
    "short_name",
    "alternative_names",
    "provider_type",
    "description",
    "website",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "home_region",
    "networks",
    "districts_served",
)
PROVIDER_RELATIONS = ("networks", "districts_served")


def _apply_provider(provider: Provider, data: Mapping[str, Any]) -> dict[str, list[models.Model]]:
    unknown = set(data) - set(PROVIDER_FIELDS)
    if unknown:
        raise ValueError(f"Provider fields that cannot be edited this way: {sorted(unknown)}")
    for name, value in data.items():
        if name not in PROVIDER_RELATIONS:
            setattr(provider, name, value)
    provider.full_clean(exclude=["uuid"])
    return {name: list(data[name]) for name in PROVIDER_RELATIONS if name in data}


def create_provider(
    data: Mapping[str, Any], *, actor: Any, request: Any = None, source: str = "web"
) -> Provider:
    _check(actor, lambda: permissions.can_create_provider(actor))
    with transaction.atomic():
        provider = Provider(status=Status.DRAFT)
        relations = _apply_provider(provider, data)
        provider.verified_at, provider.verified_by = timezone.now(), actor
        save_with_relations(provider, relations, user=actor, reason="Angelegt")
        audit.record(
            "provider.create",
            actor=actor,
            obj=provider,
            summary="Angelegt als Entwurf",
            request=request,
            source=source,
        )
    return provider


def save_provider(
    provider: Provider,
    data: Mapping[str, Any],
    *,
    actor: Any,
    request: Any = None,
    source: str = "web",
) -> Provider:
    """Save a provider's details (its own editors save directly; providers have no revisions)."""
    with transaction.atomic():
        Provider.objects.select_for_update().filter(pk=provider.pk).values_list("pk").first()
        provider.refresh_from_db()
        _check(actor, lambda: permissions.can_edit_provider(actor, provider))
        before = {
            name: getattr(provider, name)
            for name in PROVIDER_FIELDS
            if name not in PROVIDER_RELATIONS
        }
        before_relations = {
            name: {obj.pk for obj in getattr(provider, name).all()} for name in PROVIDER_RELATIONS
        }
        changed = [
            name
            for name, value in data.items()
            if (
                {obj.pk for obj in value} != before_relations[name]
                if name in PROVIDER_RELATIONS
                else before.get(name) != value
            )
        ]
        if not changed:
            raise NothingChanged(_("Es gab nichts zu speichern: keine Angabe wurde geändert."))
        relations = _apply_provider(provider, {name: data[name] for name in changed})
        provider.verified_at, provider.verified_by = timezone.now(), actor
        save_with_relations(provider, relations, user=actor, reason="Bearbeitet")
        audit.record(
            "provider.save",
            actor=actor,
            obj=provider,
            summary="Geändert: "
            + ", ".join(offerdata.verbose_name(Provider, name) for name in changed),
            request=request,
            source=source,
        )
    return provider


def save_provider_translation(
    provider: Provider,
    language: str,
    texts: Mapping[str, str],
    *,
    actor: Any,
    request: Any = None,
    source: str = "web",
) -> ProviderTranslation:
    """Save a provider's texts in ``language``, marked as made from the German text as it is
    now (its state becomes current). Like the provider's own details, its editors save
    directly. Raises ``NothingChanged`` when the texts are the same and already current."""
    if language not in settings.WEGWEISER_TRANSLATION_LANGUAGES:
        raise ValueError(f"not a translation language: {language}")
    unknown = set(texts) - set(Provider.translatable_fields)
    if unknown:
        raise ValueError(f"Provider texts that cannot be translated: {sorted(unknown)}")
    with transaction.atomic():
        Provider.objects.select_for_update().filter(pk=provider.pk).values_list("pk").first()
        provider.refresh_from_db()
        _check(actor, lambda: permissions.can_edit_provider(actor, provider))
        translation = ProviderTranslation.objects.filter(
            provider=provider, language=language
        ).first()
        if translation is None:
            translation = ProviderTranslation(provider=provider, language=language)
        elif translation.state == "current" and all(
            getattr(translation, name) == (value or "") for name, value in texts.items()
        ):
            raise NothingChanged(_("Es gab nichts zu speichern: keine Angabe wurde geändert."))
        for name, value in texts.items():
            setattr(translation, name, value or "")
        translation.full_clean(exclude=["provider", "source_digest"])
        translation.save()
        audit.record(
            "provider.translate",
            actor=actor,
            obj=provider,
            summary=f"Übersetzung ({language}) gespeichert",
            request=request,
            source=source,
        )
    return translation


def _provider_status(
    provider: Provider,
    target: str,
    sources: set[str],
    *,
    actor: Any,
    request: Any,
    source: str,
    name: str,
    actor_label: str = "",
) -> Provider:
    with transaction.atomic():
        Provider.objects.select_for_update().filter(pk=provider.pk).values_list("pk").first()
        provider.refresh_from_db()
        _check(actor, lambda: permissions.can_publish_provider(actor, provider))
        if provider.status not in sources:
            raise ActionRefused(
                _("Das geht nicht mit einem Träger im Zustand „%(status)s“.")
                % {"status": provider.get_status_display()}
            )
        before = provider.get_status_display()
        provider.status = target
        save_with_relations(
            provider, user=actor, reason=f"{before} → {provider.get_status_display()}"
        )
        audit.record(
            f"provider.{name}",
            actor=actor,
            obj=provider,
            summary=f"{before} → {provider.get_status_display()}",
            request=request,
            source=source,
            actor_label=actor_label,
        )
    return provider


def publish_provider(
    provider: Provider,
    *,
    actor: Any,
    request: Any = None,
    source: str = "web",
    actor_label: str = "",
) -> Provider:
    return _provider_status(
        provider,
        Status.PUBLISHED,
        {Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED},
        actor=actor,
        request=request,
        source=source,
        name="publish",
        actor_label=actor_label,
    )


def archive_provider(
    provider: Provider,
    *,
    actor: Any,
    request: Any = None,
    source: str = "web",
    actor_label: str = "",
) -> Provider:
    return _provider_status(
        provider,
        Status.ARCHIVED,
        {Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED},
        actor=actor,
        request=request,
        source=source,
        name="archive",
        actor_label=actor_label,
    )


# --- Reports from the public --------------------------------------------------------------------


def submit_change_report(
    *,
    kind: str,
    region: Region,
    message: str,
    offer: Offer | None = None,
    title: str = "",
    provider_name: str = "",
    website: str = "",
    reporter_email: str = "",
    language: str = "",
    request: Any = None,
    source: str = "public",
    actor_label: str = "Öffentlichkeit",
) -> ChangeReport:
    """A report from someone without an account; it lands in the editors' review queue.

    The audit entry names neither the reporter nor their address (``actor_label`` says who in
    general: the public, or a survey's provider).
    """
    with transaction.atomic():
        report = ChangeReport(
            kind=kind,
            region=region,
            offer=offer,
            title=title,
            provider_name=provider_name,
            website=website,
            message=message,
            reporter_email=reporter_email,
            language=language,
        )
        report.full_clean()
        report.save()
        audit.record(
            "report.create",
            obj=report,
            region=region,
            summary=report.get_kind_display(),
            source=source,
            actor_label=actor_label,
        )
    return report


def handle_change_report(
    report: ChangeReport,
    *,
    outcome: str,
    note: str = "",
    actor: Any,
    request: Any = None,
    source: str = "web",
) -> ChangeReport:
    """Close a report as done or dismissed; the reporter's e-mail address is deleted."""
    if outcome not in (ChangeReport.State.DONE, ChangeReport.State.DISMISSED):
        raise ActionRefused(_("Unbekanntes Ergebnis."))
    with transaction.atomic():
        ChangeReport.objects.select_for_update().filter(pk=report.pk).values_list("pk").first()
        report.refresh_from_db()
        _check(actor, lambda: permissions.can_review_in(actor, report.region))
        if report.state != ChangeReport.State.OPEN:
            raise ActionRefused(_("Diese Meldung ist schon bearbeitet."))
        report.state = outcome
        report.note = note.strip()
        report.reporter_email = ""
        report.handled_at, report.handled_by = timezone.now(), actor
        report.save()
        audit.record(
            "report.handle",
            actor=actor,
            obj=report,
            region=report.region,
            summary=report.get_state_display(),
            request=request,
            source=source,
        )
    return report


# --- Freshness (the daily command) --------------------------------------------------------------


def unpublish_stale_offer(offer: Offer, *, since: Any, source: str = "command") -> Offer:
    """The system takes an offer offline that nobody confirmed for too long (back to draft)."""
    return _system_status(
        offer,
        Status.DRAFT,
        audit_action="offer.auto_unpublish",
        summary=f"Automatisch offline genommen: nicht bestätigt seit {since:%d.%m.%Y}",
        source=source,
    )


def archive_ended_project(offer: Offer, *, source: str = "command") -> Offer:
    """The system archives a project after its end date."""
    return _system_status(
        offer,
        Status.ARCHIVED,
        audit_action="offer.auto_archive",
        summary=f"Automatisch archiviert: Projekt endete am {offer.end_date:%d.%m.%Y}",
        source=source,
    )


def _system_status(
    offer: Offer, target: str, *, audit_action: str, summary: str, source: str
) -> Offer:
    with transaction.atomic():
        offer = _locked_offer(offer)
        if offer.status != Status.PUBLISHED:
            raise ActionRefused(_("Das Angebot ist nicht veröffentlicht."))
        offer.status = target
        save_with_relations(offer, user=None, reason=summary)
        audit.record(audit_action, obj=offer, summary=summary, source=source)
    return offer
