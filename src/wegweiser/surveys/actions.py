"""Every state change of a survey round, one function each (views and the command call these).

Staff actions (open, remind, revoke, re-issue, close) take the acting user as ``actor``
(``None``: the system, e.g. ``wegweiser survey_reminders``), check
``accounts.permissions`` (``PermissionDenied``), run in one transaction and write one audit
entry. Provider actions (answer, withdraw, submit) have no user: the personal link is the
permission, so the views resolve it first (``surveys.tokens``) and the actions check again,
under a row lock, that the invitation may still be used.

A provider's answers change no offer until it submits. Submitting applies them through the
editorial actions, with ``actor=None`` and the invitation's ``actor_label`` ("Befragung 2026:
<provider>") in the audit log: "still correct" confirms the offer, a change becomes a pending
revision, an ended offer a report for the editors (who archive it), a new offer a draft sent to
review. Nothing is published by a provider.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from wegweiser.accounts import permissions
from wegweiser.directory.models import EditorialStatus, Offer, Provider, Region
from wegweiser.editorial import actions as editorial
from wegweiser.editorial import audit, offerdata
from wegweiser.editorial.freshness import recipients_for
from wegweiser.editorial.models import ChangeReport
from wegweiser.surveys import mail, snapshot
from wegweiser.surveys.models import (
    Answer,
    Invitation,
    Reminder,
    SurveyRound,
    new_nonce,
)

ActionRefused = editorial.ActionRefused
NothingChanged = editorial.NothingChanged
SOURCE = "survey"


def _check(actor: Any, allowed: Callable[[], bool]) -> None:
    if actor is None:
        return  # the system (scheduled commands)
    if not allowed():
        raise PermissionDenied


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def invited_providers(region: Region) -> QuerySet[Provider]:
    """The providers a new round of the region invites: those leading a published offer there."""
    return (
        Provider.objects.filter(offers__region=region, offers__status=EditorialStatus.PUBLISHED)
        .exclude(status=EditorialStatus.ARCHIVED)
        .distinct()
        .order_by("name", "pk")
    )


def offers_of(invitation: Invitation) -> QuerySet[Offer]:
    """The offers the questionnaire asks about: the provider's published offers in the region."""
    return (
        Offer.objects.published()
        .filter(region_id=invitation.survey_round.region_id, provider_id=invitation.provider_id)
        .order_by("title", "pk")
    )


# --- Staff: the round -------------------------------------------------------------------------


def open_round(
    region: Region,
    *,
    title: str,
    deadline: datetime.date,
    message: str = "",
    actor: Any,
    request: Any = None,
    source: str = "web",
) -> SurveyRound:
    """Open a round: one invitation per provider with published offers in the region, each
    e-mailed its personal link (to the provider's address and its editors in the region).

    At most one round per region is open at a time.
    """
    _check(actor, lambda: permissions.can_run_survey_rounds(actor, region))
    now = timezone.now()
    if deadline < timezone.localdate(now):
        raise ActionRefused(
            {"deadline": _("Die Frist liegt in der Vergangenheit.")}, code="deadline"
        )
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).values_list("pk").first()
        if SurveyRound.objects.filter(region=region, state=SurveyRound.State.OPEN).exists():
            raise ActionRefused(
                _("In dieser Region läuft schon eine Befragung; schließen Sie sie zuerst ab.")
            )
        survey_round = SurveyRound(
            region=region,
            title=title.strip(),
            message=message.strip(),
            deadline=deadline,
            opened_at=now,
            opened_by=_user(actor),
        )
        survey_round.full_clean()
        survey_round.save()
        invitations, without_address = _invite(
            survey_round, invited_providers(region), request=request
        )
        audit.record(
            "survey.open",
            actor=actor,
            obj=survey_round,
            region=region,
            summary=(
                f"Eröffnet, Frist {deadline:%d.%m.%Y}: {invitations} Träger eingeladen"
                + (f", davon {without_address} ohne E-Mail-Adresse" if without_address else "")
            ),
            request=request,
            source=source,
        )
    return survey_round


def _invite(
    survey_round: SurveyRound, providers: Iterable[Provider], *, request: Any
) -> tuple[int, int]:
    """One invitation per provider, each e-mailed its link once the transaction commits:
    (invitations, of which without an e-mail address)."""
    now = timezone.now()
    invitations = without_address = 0
    for provider in providers:
        recipients = recipients_for(provider, [survey_round.region_id])
        invitation = Invitation.objects.create(
            survey_round=survey_round,
            provider=provider,
            recipients=", ".join(recipients),
            sent_at=now if recipients else None,
        )
        invitations += 1
        without_address += not recipients
        mail.send_on_commit("invitation", invitation, recipients, request=request)
    return invitations, without_address


def latecomers(survey_round: SurveyRound) -> QuerySet[Provider]:
    """Providers the round would invite now but has not: their first published offer in the
    region came after the round was opened."""
    return invited_providers(survey_round.region).exclude(
        pk__in=survey_round.invitations.values("provider_id")
    )


def invite_latecomers(
    survey_round: SurveyRound, *, actor: Any, request: Any = None, source: str = "web"
) -> int:
    """Invite the ``latecomers`` of an open round; the number invited (0: nobody missing)."""
    _check(actor, lambda: permissions.can_run_survey_rounds(actor, survey_round.region))
    with transaction.atomic():
        survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        if not survey_round.is_open:
            raise ActionRefused(_("Diese Befragung ist schon abgeschlossen."))
        invitations, without_address = _invite(
            survey_round, list(latecomers(survey_round)), request=request
        )
        if invitations:
            audit.record(
                "survey.invite_latecomers",
                actor=actor,
                obj=survey_round,
                region=survey_round.region,
                summary=(
                    f"{invitations} Träger nachträglich eingeladen"
                    + (f", davon {without_address} ohne E-Mail-Adresse" if without_address else "")
                ),
                request=request,
                source=source,
            )
    return invitations


def close_round(
    survey_round: SurveyRound, *, actor: Any, request: Any = None, source: str = "web"
) -> SurveyRound:
    """Close the round: the personal links stop working (answers not submitted are not applied)
    and all published offers of the region are frozen as the round's snapshot."""
    _check(actor, lambda: permissions.can_run_survey_rounds(actor, survey_round.region))
    with transaction.atomic():
        SurveyRound.objects.select_for_update().filter(pk=survey_round.pk).values_list("pk").first()
        survey_round.refresh_from_db()
        if not survey_round.is_open:
            raise ActionRefused(_("Diese Befragung ist schon abgeschlossen."))
        survey_round.state = SurveyRound.State.CLOSED
        survey_round.closed_at, survey_round.closed_by = timezone.now(), _user(actor)
        survey_round.snapshot_format = snapshot.SNAPSHOT_FORMAT
        survey_round.save(update_fields=["state", "closed_at", "closed_by", "snapshot_format"])
        frozen = snapshot.take(survey_round)
        invitations = survey_round.invitations.all()
        submitted = invitations.filter(submitted_at__isnull=False).count()
        audit.record(
            "survey.close",
            actor=actor,
            obj=survey_round,
            region=survey_round.region,
            summary=(
                f"Abgeschlossen: {submitted} von {invitations.count()} Trägern haben geantwortet; "
                f"{frozen} veröffentlichte Angebote eingefroren"
            ),
            request=request,
            source=source,
        )
    return survey_round


# --- Staff: one invitation --------------------------------------------------------------------


def _locked_invitation(invitation: Invitation) -> Invitation:
    Invitation.objects.select_for_update().filter(pk=invitation.pk).values_list("pk").first()
    invitation.refresh_from_db()
    return invitation


def _round_must_be_open(invitation: Invitation) -> None:
    if not invitation.survey_round.is_open:
        raise ActionRefused(_("Diese Befragung ist abgeschlossen."))


def remind(
    invitation: Invitation,
    *,
    actor: Any,
    request: Any = None,
    source: str = "web",
    now: datetime.datetime | None = None,
) -> Reminder:
    """E-mail the personal link again (to the provider's current addresses)."""
    region = invitation.survey_round.region
    _check(actor, lambda: permissions.can_run_survey_rounds(actor, region))
    with transaction.atomic():
        invitation = _locked_invitation(invitation)
        _round_must_be_open(invitation)
        if invitation.submitted_at is not None:
            raise ActionRefused(_("Dieser Träger hat schon geantwortet."))
        if invitation.revoked_at is not None:
            raise ActionRefused(
                _("Der Link ist gesperrt; schicken Sie stattdessen einen neuen Link.")
            )
        recipients = recipients_for(invitation.provider, [region.pk])
        if not recipients:
            raise ActionRefused(
                _(
                    "Für diesen Träger ist keine E-Mail-Adresse bekannt (weder beim Träger noch bei seiner Redaktion)."
                )
            )
        reminder = Reminder.objects.create(
            invitation=invitation,
            kind=Reminder.Kind.REMINDER,
            sent_at=now or timezone.now(),
            recipients=", ".join(recipients),
            source=source,
        )
        mail.send_on_commit("reminder", invitation, recipients, request=request)
        audit.record(
            "survey.remind",
            actor=actor,
            obj=invitation,
            region=region,
            summary=f"Erinnerung an: {', '.join(recipients)}",
            request=request,
            source=source,
        )
    return reminder


def revoke_link(
    invitation: Invitation, *, actor: Any, request: Any = None, source: str = "web"
) -> Invitation:
    """Block the invitation's link (e.g. sent to a wrong address); a new link lifts the block."""
    region = invitation.survey_round.region
    _check(actor, lambda: permissions.can_run_survey_rounds(actor, region))
    with transaction.atomic():
        invitation = _locked_invitation(invitation)
        _round_must_be_open(invitation)
        if invitation.revoked_at is not None:
            raise ActionRefused(_("Der Link ist schon gesperrt."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(
            "survey.revoke",
            actor=actor,
            obj=invitation,
            region=region,
            summary="Persönlicher Link gesperrt",
            request=request,
            source=source,
        )
    return invitation


def reissue_link(
    invitation: Invitation, *, actor: Any, request: Any = None, source: str = "web"
) -> Invitation:
    """A new personal link: every earlier link stops working, a block is lifted, the new link is
    e-mailed to the provider's current addresses (if any)."""
    region = invitation.survey_round.region
    _check(actor, lambda: permissions.can_run_survey_rounds(actor, region))
    with transaction.atomic():
        invitation = _locked_invitation(invitation)
        _round_must_be_open(invitation)
        invitation.nonce = new_nonce()
        invitation.revoked_at = None
        invitation.save(update_fields=["nonce", "revoked_at"])
        recipients = recipients_for(invitation.provider, [region.pk])
        if recipients:
            Reminder.objects.create(
                invitation=invitation,
                kind=Reminder.Kind.NEW_LINK,
                sent_at=timezone.now(),
                recipients=", ".join(recipients),
                source=source,
            )
            mail.send_on_commit("new_link", invitation, recipients, request=request)
        audit.record(
            "survey.new_link",
            actor=actor,
            obj=invitation,
            region=region,
            summary="Neuer persönlicher Link"
            + (
                f", verschickt an: {', '.join(recipients)}"
                if recipients
                else ", nicht verschickt (keine Adresse)"
            ),
            request=request,
            source=source,
        )
    return invitation


# --- Providers: answering through the personal link --------------------------------------------


def _usable(invitation: Invitation) -> Invitation:
    """Re-read the invitation under a lock; refuse when its link may no longer change anything."""
    invitation = _locked_invitation(invitation)
    _round_must_be_open(invitation)
    if invitation.revoked_at is not None:
        raise ActionRefused(_("Dieser Link ist gesperrt."))
    if invitation.submitted_at is not None:
        raise ActionRefused(
            _("Der Fragebogen ist schon abgeschickt; Änderungen sind nicht mehr möglich.")
        )
    return invitation


def mark_opened(invitation: Invitation) -> None:
    """Note that the link was opened (for the dashboard's "not opened / in progress")."""
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk, first_opened_at__isnull=True).update(
        first_opened_at=now
    )
    Invitation.objects.filter(pk=invitation.pk).update(last_opened_at=now)


def _own_offer(invitation: Invitation, offer: Offer) -> Offer:
    if not offers_of(invitation).filter(pk=offer.pk).exists():
        raise PermissionDenied
    return offer


def _check_values(invitation: Invitation, values: Mapping[str, Any]) -> None:
    """Only offer fields, and the lead provider stays the invited one."""
    offerdata.check_fields(values)
    provider = values.get("provider")
    if provider is not None and provider.pk != invitation.provider_id:
        raise PermissionDenied


def answer_offer(
    invitation: Invitation,
    offer: Offer,
    kind: str,
    *,
    values: Mapping[str, Any] | None = None,
    ended_on: datetime.date | None = None,
    note: str = "",
) -> Answer:
    """Record (or replace) the provider's answer about one of its offers; no offer changes yet.

    ``kind`` ``changed`` needs ``values`` in the form of ``editorial.offerdata`` (the offer
    form's values); only those differing from the offer are kept (``NothingChanged`` when none
    differs).
    """
    if kind not in (Answer.Kind.CONFIRMED, Answer.Kind.CHANGED, Answer.Kind.ENDED):
        raise ValueError(f"Not an answer about an existing offer: {kind!r}")
    with transaction.atomic():
        invitation = _usable(invitation)
        offer = _own_offer(invitation, offer)
        data: dict[str, Any] = {}
        if kind == Answer.Kind.CHANGED:
            values = dict(values or {})
            values.pop(offerdata.TRANSLATIONS, None)
            _check_values(invitation, values)
            changed = offerdata.changed_values(offer, values)
            if not changed:
                raise NothingChanged(
                    _(
                        "Sie haben nichts geändert. Wenn alle Angaben stimmen, bestätigen Sie "
                        "das Angebot bitte stattdessen."
                    )
                )
            trial = Offer.objects.get(pk=offer.pk)
            offerdata.apply(trial, changed)  # ValidationError when the result would be invalid
            data = offerdata.serialize(changed)
        answer, _created = Answer.objects.update_or_create(
            invitation=invitation,
            offer=offer,
            defaults={
                "kind": kind,
                "data": data,
                "ended_on": ended_on if kind == Answer.Kind.ENDED else None,
                "note": note.strip() if kind == Answer.Kind.ENDED else "",
                "answered_at": timezone.now(),
            },
        )
    return answer


def propose_new_offer(
    invitation: Invitation, values: Mapping[str, Any], *, answer: Answer | None = None
) -> Answer:
    """Record a new offer the provider proposes (a draft for review once it submits)."""
    with transaction.atomic():
        invitation = _usable(invitation)
        values = {**values, "provider": invitation.provider}
        values.pop(offerdata.TRANSLATIONS, None)
        _check_values(invitation, values)
        trial = Offer(region=invitation.survey_round.region, status=EditorialStatus.DRAFT)
        offerdata.apply(trial, values)  # ValidationError when the offer would be invalid
        if answer is not None and (
            answer.invitation_id != invitation.pk or answer.kind != Answer.Kind.NEW
        ):
            raise PermissionDenied
        if answer is None:
            answer = Answer(invitation=invitation, kind=Answer.Kind.NEW)
        answer.data = offerdata.serialize(values)
        answer.answered_at = timezone.now()
        answer.save()
    return answer


def withdraw_answer(invitation: Invitation, answer: Answer) -> None:
    """Take an answer back before submitting (the offer is open again, a new offer dropped)."""
    with transaction.atomic():
        invitation = _usable(invitation)
        if answer.invitation_id != invitation.pk:
            raise PermissionDenied
        Answer.objects.filter(pk=answer.pk).delete()


@dataclasses.dataclass
class Submitted:
    applied: dict[str, int] = dataclasses.field(default_factory=dict)
    not_applied: list[Answer] = dataclasses.field(default_factory=list)


def submit(invitation: Invitation, *, note: str = "", request: Any = None) -> Submitted:
    """The provider sends its answers: each is applied through the editorial actions.

    Every offer of the questionnaire needs an answer first. An answer the editorial actions
    refuse now (e.g. the offer was archived in the meantime) is kept with the reason in
    ``outcome``; the others are applied all the same.
    """
    result = Submitted()
    with transaction.atomic():
        invitation = _usable(invitation)
        answers = list(invitation.answers.select_related("offer").order_by("answered_at", "pk"))
        answered = {answer.offer_id for answer in answers}
        missing = [offer for offer in offers_of(invitation) if offer.pk not in answered]
        if missing:
            raise ActionRefused(
                _("Bitte beantworten Sie zuerst alle Angebote. Es fehlen: %(titles)s")
                % {"titles": ", ".join(f"„{offer.title}“" for offer in missing)},
                code="missing",
            )
        for answer in answers:
            try:
                # What is stored (outcomes, report texts) is for the editors: in German.
                with transaction.atomic(), translation.override("de"):
                    _apply(invitation, answer, request)
            except ValidationError as error:
                with translation.override("de"):
                    answer.outcome = _("Nicht übernommen: %(reason)s") % {
                        "reason": " ".join(error.messages)
                    }
                result.not_applied.append(answer)
            else:
                result.applied[answer.kind] = result.applied.get(answer.kind, 0) + 1
            answer.applied_at = timezone.now()
            answer.save()
        invitation.submitted_at = timezone.now()
        invitation.note = note.strip()
        invitation.save(update_fields=["submitted_at", "note"])
        counts = ", ".join(
            f"{Answer.Kind(kind).label}: {count}" for kind, count in sorted(result.applied.items())
        )
        audit.record(
            "survey.submit",
            obj=invitation,
            region=invitation.survey_round.region,
            summary=f"Fragebogen abgeschickt ({counts or 'keine Antworten'}"
            + (f"; nicht übernommen: {len(result.not_applied)}" if result.not_applied else "")
            + ")",
            request=request,
            source=SOURCE,
            actor_label=invitation.actor_label,
        )
    return result


def _apply(invitation: Invitation, answer: Answer, request: Any) -> None:
    """One answer through the editorial action that fits it (no actor: the link's provider)."""
    region = invitation.survey_round.region
    label = invitation.actor_label
    who = {"actor": None, "request": request, "source": SOURCE, "actor_label": label}
    offer = answer.offer
    if answer.kind == Answer.Kind.CONFIRMED and offer is not None:
        editorial.confirm_still_correct(offer, **who)
        answer.outcome = _("Als weiterhin richtig bestätigt.")
    elif answer.kind == Answer.Kind.CHANGED and offer is not None:
        values = offerdata.deserialize(answer.data, region)
        _check_values(invitation, values)
        try:
            answer.revision = editorial.propose_revision(offer, values, **who)
        except NothingChanged:
            # The offer already holds these values (the editors made the same change).
            editorial.confirm_still_correct(offer, **who)
            answer.outcome = _("Die Angaben entsprechen schon der Änderung; als richtig bestätigt.")
        else:
            answer.outcome = _("Änderungsvorschlag wartet auf Prüfung durch die Redaktion.")
    elif answer.kind == Answer.Kind.ENDED and offer is not None:
        if offer.status == EditorialStatus.ARCHIVED:
            raise ActionRefused(_("Das Angebot ist schon archiviert."))
        ended = (
            _(" (beendet am %(date)s)")
            % {"date": formats.date_format(answer.ended_on, "SHORT_DATE_FORMAT")}
            if answer.ended_on
            else ""
        )
        message = _(
            "%(survey)s: Laut Träger gibt es dieses Angebot nicht mehr%(ended)s. Bitte archivieren."
        ) % {
            "survey": invitation.survey_round.title,
            "ended": ended,
        }
        if answer.note:
            message += "\n\n" + _("Anmerkung des Trägers: %(note)s") % {"note": answer.note}
        answer.change_report = editorial.submit_change_report(
            kind=ChangeReport.Kind.CHANGE,
            region=region,
            offer=offer,
            message=message,
            request=request,
            source=SOURCE,
            actor_label=label,
        )
        answer.outcome = _("Als Meldung an die Redaktion weitergegeben (zum Archivieren).")
    elif answer.kind == Answer.Kind.NEW:
        values = offerdata.deserialize(answer.data, region)
        values["provider"] = invitation.provider
        created = editorial.create_offer(region, values, **who)
        answer.created_offer = editorial.submit_offer(created, **who)
        answer.outcome = _("Als Entwurf angelegt und zur Prüfung eingereicht.")
    else:  # an answer about an offer that no longer exists
        raise ActionRefused(_("Das Angebot gibt es nicht mehr."))
