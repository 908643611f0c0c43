"""The provider's questionnaire at /befragung/<token>/: no account, the personal link is the key.

Every page first resolves the link (``surveys.tokens``); an invalid, tampered, replaced or
blocked link gets a 403 page, an expired link or one of a closed round a 410 page, and nothing
changes. Offers are looked up among the invited provider's own published offers in the region
only, so another provider's offer is a 404. The pages are never cached and not indexed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wegweiser.directory.models import Offer
from wegweiser.editorial import offerdata
from wegweiser.editorial.forms import initial_from_values
from wegweiser.surveys import actions, tokens
from wegweiser.surveys.forms import EndedForm, SubmitForm, SurveyOfferForm
from wegweiser.surveys.models import Answer, Invitation

QuestionnaireView = Callable[..., HttpResponse]

# The fields shown as the offer's current data, in the form's order (no internal key).
SHOWN_FIELDS = [name for name in offerdata.FIELD_ORDER if name != "external_id"]


def questionnaire_view(view: QuestionnaireView) -> Callable[..., HttpResponse]:
    """Resolve the personal link into the invitation, or answer with the page that explains why
    it cannot be used."""

    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            invitation = tokens.invitation_for(token)
        except tokens.LinkProblem as problem:
            response = render(
                request,
                "surveys/questionnaire/link_problem.html",
                {"reason": problem.reason, "operator": settings.WEGWEISER_OPERATOR or {}},
                status=problem.status,
            )
        else:
            if invitation.submitted_at is not None and view.__name__ != "overview":
                # Submitted: the overview shows what became of the answers; nothing else to do.
                response = redirect("survey_questionnaire:overview", token=token)
            else:
                response = view(request, invitation, token, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _offer(invitation: Invitation, uuid: UUID) -> Offer:
    offer = (
        actions.offers_of(invitation)
        .select_related("area", "kind", "gender")
        .filter(uuid=uuid)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def _current_data(offer: Offer) -> list[tuple[str, str]]:
    values = offerdata.values_of_offer(offer)
    return [
        (offerdata.label_of(name), offerdata.display(name, values[name])) for name in SHOWN_FIELDS
    ]


def _answers(invitation: Invitation) -> dict[int, Answer]:
    return {
        answer.offer_id: answer
        for answer in invitation.answers.filter(offer__isnull=False)
        if answer.offer_id is not None
    }


def _next_open(invitation: Invitation, token: str) -> str:
    """Guided: the next offer without an answer, else the page to submit."""
    answered = set(_answers(invitation))
    for offer in actions.offers_of(invitation):
        if offer.pk not in answered:
            return reverse("survey_questionnaire:offer", args=[token, offer.uuid])
    return reverse("survey_questionnaire:submit", args=[token])


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _posted(request: HttpRequest) -> Any:
    """The posted data, also when empty (all fields optional), else None for an unbound form."""
    return request.POST if request.method == "POST" else None


def _context(invitation: Invitation, token: str, **extra: Any) -> dict[str, Any]:
    return {
        "invitation": invitation,
        "round": invitation.survey_round,
        "provider": invitation.provider,
        "token": token,
        **extra,
    }


@questionnaire_view
def overview(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    actions.mark_opened(invitation)
    offers = list(actions.offers_of(invitation).select_related("area"))
    answers = _answers(invitation)
    applied = invitation.answers.select_related("offer", "created_offer").order_by("kind", "pk")
    return render(
        request,
        "surveys/questionnaire/overview.html",
        _context(
            invitation,
            token,
            offers=[(offer, answers.get(offer.pk)) for offer in offers],
            answered=sum(1 for offer in offers if offer.pk in answers),
            new_offers=invitation.answers.filter(kind=Answer.Kind.NEW).order_by("pk"),
            submitted_answers=applied if invitation.submitted_at else [],
            next_url=_next_open(invitation, token),
        ),
    )


@questionnaire_view
def offer_detail(
    request: HttpRequest, invitation: Invitation, token: str, uuid: UUID
) -> HttpResponse:
    offer = _offer(invitation, uuid)
    offers = list(actions.offers_of(invitation).values_list("uuid", flat=True))
    position = offers.index(offer.uuid)
    answer = invitation.answers.filter(offer=offer).first()
    changes = []
    if answer is not None and answer.kind == Answer.Kind.CHANGED:
        try:
            changes = offerdata.diff(
                offerdata.values_of_offer(offer),
                offerdata.deserialize(answer.data, offer.region),
            )
        except ValidationError:
            changes = []
    return render(
        request,
        "surveys/questionnaire/offer.html",
        _context(
            invitation,
            token,
            offer=offer,
            data=_current_data(offer),
            answer=answer,
            changes=changes,
            position=position + 1,
            total=len(offers),
            previous=offers[position - 1] if position > 0 else None,
            following=offers[position + 1] if position + 1 < len(offers) else None,
        ),
    )


@questionnaire_view
@require_POST
def offer_confirm(
    request: HttpRequest, invitation: Invitation, token: str, uuid: UUID
) -> HttpResponse:
    offer = _offer(invitation, uuid)
    try:
        actions.answer_offer(invitation, offer, Answer.Kind.CONFIRMED)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("survey_questionnaire:offer", token=token, uuid=offer.uuid)
    messages.success(
        request, _("Danke! „%(title)s“ ist als richtig bestätigt.") % {"title": offer.title}
    )
    return redirect(_next_open(invitation, token))


@questionnaire_view
def offer_change(
    request: HttpRequest, invitation: Invitation, token: str, uuid: UUID
) -> HttpResponse:
    offer = _offer(invitation, uuid)
    region = invitation.survey_round.region
    answer = invitation.answers.filter(offer=offer, kind=Answer.Kind.CHANGED).first()
    initial: dict[str, Any] = {}
    if answer is not None and request.method != "POST":
        try:
            initial = initial_from_values(offerdata.deserialize(answer.data, region))
        except ValidationError:
            initial = {}
    form = SurveyOfferForm(
        _posted(request),
        instance=offer,
        initial=initial,
        provider=invitation.provider,
        region=region,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_offer(
                invitation,
                Offer.objects.get(pk=offer.pk),
                Answer.Kind.CHANGED,
                values=form.offer_values(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Ihre Änderung an „%(title)s“ ist vorgemerkt. Sie geht mit dem Absenden an die "
                    "Redaktion, die sie prüft."
                )
                % {"title": offer.title},
            )
            return redirect(_next_open(invitation, token))
    return render(
        request,
        "surveys/questionnaire/offer_change.html",
        _context(invitation, token, offer=offer, form=form),
    )


@questionnaire_view
def offer_end(request: HttpRequest, invitation: Invitation, token: str, uuid: UUID) -> HttpResponse:
    offer = _offer(invitation, uuid)
    answer = invitation.answers.filter(offer=offer, kind=Answer.Kind.ENDED).first()
    initial = {"ended_on": answer.ended_on, "note": answer.note} if answer else {}
    form = EndedForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_offer(
                invitation,
                offer,
                Answer.Kind.ENDED,
                ended_on=form.cleaned_data["ended_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("„%(title)s“ ist als beendet vorgemerkt.") % {"title": offer.title},
            )
            return redirect(_next_open(invitation, token))
    return render(
        request,
        "surveys/questionnaire/offer_end.html",
        _context(invitation, token, offer=offer, form=form),
    )


@questionnaire_view
def new_offer(
    request: HttpRequest, invitation: Invitation, token: str, answer_pk: int | None = None
) -> HttpResponse:
    region = invitation.survey_round.region
    answer = None
    initial: dict[str, Any] = {}
    if answer_pk is not None:
        answer = invitation.answers.filter(pk=answer_pk, kind=Answer.Kind.NEW).first()
        if answer is None:
            raise Http404
        if request.method != "POST":
            try:
                initial = initial_from_values(offerdata.deserialize(answer.data, region))
            except ValidationError:
                initial = {}
    form = SurveyOfferForm(
        _posted(request),
        instance=Offer(region=region),
        initial=initial,
        provider=invitation.provider,
        region=region,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.propose_new_offer(invitation, form.offer_values(), answer=answer)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Das neue Angebot „%(title)s“ ist vorgemerkt. Mit dem Absenden geht es an die "
                    "Redaktion, die es prüft und veröffentlicht."
                )
                % {"title": form.cleaned_data["title"]},
            )
            return redirect("survey_questionnaire:overview", token=token)
    return render(
        request,
        "surveys/questionnaire/new_offer.html",
        _context(invitation, token, form=form, answer=answer),
    )


@questionnaire_view
@require_POST
def answer_withdraw(
    request: HttpRequest, invitation: Invitation, token: str, answer_pk: int
) -> HttpResponse:
    answer = invitation.answers.filter(pk=answer_pk).select_related("offer").first()
    if answer is None:
        raise Http404
    try:
        actions.withdraw_answer(invitation, answer)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Ihre Antwort ist zurückgenommen."))
    if answer.offer is not None:
        return redirect("survey_questionnaire:offer", token=token, uuid=answer.offer.uuid)
    return redirect("survey_questionnaire:overview", token=token)


@questionnaire_view
def submit(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    form = SubmitForm(_posted(request), initial={"note": invitation.note})
    offers = list(actions.offers_of(invitation))
    answers = _answers(invitation)
    missing = [offer for offer in offers if offer.pk not in answers]
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit(invitation, note=form.cleaned_data["note"], request=request)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Vielen Dank! Ihre Antworten sind abgeschickt. Die Redaktion prüft Änderungen "
                    "und neue Angebote, bevor sie öffentlich erscheinen."
                ),
            )
            return redirect("survey_questionnaire:overview", token=token)
    return render(
        request,
        "surveys/questionnaire/submit.html",
        _context(
            invitation,
            token,
            form=form,
            rows=[(offer, answers.get(offer.pk)) for offer in offers],
            missing=missing,
            new_offers=invitation.answers.filter(kind=Answer.Kind.NEW).order_by("pk"),
        ),
    )
