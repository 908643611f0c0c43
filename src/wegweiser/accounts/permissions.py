"""Who may do what: the one place for object-level permission rules.

Views, commands and the API ask these functions; nothing else decides. A superuser is an
administrator everywhere. Roles are per region (``Membership``); providers are shared by all
regions, so a provider is editable by a city editor of any region and by the provider editors
named for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from wegweiser.accounts.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from wegweiser.accounts.models import User
    from wegweiser.directory.models import Offer, Provider, Region

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
