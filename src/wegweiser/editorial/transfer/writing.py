"""Writing a checked ``Plan``: every offer saved with exactly one version, audited.

The caller runs this inside the same transaction as the validation (``services.import_offers``),
so a failure anywhere leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from wegweiser.directory.history import save_with_relations
from wegweiser.directory.models import (
    EditorialStatus,
    Location,
    Offer,
    OfferLocation,
    Provider,
    Region,
)
from wegweiser.directory.search import index
from wegweiser.editorial import audit
from wegweiser.editorial.models import Revision
from wegweiser.editorial.transfer.revisions import propose_revision
from wegweiser.editorial.transfer.validation import Action, NewProvider, Plan, RowPlan

if TYPE_CHECKING:
    from django.http import HttpRequest

Progress = Callable[[str], None]
T = TypeVar("T")


def _present(value: T | None) -> T:
    """``value``, which a checked plan always has."""
    if value is None:
        raise RuntimeError("inconsistent import plan")
    return value


@dataclass
class Actor:
    """Who the import is recorded for: a user, or the system (``user`` None) under ``label``."""

    user: Any
    label: str
    source: str
    request: HttpRequest | None = None


@dataclass
class Outcome:
    created: list[Offer] = field(default_factory=list)
    updated: list[Offer] = field(default_factory=list)
    proposed: list[Revision] = field(default_factory=list)
    unchanged: int = 0
    providers: list[Provider] = field(default_factory=list)


class _Locations:
    """The region's locations by address, so that the same address is one location."""

    def __init__(self, region: Region) -> None:
        self.region = region
        self._by_address: dict[tuple[str, str, str], Location] | None = None

    def get(self, address: tuple[str, str, str], provider: Provider, actor: Actor) -> Location:
        if self._by_address is None:
            self._by_address = {}
            for location in Location.objects.for_region(self.region).order_by("pk"):
                key = (location.street, location.postcode, location.city)
                self._by_address.setdefault(key, location)
        found = self._by_address.get(address)
        if found is not None:
            return found
        street, postcode, city = address
        location = Location(
            region=self.region, provider=provider, street=street, postcode=postcode, city=city
        )
        save_with_relations(location, user=actor.user, reason=_("Import"))
        self._by_address[address] = location
        return location


def write(plan: Plan, actor: Actor, *, filename: str, progress: Progress | None = None) -> Outcome:
    outcome = Outcome()
    reason = _("Import aus „%(file)s“") % {"file": filename}
    locations = _Locations(plan.region)
    with index.batch():
        for new in plan.new_providers:
            _create_provider(new, plan, actor, reason)
            outcome.providers.append(_present(new.created))
        total = len(plan.rows)
        for done, row in enumerate(plan.rows, start=1):
            if row.action is Action.CREATE:
                outcome.created.append(_create(row, plan, actor, reason, locations))
            elif row.action is Action.UPDATE:
                outcome.updated.append(_update(row, plan, actor, reason, locations))
            elif row.action is Action.PROPOSE:
                outcome.proposed.append(
                    propose_revision(
                        _present(row.offer),
                        revision_data(row),
                        actor=actor.user,
                        source=actor.source,
                        request=actor.request,
                    )
                )
            else:
                outcome.unchanged += 1
            if progress and done % 500 == 0:
                progress(
                    _("%(done)d von %(total)d Zeilen gespeichert") % {"done": done, "total": total}
                )
        if progress and total >= 500:
            progress(_("Suchindex wird aktualisiert …"))
    _record(
        "import",
        actor,
        None,
        plan.region,
        _(
            "Datei „%(file)s“: %(created)d neu, %(updated)d geändert, %(proposed)d "
            "Änderungsvorschläge, %(unchanged)d unverändert, %(providers)d Träger neu."
        )
        % {
            "file": filename,
            "created": len(outcome.created),
            "updated": len(outcome.updated),
            "proposed": len(outcome.proposed),
            "unchanged": outcome.unchanged,
            "providers": len(outcome.providers),
        },
    )
    return outcome


def _record(
    action: str, actor: Actor, obj: models.Model | None, region: Region, summary: str
) -> None:
    audit.record(
        action,
        actor=actor.user,
        obj=obj,
        region=region,
        summary=summary,
        request=actor.request,
        source=actor.source,
        actor_label=actor.label,
    )


def _status(plan: Plan) -> str:
    if plan.importer.status == EditorialStatus.PUBLISHED:
        return EditorialStatus.PUBLISHED
    return EditorialStatus.DRAFT


def _create_provider(new: NewProvider, plan: Plan, actor: Actor, reason: str) -> None:
    provider = Provider(
        name=new.name,
        provider_type=_present(new.provider_type),
        status=_status(plan),
        home_region=plan.region,
    )
    save_with_relations(provider, user=actor.user, reason=reason)
    new.created = provider
    _record("import_provider_created", actor, provider, plan.region, reason)


def _provider(row: RowPlan) -> Provider | None:
    if isinstance(row.provider, NewProvider):
        return row.provider.created
    return row.provider


def _create(row: RowPlan, plan: Plan, actor: Actor, reason: str, locations: _Locations) -> Offer:
    provider = _present(_provider(row))
    offer = Offer(region=plan.region, provider=provider, status=_status(plan), **row.fields)
    relations: dict[str, list[Any]] = {
        name: values for name, values in row.relations.items() if values
    }
    if row.address is not None and any(row.address):
        relations["locations"] = [locations.get(row.address, provider, actor)]
    save_with_relations(offer, relations, user=actor.user, reason=reason)
    _record("import_offer_created", actor, offer, plan.region, reason)
    return offer


def _update(row: RowPlan, plan: Plan, actor: Actor, reason: str, locations: _Locations) -> Offer:
    offer = _present(row.offer)
    for name, value in row.fields.items():
        setattr(offer, name, value)
    provider = _provider(row)
    if provider is not None:
        offer.provider = provider
    if plan.importer.status == EditorialStatus.PUBLISHED:
        offer.status = EditorialStatus.PUBLISHED
    relations: dict[str, list[Any]] = dict(row.relations)
    if row.address is not None and any(
        column in row.changed for column in ("strasse", "plz", "ort")
    ):
        relations["locations"] = _relink_main_location(offer, row.address, locations, actor)
    save_with_relations(offer, relations, user=actor.user, reason=reason)
    _record(
        "import_offer_updated",
        actor,
        offer,
        plan.region,
        f"{reason}: {', '.join(row.changed)}",
    )
    return offer


def _relink_main_location(
    offer: Offer, address: tuple[str, str, str], locations: _Locations, actor: Actor
) -> list[Location]:
    """The offer's locations with the main one (the first) at ``address``; the location itself
    is never changed, since other offers may share it: the offer links to another one."""
    links = list(
        OfferLocation.objects.filter(offer=offer).select_related("location").order_by("pk")
    )
    main, others = (links[0], links[1:]) if links else (None, [])
    rest = [link.location for link in others]
    if not any(address):
        return rest
    target = locations.get(address, offer.provider, actor)
    if main is not None and target.pk not in {location.pk for location in rest}:
        # Keep the link (and its UUID, the HSDS service_at_location id) and its place as first.
        OfferLocation.objects.filter(pk=main.pk).update(location=target)
    return [target, *rest]


def _json(value: Any) -> Any:
    if isinstance(value, models.Model):
        return getattr(value, "code", value.pk)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def revision_data(row: RowPlan) -> dict[str, Any]:
    """The proposed values in the form of the offer's edit form: codes for vocabularies, lists
    for many-valued fields; only the fields the file sets (absent columns stay as they are)."""
    data: dict[str, Any] = {name: _json(value) for name, value in row.fields.items()}
    for name, values in row.relations.items():
        data[name] = [_json(value) for value in values]
    provider = _provider(row)
    if provider is not None:
        data["provider"] = provider.pk
    if row.address is not None:
        street, postcode, city = row.address
        data["location"] = {"street": street, "postcode": postcode, "city": city}
    return data
