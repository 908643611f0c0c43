"""Writing the audit log: one entry per editorial action, inside the action's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _

from wegweiser.directory import bulk
from wegweiser.editorial.models import AuditEntry

if TYPE_CHECKING:
    from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as Django sees it (behind a proxy, settings decide what that is)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    region: Any = None,
    summary: str = "",
    request: HttpRequest | None = None,
    source: str = "web",
    actor_label: str = "",
) -> AuditEntry:
    """Write one audit entry; ``actor`` None means the system (e.g. the command line)."""
    audit_entry = entry(
        action,
        actor=actor,
        obj=obj,
        region=region,
        summary=summary,
        request=request,
        source=source,
        actor_label=actor_label,
    )
    audit_entry.save()
    return audit_entry


def entry(
    action: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    region: Any = None,
    summary: str = "",
    request: HttpRequest | None = None,
    source: str = "web",
    actor_label: str = "",
) -> AuditEntry:
    """The entry ``record`` writes, unsaved: for writing many at once with ``record_many``."""
    if not actor_label:
        if actor is not None and getattr(actor, "is_authenticated", False):
            actor_label = actor.email
        else:
            actor_label = _("System (%(source)s)") % {"source": source}
    if region is None and obj is not None:
        region = getattr(obj, "region", None)
    return AuditEntry(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label[:200],
        action=action,
        region=region,
        object_type=(obj._meta.model_name or "") if obj is not None else "",
        object_id=str(getattr(obj, "uuid", None) or (obj.pk if obj is not None else "")),
        object_label=str(obj)[:300] if obj is not None else "",
        summary=summary,
        ip_address=client_ip(request),
        source=source,
    )


def record_many(entries: list[AuditEntry]) -> None:
    """Write ``entries`` (from ``entry``) in one bulk insert, in their order."""
    bulk.create(entries, key=None)
