"""Who may do what: the one place for object-level permission rules.

Views, commands and the API ask these functions; nothing else decides. A superuser is an
administrator everywhere. Roles are per region (``Membership``); providers are shared by all
regions, so a provider is editable by a city editor of any region and by the provider editors
named for it.

Memberships: an administrator (a superuser, or the administrator role in the region) grants
every role of the region; a city editor grants the provider editor and observer roles of their
own region and manages exactly those memberships; nobody else manages memberships.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, QuerySet

from wegweiser.accounts.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from wegweiser.accounts.models import Invitation, User
    from wegweiser.directory.models import Offer, Provider, Region
    from wegweiser.editorial.models import AuditEntry

    AnyUser = User | AnonymousUser


def _memberships(user: AnyUser) -> QuerySet[Membership]:
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk)


def roles_in(user: AnyUser, region: Region) -> set[str]:
    """The user's roles in the region (a superuser holds the administrator role everywhere)."""
    roles = set(_memberships(user).filter(region=region).values_list("role", flat=True))
    if user.is_authenticated and user.is_active and user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    return roles


def has_role(user: AnyUser, region: Region, *roles: str) -> bool:
    return bool(roles_in(user, region) & set(roles))


def is_staff_member(user: AnyUser) -> bool:
    """Anyone with a role anywhere may enter the staff pages."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or _memberships(user).exists())


def editable_provider_ids(user: AnyUser, region: Region | None = None) -> set[int]:
    """The providers a provider editor may edit (in one region, or in any)."""
    memberships = _memberships(user).filter(role=Role.PROVIDER_EDITOR)
    if region is not None:
        memberships = memberships.filter(region=region)
    return set(memberships.values_list("providers", flat=True)) - {None}


def can_read_unpublished(user: AnyUser, region: Region) -> bool:
    """Drafts and pending revisions: the city's editors, observers and administrators."""
    return has_role(user, region, Role.CITY_EDITOR, Role.OBSERVER, Role.ADMINISTRATOR)


def can_edit_offer(user: AnyUser, offer: Offer) -> bool:
    if has_role(user, offer.region, Role.CITY_EDITOR, Role.ADMINISTRATOR):
        return True
    return offer.provider_id in editable_provider_ids(user, offer.region)


def can_publish_offer(user: AnyUser, offer: Offer) -> bool:
    """Publishing, approving and rejecting belong to the city (a provider editor cannot)."""
    return has_role(user, offer.region, Role.CITY_EDITOR, Role.ADMINISTRATOR)


def can_view_offer(user: AnyUser, offer: Offer) -> bool:
    return can_read_unpublished(user, offer.region) or can_edit_offer(user, offer)


def can_edit_provider(user: AnyUser, provider: Provider) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    memberships = _memberships(user)
    if memberships.filter(role__in=[Role.CITY_EDITOR, Role.ADMINISTRATOR]).exists():
        return True
    return provider.pk in editable_provider_ids(user)


def offers_editable_by(user: AnyUser, offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """Narrow a QuerySet of offers to those the user may edit (for lists and bulk actions)."""
    if not user.is_authenticated or not user.is_active:
        return offers.none()
    if user.is_superuser:
        return offers
    memberships = _memberships(user)
    city_regions = memberships.filter(role__in=[Role.CITY_EDITOR, Role.ADMINISTRATOR]).values_list(
        "region_id", flat=True
    )
    own = Q()
    for membership in memberships.filter(role=Role.PROVIDER_EDITOR).prefetch_related("providers"):
        own |= Q(region_id=membership.region_id, provider__in=membership.providers.all())
    return offers.filter(Q(region_id__in=list(city_regions)) | own).distinct()


# --- Editorial workflow (wegweiser.editorial) ----------------------------------------------------
# Offers live in a region; the rules below answer per offer or per region. The staff pages of the
# editorial app and its actions ask only these functions.

EDITING_ROLES = (Role.CITY_EDITOR, Role.ADMINISTRATOR)
READING_ROLES = (Role.CITY_EDITOR, Role.OBSERVER, Role.ADMINISTRATOR)


def editorial_region_ids(user: AnyUser) -> set[int]:
    """Regions whose offers the user works with (city editor, observer, administrator, or a
    provider editor there); a superuser works with every region."""
    from wegweiser.directory.models import Region

    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Region.objects.values_list("pk", flat=True))
    return set(
        _memberships(user)
        .filter(role__in=[*READING_ROLES, Role.PROVIDER_EDITOR])
        .values_list("region_id", flat=True)
    )


def reading_region_ids(user: AnyUser) -> set[int]:
    """Regions where the user reads everything, drafts included (city editor, observer,
    administrator)."""
    from wegweiser.directory.models import Region

    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Region.objects.values_list("pk", flat=True))
    return set(
        _memberships(user).filter(role__in=READING_ROLES).values_list("region_id", flat=True)
    )


def publishing_region_ids(user: AnyUser) -> set[int]:
    """Regions where the user publishes, approves and rejects (city editor, administrator)."""
    from wegweiser.directory.models import Region

    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Region.objects.values_list("pk", flat=True))
    return set(
        _memberships(user).filter(role__in=EDITING_ROLES).values_list("region_id", flat=True)
    )


def uses_editorial_pages(user: AnyUser) -> bool:
    """The editorial staff pages: everyone with an editorial role (not the statistics office
    alone)."""
    return bool(editorial_region_ids(user))


def offers_visible_to(user: AnyUser, offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """Narrow offers to those the user may see in the staff pages, drafts included."""
    if not user.is_authenticated or not user.is_active:
        return offers.none()
    if user.is_superuser:
        return offers
    reading = Q(region_id__in=list(reading_region_ids(user)))
    return offers.filter(reading | Q(pk__in=offers_editable_by(user, offers).values("pk")))


def can_create_offer_in(user: AnyUser, region: Region) -> bool:
    """City editors create offers for any provider, provider editors for their own."""
    if has_role(user, region, *EDITING_ROLES):
        return True
    return bool(editable_provider_ids(user, region))


def can_submit_offer(user: AnyUser, offer: Offer) -> bool:
    """Sending a draft to review: whoever may edit it."""
    return can_edit_offer(user, offer)


def can_archive_offer(user: AnyUser, offer: Offer) -> bool:
    return can_publish_offer(user, offer)


def can_confirm_offer(user: AnyUser, offer: Offer) -> bool:
    """ "Still correct" without editing: the provider's editors and the city's."""
    return can_edit_offer(user, offer)


def changes_need_review(user: AnyUser, offer: Offer) -> bool:
    """A change to a published offer by someone who cannot publish becomes a pending revision."""
    from wegweiser.directory.models import EditorialStatus

    return offer.status == EditorialStatus.PUBLISHED and not can_publish_offer(user, offer)


def can_review_in(user: AnyUser, region: Region) -> bool:
    """Approving and rejecting revisions and handling public reports in the region."""
    return has_role(user, region, *EDITING_ROLES)


def can_view_review_queue(user: AnyUser, region: Region) -> bool:
    return can_read_unpublished(user, region)


def can_view_reporter_data(user: AnyUser, region: Region | None) -> bool:
    """The e-mail address of someone who reported a change: the city's editors only (never
    observers)."""
    if region is None:
        return bool(publishing_region_ids(user))
    return has_role(user, region, *EDITING_ROLES)


def can_view_audit_log(user: AnyUser) -> bool:
    return bool(reading_region_ids(user))


def can_view_audit_addresses(user: AnyUser) -> bool:
    """IP addresses in the audit log are personal data: the city's editors and administrators."""
    return bool(publishing_region_ids(user))


def can_view_audit_address(
    user: AnyUser, entry: AuditEntry, *, publishing: set[int] | None = None
) -> bool:
    """The IP address of one audit entry: for the city's editors and administrators of the
    entry's region (an observer there who edits elsewhere does not see it); entries without a
    region (accounts, the shared providers) for those of any region. ``publishing``: the user's
    ``publishing_region_ids`` when already at hand (a page of entries)."""
    regions = publishing_region_ids(user) if publishing is None else publishing
    if entry.region_id is None:
        return bool(regions)
    return entry.region_id in regions


def providers_editable_by(user: AnyUser, providers: QuerySet[Provider]) -> QuerySet[Provider]:
    if not user.is_authenticated or not user.is_active:
        return providers.none()
    if user.is_superuser or _memberships(user).filter(role__in=EDITING_ROLES).exists():
        return providers
    return providers.filter(pk__in=editable_provider_ids(user))


def providers_visible_to(user: AnyUser, providers: QuerySet[Provider]) -> QuerySet[Provider]:
    if reading_region_ids(user):
        return providers
    return providers_editable_by(user, providers)


def can_create_provider(user: AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or _memberships(user).filter(role__in=EDITING_ROLES).exists())


def can_publish_provider(user: AnyUser, provider: Provider) -> bool:
    """Providers are shared by all regions: a city editor of any region publishes them."""
    return can_create_provider(user)


def can_confirm_provider(user: AnyUser, provider: Provider) -> bool:
    return can_edit_provider(user, provider)


def can_view_freshness(user: AnyUser, region: Region) -> bool:
    return can_read_unpublished(user, region)


# --- Staff pages, the admin, the second factor ------------------------------------------------


def is_administrator(user: AnyUser) -> bool:
    """A superuser, or someone with the administrator role in some region."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or _memberships(user).filter(role=Role.ADMINISTRATOR).exists())


def can_use_admin_site(user: AnyUser) -> bool:
    """Django's admin is for superusers only; everybody else works on the staff pages."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def two_factor_required(user: AnyUser) -> bool:
    """Administrators must use a second factor when ``WEGWEISER_REQUIRE_2FA_FOR_ADMINS`` is on."""
    return bool(settings.WEGWEISER_REQUIRE_2FA_FOR_ADMINS) and is_administrator(user)


# --- Memberships and invitations --------------------------------------------------------------

_CITY_EDITOR_GRANTS = (Role.PROVIDER_EDITOR, Role.OBSERVER)


def grantable_roles(user: AnyUser, region: Region) -> list[str]:
    """The roles the user may grant, change and take away in the region (in ``Role`` order)."""
    roles = roles_in(user, region)
    if Role.ADMINISTRATOR in roles:
        return list(Role.values)
    if Role.CITY_EDITOR in roles:
        return [role for role in Role.values if role in _CITY_EDITOR_GRANTS]
    return []


def can_manage_memberships(user: AnyUser, region: Region) -> bool:
    """May see the region's members and invitations and invite people to it."""
    return bool(grantable_roles(user, region))


def can_change_membership(user: AnyUser, membership: Membership) -> bool:
    """May change the providers of, or remove, this membership."""
    return membership.role in grantable_roles(user, membership.region)


def can_withdraw_invitation(user: AnyUser, invitation: Invitation) -> bool:
    return invitation.role in grantable_roles(user, invitation.region)


def regions_managed_by(user: AnyUser) -> list[Region]:
    """The regions whose memberships the user manages (for the dashboard)."""
    from wegweiser.directory.models import Region

    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Region.objects.all())
    region_ids = (
        _memberships(user)
        .filter(role__in=[Role.CITY_EDITOR, Role.ADMINISTRATOR])
        .values_list("region_id", flat=True)
    )
    return list(Region.objects.filter(pk__in=region_ids))


# --- Survey rounds (wegweiser.surveys) ------------------------------------------------------------
# Rounds belong to a region. The city's editors run them; observers and administrators read them.
# Providers answer through their personal link, without an account: the link is their permission.


def survey_region_ids(user: AnyUser) -> set[int]:
    """Regions whose survey rounds the user may see (city editor, observer, administrator)."""
    return reading_region_ids(user)


def uses_survey_pages(user: AnyUser) -> bool:
    return bool(survey_region_ids(user))


def can_view_survey_rounds(user: AnyUser, region: Region) -> bool:
    return has_role(user, region, *READING_ROLES)


def can_run_survey_rounds(user: AnyUser, region: Region) -> bool:
    """Opening and closing rounds, reminding, revoking and re-issuing links: the city's editors."""
    return has_role(user, region, *EDITING_ROLES)


# --- Import and export of offers (wegweiser.editorial.transfer) ----------------------------------


def can_publish_in(user: AnyUser, region: Region) -> bool:
    """Publishing in a region: its city editors and the administrators."""
    return has_role(user, region, Role.CITY_EDITOR, Role.ADMINISTRATOR)


def can_import_offers(user: AnyUser, region: Region) -> bool:
    """City editors and administrators import anything; a provider editor only rows of their
    own provider(s) (which become drafts or pending revisions)."""
    return can_publish_in(user, region) or bool(editable_provider_ids(user, region))


def can_export_offers(user: AnyUser, region: Region) -> bool:
    """Every role in the region may download the export (of the offers it may see)."""
    return bool(roles_in(user, region))


def offers_exportable_by(user: AnyUser, region: Region, offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """The offers of ``region`` in the user's export: all for the city's roles, a provider
    editor's own otherwise."""
    offers = offers.filter(region=region)
    city_roles = (Role.CITY_EDITOR, Role.OBSERVER, Role.STATISTICS, Role.ADMINISTRATOR)
    if has_role(user, region, *city_roles):
        return offers
    return offers.filter(provider_id__in=editable_provider_ids(user, region))


# --- Statistics and reports (wegweiser.reports) ------------------------------------------------
# Counts of published offers: the city's editors, the statistics office, observers and
# administrators of the region. The data-quality report lists unpublished entries by name, so it
# follows the reading rule of the editorial pages (not the statistics office alone).

REPORT_ROLES = (Role.CITY_EDITOR, Role.STATISTICS, Role.OBSERVER, Role.ADMINISTRATOR)


def report_region_ids(user: AnyUser) -> set[int]:
    """Regions whose reports the user may produce."""
    from wegweiser.directory.models import Region

    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Region.objects.values_list("pk", flat=True))
    return set(_memberships(user).filter(role__in=REPORT_ROLES).values_list("region_id", flat=True))


def can_view_reports(user: AnyUser, region: Region) -> bool:
    return has_role(user, region, *REPORT_ROLES)


def uses_report_pages(user: AnyUser) -> bool:
    return bool(report_region_ids(user))


def can_view_quality_report(user: AnyUser, region: Region) -> bool:
    return can_read_unpublished(user, region)


def uses_quality_report(user: AnyUser) -> bool:
    return bool(reading_region_ids(user))


# --- Integration monitoring (wegweiser.monitoring) ---------------------------------------------
# The statistics office runs and publishes the monitoring and uploads external indicators;
# observers read; the public sees only published, confidentiality-checked aggregates.

MONITORING_RUNNING_ROLES = (Role.STATISTICS, Role.ADMINISTRATOR)
MONITORING_READING_ROLES = (Role.STATISTICS, Role.OBSERVER, Role.ADMINISTRATOR)


def can_run_monitoring(user: AnyUser, region: Region) -> bool:
    """Run the monitoring on an extract, publish it, upload external indicators."""
    return has_role(user, region, *MONITORING_RUNNING_ROLES)


def can_read_monitoring(user: AnyUser, region: Region) -> bool:
    """The staff pages of the monitoring (published tables, runs, uploads)."""
    return has_role(user, region, *MONITORING_READING_ROLES)


def monitoring_region_ids(user: AnyUser) -> set[int]:
    """Regions whose monitoring staff pages the user may read."""
    from wegweiser.directory.models import Region

    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Region.objects.values_list("pk", flat=True))
    memberships = _memberships(user).filter(role__in=MONITORING_READING_ROLES)
    return set(memberships.values_list("region_id", flat=True))


def uses_monitoring_pages(user: AnyUser) -> bool:
    return bool(monitoring_region_ids(user))


def monitoring_running_regions(user: AnyUser) -> list[Region]:
    """The regions where the user runs the monitoring (uploads of external indicators)."""
    from wegweiser.directory.models import Region

    if not user.is_authenticated or not user.is_active:
        return []
    return [
        region for region in Region.objects.order_by("name") if can_run_monitoring(user, region)
    ]


def uploads_external_indicators(user: AnyUser) -> bool:
    return bool(monitoring_running_regions(user))


# --- Integration concept (wegweiser.concept) ----------------------------------------------------
# The city's editors maintain the concept and moderate comments; observers read everything;
# the responsible provider's editors report on their own measures and commitments.

CONCEPT_EDITING_ROLES = (Role.CITY_EDITOR, Role.ADMINISTRATOR)
CONCEPT_READING_ROLES = (Role.CITY_EDITOR, Role.OBSERVER, Role.ADMINISTRATOR)


def concept_region_ids(user: AnyUser) -> set[int]:
    """Regions whose concept staff pages the user may open (read or edit)."""
    from wegweiser.directory.models import Region

    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Region.objects.values_list("pk", flat=True))
    return set(
        _memberships(user)
        .filter(role__in=(*CONCEPT_READING_ROLES, Role.PROVIDER_EDITOR))
        .values_list("region_id", flat=True)
    )


def uses_concept_pages(user: AnyUser) -> bool:
    return bool(concept_region_ids(user))


def can_read_concept(user: AnyUser, region: Region) -> bool:
    """The staff view of a region's concept, drafts included."""
    return has_role(user, region, *CONCEPT_READING_ROLES)


def can_edit_concept(user: AnyUser, region: Region) -> bool:
    """Maintain the concept: versions, fields of action, goals, indicators, measures,
    self-commitments; moderate comments of a consultation."""
    return has_role(user, region, *CONCEPT_EDITING_ROLES)


def can_report_on_measure(user: AnyUser, measure: Any) -> bool:
    """Write a progress update: the city's editors, or the responsible provider's editors."""
    region = measure.goal.action_field.concept.region
    if can_edit_concept(user, region):
        return True
    provider_id = measure.responsible_provider_id
    return provider_id is not None and provider_id in editable_provider_ids(user, region)


def can_report_on_commitment(user: AnyUser, commitment: Any) -> bool:
    """Report on a self-commitment: the city's editors, or the committed provider's editors."""
    region = commitment.goal.action_field.concept.region
    if can_edit_concept(user, region):
        return True
    provider_id = commitment.provider_id
    return provider_id is not None and provider_id in editable_provider_ids(user, region)


# --- Consultation on the concept and the progress report (wegweiser.concept) -------------------
# The comments of a public consultation and the progress report: the city's editors, observers
# and administrators read them; the city's editors and administrators moderate, and only they
# see a commenter's e-mail address (until moderation deletes it).


def consultation_region_ids(user: AnyUser) -> set[int]:
    """Regions whose consultation comments and progress report the user may read."""
    from wegweiser.directory.models import Region

    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return set(Region.objects.values_list("pk", flat=True))
    return set(
        _memberships(user)
        .filter(role__in=CONCEPT_READING_ROLES)
        .values_list("region_id", flat=True)
    )


def can_moderate_comments(user: AnyUser, region: Region) -> bool:
    """Approve or reject comments of a consultation in the region."""
    return can_edit_concept(user, region)


def can_view_commenter_data(user: AnyUser, region: Region) -> bool:
    """A commenter's e-mail address: only who moderates (never observers)."""
    return can_edit_concept(user, region)
