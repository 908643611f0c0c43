"""The staff pages of survey rounds, at /staff/befragungen/: list, opening, dashboard, closing.

City editors of a round's region run it; observers and administrators read it; everyone else
gets 403 (no survey role anywhere) or 404 (a round of another region).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from wegweiser.accounts import permissions
from wegweiser.directory.models import Region
from wegweiser.surveys import actions, services
from wegweiser.surveys.forms import RoundForm
from wegweiser.surveys.mail import link_for
from wegweiser.surveys.models import Answer, Invitation, SnapshotOffer, SurveyRound


def survey_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else to the login page) and reading survey rounds somewhere (else 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.uses_survey_pages(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def round_for(request: HttpRequest, pk: int) -> SurveyRound:
    """The round, if the user may see its region's rounds; 404 otherwise."""
    survey_round = (
        SurveyRound.objects.for_regions(permissions.survey_region_ids(request.user))
        .select_related("region", "opened_by", "closed_by")
        .filter(pk=pk)
        .first()
    )
    if survey_round is None:
        raise Http404
    return survey_round


def invitation_for(request: HttpRequest, pk: int, invitation_pk: int) -> Invitation:
    survey_round = round_for(request, pk)
    invitation = (
        survey_round.invitations.select_related("provider__provider_type")
        .filter(pk=invitation_pk)
        .first()
    )
    if invitation is None:
        raise Http404
    invitation.survey_round = survey_round
    return invitation


def _runnable_regions(request: HttpRequest) -> list[Region]:
    regions = Region.objects.filter(pk__in=permissions.survey_region_ids(request.user))
    return [r for r in regions if permissions.can_run_survey_rounds(request.user, r)]


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@survey_view
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = (
        SurveyRound.objects.for_regions(permissions.survey_region_ids(request.user))
        .select_related("region")
        .annotate(
            invited=Count("invitations"),
            submitted=Count("invitations", filter=Q(invitations__submitted_at__isnull=False)),
        )
        .order_by("-opened_at", "-pk")
    )
    return render(
        request,
        "surveys/round_list.html",
        {"rounds": rounds, "can_open": bool(_runnable_regions(request))},
    )


@survey_view
def round_open(request: HttpRequest) -> HttpResponse:
    regions = _runnable_regions(request)
    if not regions:
        raise PermissionDenied
    form = RoundForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey_round = actions.open_round(
                data["region"],
                title=data["title"],
                deadline=data["deadline"],
                message=data["message"],
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            count = survey_round.invitations.count()
            messages.success(
                request,
                _("Die Befragung ist eröffnet; eingeladene Träger: %(count)d.") % {"count": count},
            )
            return redirect("surveys:round", pk=survey_round.pk)
    return render(
        request,
        "surveys/round_open.html",
        {
            "form": form,
            "regions": [(r, actions.invited_providers(r).count()) for r in regions],
        },
    )


@survey_view
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = round_for(request, pk)
    invitations = (
        survey_round.invitations.select_related("provider__provider_type")
        .annotate(
            answer_count=Count("answers", distinct=True),
            last_reminder=Max("reminders__sent_at"),
        )
        .order_by("provider__name", "pk")
    )
    status = request.GET.get("status", "")
    if status == Invitation.Progress.SUBMITTED:
        invitations = invitations.filter(submitted_at__isnull=False)
    elif status == Invitation.Progress.IN_PROGRESS:
        invitations = invitations.filter(submitted_at__isnull=True, first_opened_at__isnull=False)
    elif status == Invitation.Progress.NOT_OPENED:
        invitations = invitations.filter(submitted_at__isnull=True, first_opened_at__isnull=True)
    else:
        status = ""
    snapshot_count = (
        SnapshotOffer.objects.filter(survey_round=survey_round).count()
        if not survey_round.is_open
        else None
    )
    return render(
        request,
        "surveys/round_detail.html",
        {
            "round": survey_round,
            "overall": services.progress(survey_round),
            "by_type": services.progress_by_provider_type(survey_round),
            "invitations": invitations,
            "statuses": Invitation.Progress.choices,
            "status": status,
            "can_run": survey_round.is_open
            and permissions.can_run_survey_rounds(request.user, survey_round.region),
            "snapshot_count": snapshot_count,
            "latecomers": list(actions.latecomers(survey_round)) if survey_round.is_open else [],
        },
    )


@survey_view
def invitation_detail(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    invitation = invitation_for(request, pk, invitation_pk)
    survey_round = invitation.survey_round
    can_run = survey_round.is_open and permissions.can_run_survey_rounds(
        request.user, survey_round.region
    )
    return render(
        request,
        "surveys/invitation_detail.html",
        {
            "round": survey_round,
            "invitation": invitation,
            "answers": invitation.answers.select_related(
                "offer", "revision", "created_offer", "change_report"
            ).order_by("kind", "answered_at"),
            "reminders": invitation.reminders.order_by("-sent_at"),
            "can_run": can_run,
            # The link lets whoever holds it answer for the provider: only for those who run
            # the round (e.g. to read it out on the phone), and never for a blocked one.
            "link": link_for(invitation, request)
            if can_run and invitation.revoked_at is None and invitation.submitted_at is None
            else "",
            "kinds": Answer.Kind,
        },
    )


def _invitation_action(
    action: Callable[..., Any], success: Any
) -> Callable[[HttpRequest, int, int], HttpResponse]:
    @survey_view
    @require_POST
    def view(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
        invitation = invitation_for(request, pk, invitation_pk)
        try:
            action(invitation, actor=request.user, request=request)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, str(success) % {"provider": invitation.provider.name})
        if request.POST.get("next") == "invitation":
            return redirect("surveys:invitation", pk=pk, invitation_pk=invitation_pk)
        return redirect("surveys:round", pk=pk)

    return view


invitation_remind = _invitation_action(
    actions.remind, gettext_lazy("Die Erinnerung an %(provider)s ist verschickt.")
)
invitation_revoke = _invitation_action(
    actions.revoke_link, gettext_lazy("Der Link von %(provider)s ist gesperrt.")
)
invitation_reissue = _invitation_action(
    actions.reissue_link,
    gettext_lazy("%(provider)s hat einen neuen Link; alle früheren Links gelten nicht mehr."),
)


@survey_view
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = round_for(request, pk)
    if not permissions.can_run_survey_rounds(request.user, survey_round.region):
        raise PermissionDenied
    if not survey_round.is_open:
        messages.error(request, _("Diese Befragung ist schon abgeschlossen."))
        return redirect("surveys:round", pk=pk)
    if request.method == "POST":
        try:
            actions.close_round(survey_round, actor=request.user, request=request)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _(
                    "Die Befragung ist abgeschlossen; der Stand aller veröffentlichten Angebote ist "
                    "eingefroren und die persönlichen Links gelten nicht mehr."
                ),
            )
        return redirect("surveys:round", pk=pk)
    return render(
        request,
        "surveys/round_close.html",
        {"round": survey_round, "overall": services.progress(survey_round)},
    )


@survey_view
@require_POST
def round_invite_latecomers(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = round_for(request, pk)
    try:
        invited = actions.invite_latecomers(survey_round, actor=request.user, request=request)
    except ValidationError as error:
        _refused(request, error)
    else:
        if invited:
            messages.success(
                request,
                ngettext(
                    "%(count)d Träger ist nachträglich eingeladen.",
                    "%(count)d Träger sind nachträglich eingeladen.",
                    invited,
                )
                % {"count": invited},
            )
        else:
            messages.info(request, _("Alle Träger mit veröffentlichten Angeboten sind eingeladen."))
    return redirect("surveys:round", pk=pk)


@survey_view
def round_snapshot(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = round_for(request, pk)
    if survey_round.is_open:
        raise Http404
    rows = services.snapshot_rows(survey_round)
    by_area: dict[str, int] = {}
    for row in rows:
        by_area[row["area"] or "–"] = by_area.get(row["area"] or "–", 0) + 1
    return render(
        request,
        "surveys/round_snapshot.html",
        {"round": survey_round, "rows": rows, "by_area": sorted(by_area.items())},
    )
