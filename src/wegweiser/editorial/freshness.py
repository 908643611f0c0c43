"""Freshness: how long ago an offer was confirmed, and what follows from it.

An offer's *last confirmation* is its ``verified_at`` (set by "still correct", by saving it in
the staff pages, by publishing and by an approved revision), else its creation. From it, with
the settings (docs/editorial.md):

- after ``WEGWEISER_REMINDER_AFTER_MONTHS`` the provider is reminded by e-mail (once);
- ``WEGWEISER_ESCALATE_AFTER_DAYS`` after an unanswered reminder the offer goes onto the
  editors' escalation list;
- after ``WEGWEISER_STALE_NOTICE_AFTER_MONTHS`` the public page says "not confirmed since …";
- after ``WEGWEISER_UNPUBLISH_AFTER_MONTHS`` the offer is taken offline (back to draft);
- a project (offer kind ``projekt``) is archived after its end date.

``run_daily`` does the scheduled part; ``wegweiser editorial_daily`` calls it.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.models import Membership, Role
from wegweiser.directory.models import EditorialStatus, Offer, OfferKind, Provider, Region
from wegweiser.editorial import actions, audit
from wegweiser.editorial.mail import send_on_commit
from wegweiser.editorial.models import FreshnessReminder

LAST_CONFIRMED = Coalesce("verified_at", "created_at")


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` calendar months earlier (the 31st becomes the month's
    last day)."""
    month_index = moment.month - 1 - months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def last_confirmed(offer: Offer) -> datetime.datetime:
    return offer.verified_at or offer.created_at


def stale_since(offer: Offer, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """For the public page: the last confirmation, when it is older than the notice period."""
    confirmed = last_confirmed(offer)
    limit = months_before(now or timezone.now(), settings.WEGWEISER_STALE_NOTICE_AFTER_MONTHS)
    return confirmed if confirmed < limit else None


def with_last_confirmed(offers: QuerySet[Offer]) -> Any:
    """``offers`` annotated with ``last_confirmed`` (typed Any: the annotation is invisible to
    the type checker's model of the QuerySet)."""
    return offers.annotate(last_confirmed=LAST_CONFIRMED)


def due_for_reminder(now: datetime.datetime) -> Any:
    """Published offers past the reminder period whose provider was not reminded since their
    last confirmation."""
    limit = months_before(now, settings.WEGWEISER_REMINDER_AFTER_MONTHS)
    reminded = FreshnessReminder.objects.filter(
        offer=OuterRef("pk"), sent_at__gte=OuterRef("last_confirmed")
    )
    return (
        with_last_confirmed(Offer.objects.published())
        .filter(last_confirmed__lt=limit)
        .exclude(Exists(reminded))
    )


def escalation_list(
    region_ids: Iterable[int], now: datetime.datetime | None = None
) -> QuerySet[FreshnessReminder]:
    """Reminders left unanswered for the escalation period: the offers editors should chase."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.WEGWEISER_ESCALATE_AFTER_DAYS)
    return (
        FreshnessReminder.objects.filter(
            offer__region_id__in=list(region_ids),
            offer__status=EditorialStatus.PUBLISHED,
            sent_at__lte=cutoff,
        )
        .annotate(offer_last_confirmed=Coalesce("offer__verified_at", "offer__created_at"))
        .filter(offer_last_confirmed__lte=F("sent_at"))
        .select_related("offer__provider", "offer__area", "offer__region")
        .order_by("sent_at", "offer__title")
    )


def recipients_for(provider: Provider, region_ids: Iterable[int]) -> list[str]:
    """The provider's editors in the regions, and the provider's own contact address."""
    editors = Membership.objects.filter(
        role=Role.PROVIDER_EDITOR,
        region_id__in=list(region_ids),
        providers=provider,
        user__is_active=True,
    ).values_list("user__email", flat=True)
    return sorted({*editors, *([provider.email] if provider.email else [])})


@dataclasses.dataclass
class DailyResult:
    archived_projects: int = 0
    unpublished: int = 0
    reminders: int = 0  # e-mails
    reminded_offers: int = 0
    escalated: int = 0


def run_daily(now: datetime.datetime | None = None) -> DailyResult:
    """The scheduled part of freshness; running it twice in a row does nothing the second time."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = DailyResult()

    if settings.WEGWEISER_UNPUBLISH_ENDED_PROJECTS:
        ended = Offer.objects.published().filter(kind__code=OfferKind.PROJECT, end_date__lt=today)
        for offer in ended.order_by("pk"):
            actions.archive_ended_project(offer)
            result.archived_projects += 1

    if settings.WEGWEISER_UNPUBLISH_AFTER_MONTHS:
        limit = months_before(now, settings.WEGWEISER_UNPUBLISH_AFTER_MONTHS)
        stale = with_last_confirmed(Offer.objects.published()).filter(last_confirmed__lt=limit)
        for offer in stale.order_by("pk"):
            actions.unpublish_stale_offer(offer, since=last_confirmed(offer))
            result.unpublished += 1

    due = due_for_reminder(now).select_related("provider", "region").order_by("title", "pk")
    # One e-mail per provider, whatever regions its offers are in.
    due_by_provider: dict[Provider, list[Offer]] = defaultdict(list)
    for offer in due:
        due_by_provider[offer.provider].append(offer)
    for provider, offers in due_by_provider.items():
        with transaction.atomic():
            recipients = recipients_for(provider, {offer.region_id for offer in offers})
            FreshnessReminder.objects.bulk_create(
                FreshnessReminder(offer=offer, sent_at=now, recipients=", ".join(recipients))
                for offer in offers
            )
            send_on_commit(
                "freshness_reminder",
                recipients,
                {
                    "provider": provider,
                    "offers": [
                        (
                            offer,
                            f"{settings.WEGWEISER_SITE_URL.rstrip('/')}"
                            f"{reverse('editorial:offer_edit', args=[offer.uuid])}",
                        )
                        for offer in offers
                    ],
                    "months": settings.WEGWEISER_REMINDER_AFTER_MONTHS,
                },
            )
            audit.record(
                "freshness.remind",
                obj=provider,
                region=offers[0].region if len({o.region_id for o in offers}) == 1 else None,
                summary=f"Erinnerung an {len(offers)} Angebot(e) an: {', '.join(recipients) or 'niemand (keine Adresse)'}",
                source="command",
            )
        result.reminders += bool(recipients)
        result.reminded_offers += len(offers)

    newly = escalation_list(Region.objects.values_list("pk", flat=True), now).filter(
        escalated_at__isnull=True
    )
    by_region: dict[Region, list[FreshnessReminder]] = defaultdict(list)
    for reminder in newly:
        by_region[reminder.offer.region].append(reminder)
    for region, reminders in by_region.items():
        with transaction.atomic():
            FreshnessReminder.objects.filter(pk__in=[r.pk for r in reminders]).update(
                escalated_at=now
            )
            editors = Membership.objects.filter(
                role=Role.CITY_EDITOR, region=region, user__is_active=True
            ).values_list("user__email", flat=True)
            send_on_commit(
                "freshness_escalation",
                editors,
                {
                    "region": region,
                    "reminders": reminders,
                    "url": f"{settings.WEGWEISER_SITE_URL.rstrip('/')}{reverse('editorial:freshness')}",
                },
            )
        result.escalated += len(reminders)
    return result


# --- The staff dashboard ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FreshnessRow:
    key: Any
    label: str
    published: int
    due: int
    stale: int
    oldest: datetime.datetime | None


def _rows(
    offers: QuerySet[Offer], group: str, label: str, now: datetime.datetime
) -> list[FreshnessRow]:
    reminder_limit = months_before(now, settings.WEGWEISER_REMINDER_AFTER_MONTHS)
    notice_limit = months_before(now, settings.WEGWEISER_STALE_NOTICE_AFTER_MONTHS)
    rows = (
        with_last_confirmed(offers.filter(status=EditorialStatus.PUBLISHED))
        .values(group, label)
        .annotate(
            published=Count("pk"),
            due=Count("pk", filter=Q(last_confirmed__lt=reminder_limit)),
            stale=Count("pk", filter=Q(last_confirmed__lt=notice_limit)),
            oldest=Min("last_confirmed"),
        )
        .order_by("-stale", "-due", label)
    )
    return [
        FreshnessRow(
            row[group], row[label] or "–", row["published"], row["due"], row["stale"], row["oldest"]
        )
        for row in rows
    ]


def by_provider(
    offers: QuerySet[Offer], now: datetime.datetime | None = None
) -> list[FreshnessRow]:
    return _rows(offers, "provider__uuid", "provider__name", now or timezone.now())


def by_area(offers: QuerySet[Offer], now: datetime.datetime | None = None) -> list[FreshnessRow]:
    return _rows(offers, "area__code", "area__label", now or timezone.now())
