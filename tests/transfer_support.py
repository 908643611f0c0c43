"""Helpers for the import and export tests: a snapshot of everything an import may change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wegweiser.directory.models import Location, Offer, OfferLocation, Provider, Region
from wegweiser.editorial.models import AuditEntry, Revision
from wegweiser.editorial.transfer import services
from wegweiser.editorial.transfer.validation import Importer
from wegweiser.editorial.transfer.writing import Actor

FILES = Path(__file__).resolve().parent / "files" / "transfer"


def database_state() -> dict[str, Any]:
    return {
        "offers": list(
            Offer.objects.order_by("pk").values_list("pk", "lock_version", "status", "title")
        ),
        "providers": list(Provider.objects.order_by("pk").values_list("pk", "lock_version")),
        "locations": Location.objects.count(),
        "links": list(OfferLocation.objects.order_by("pk").values_list("offer", "location")),
        "offer_versions": Offer.history.count(),
        "provider_versions": Provider.history.count(),
        "location_versions": Location.history.count(),
        "audit": AuditEntry.objects.count(),
        "revisions": Revision.objects.count(),
    }


def run_import(
    data: bytes,
    region: Region,
    *,
    filename: str = "angebote.csv",
    status: str = "published",
    providers: frozenset[int] | None = None,
    user: Any = None,
    dry_run: bool = False,
) -> services.ImportResult:
    return services.import_offers(
        data,
        filename,
        region=region,
        importer=Importer(status=status, providers=providers),
        actor=Actor(user, user.email if user else "Kommandozeile", "command"),
        dry_run=dry_run,
    )


def csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def messages(result: services.ImportResult) -> list[str]:
    return [str(problem) for problem in result.problems]
