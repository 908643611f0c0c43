"""A pending revision of a published offer, as the import proposes it.

Stand-in for ``wegweiser.editorial.actions.propose_revision`` (same signature), which the
editorial workflow brings; once it is there, ``writing`` should call that instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.editorial import audit
from wegweiser.editorial.models import Revision

if TYPE_CHECKING:
    from django.http import HttpRequest

    from wegweiser.directory.models import Offer


def propose_revision(
    offer: Offer,
    data: dict[str, Any],
    *,
    actor: Any,
    source: str,
    request: HttpRequest | None = None,
) -> Revision:
    """Record ``data`` (proposed field values) as a pending revision of ``offer``."""
    with transaction.atomic():
        revision = Revision.objects.create(
            offer=offer,
            data=data,
            base_version=offer.lock_version,
            author=actor if getattr(actor, "is_authenticated", False) else None,
            source=source,
        )
        audit.record(
            "revision_proposed",
            actor=actor,
            obj=offer,
            summary=_("Änderungsvorschlag zu: %(fields)s") % {"fields": ", ".join(sorted(data))},
            request=request,
            source=source,
        )
    return revision
