"""Writing a checked ``Plan`` in bulk: every offer saved with exactly one version, audited.

The caller runs this inside the same transaction as the validation (``services.import_offers``),
so a failure anywhere leaves nothing behind. Instead of saving row by row (a save, six relation
sets and a dozen history queries per offer), each step writes all rows at once: new providers,
new locations, new offers and their links with ``bulk_create``, changed offers with
``bulk_update`` and their links by deleting and inserting link rows in bulk, then one version of
every created or changed object with ``history.record_versions`` and the audit entries with one
insert. The search index is rebuilt once at the end (``index.batch()``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.directory import bulk
from wegweiser.directory.bulk import chunks, parameter_limit
from wegweiser.directory.history import record_versions
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
from wegweiser.editorial.actions import NothingChanged, propose_revision
from wegweiser.editorial.models import AuditEntry, Revision
from wegweiser.editorial.transfer.validation import Action, NewProvider, Plan, RowPlan

if TYPE_CHECKING:
    from django.http import HttpRequest

Progress = Callable[[str], None]
T = TypeVar("T")
M = TypeVar("M", bound=models.Model)
Address = tuple[str, str, str]


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
    locations: list[Location] = field(default_factory=list)


def write(plan: Plan, actor: Actor, *, filename: str, progress: Progress | None = None) -> Outcome:
    outcome = Outcome()
    reason = _("Import aus „%(file)s“") % {"file": filename}
    total = len(plan.rows)
    creating = [row for row in plan.rows if row.action is Action.CREATE]
    updating = [row for row in plan.rows if row.action is Action.UPDATE]
    proposing = [row for row in plan.rows if row.action is Action.PROPOSE]
    outcome.unchanged = plan.count(Action.UNCHANGED)

    def report(done: int) -> None:
        if progress and total >= 500:
            progress(
                _("%(done)d von %(total)d Zeilen gespeichert") % {"done": done, "total": total}
            )

    with index.batch():
        outcome.providers = _create_providers(plan)
        locations = _Locations(plan.region)
        mains = _main_links([_present(row.offer) for row in [*updating, *proposing] if _moves(row)])
        for row in plan.rows:
            needed = _needed_address(row)
            if needed is not None:
                locations.need(needed, _present(_provider(row) or _offer_provider(row)))
        outcome.locations = locations.create_missing()
        outcome.created = _create_offers(creating, plan, locations)
        report(len(creating))
        outcome.updated = _update_offers(updating, plan, locations, mains)
        report(len(creating) + len(updating))
        record_versions(
            [*outcome.providers, *outcome.locations, *outcome.created, *outcome.updated],
            created=[True]
            * (len(outcome.providers) + len(outcome.locations) + len(outcome.created))
            + [False] * len(outcome.updated),
            user=actor.user,
            reason=reason,
        )
        for row in proposing:
            try:
                revision = propose_revision(
                    _present(row.offer),
                    proposed_values(row, locations, mains),
                    actor=actor.user,
                    source=actor.source,
                    request=actor.request,
                )
            except NothingChanged:
                # The file differs from the offer only in a form the offer's values do not
                # keep apart (e.g. the same list in another order).
                outcome.unchanged += 1
                continue
            outcome.proposed.append(revision)
        report(len(creating) + len(updating) + len(proposing))
        index.offers_changed(offer.pk for offer in [*outcome.created, *outcome.updated])
        _audit(plan, actor, reason, outcome, filename)
        if progress and total >= 500:
            progress(_("Suchindex wird aktualisiert …"))
    return outcome


def _audit(plan: Plan, actor: Actor, reason: str, outcome: Outcome, filename: str) -> None:
    """One entry per created provider, created offer, changed offer, and the summary (last)."""
    entries = [
        _entry("import_provider_created", actor, p, plan.region, reason) for p in outcome.providers
    ]
    for row in plan.rows:
        if row.action is Action.CREATE:
            entries.append(
                _entry("import_offer_created", actor, _present(row.written), plan.region, reason)
            )
        elif row.action is Action.UPDATE:
            summary = f"{reason}: {', '.join(row.changed)}"
            entries.append(
                _entry("import_offer_updated", actor, _present(row.written), plan.region, summary)
            )
    summary = _(
        "Datei „%(file)s“: %(created)d neu, %(updated)d geändert, %(proposed)d "
        "Änderungsvorschläge, %(unchanged)d unverändert, %(providers)d Träger neu."
    ) % {
        "file": filename,
        "created": len(outcome.created),
        "updated": len(outcome.updated),
        "proposed": len(outcome.proposed),
        "unchanged": outcome.unchanged,
        "providers": len(outcome.providers),
    }
    entries.append(_entry("import", actor, None, plan.region, summary))
    audit.record_many(entries)


def _entry(
    action: str, actor: Actor, obj: models.Model | None, region: Region, summary: str
) -> AuditEntry:
    return audit.entry(
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


def _insert(objects: Sequence[M]) -> None:
    """Insert ``objects`` (no version yet: ``record_versions`` records it) with their primary
    keys set afterwards; a locked model's ``lock_version`` is stored as set (a first save would
    raise it from 0 to 1)."""
    bulk.create(objects)


def _create_providers(plan: Plan) -> list[Provider]:
    providers = []
    for new in plan.new_providers:
        new.created = Provider(
            name=new.name,
            provider_type=_present(new.provider_type),
            status=_status(plan),
            home_region=plan.region,
            lock_version=1,
        )
        providers.append(new.created)
    _insert(providers)
    return providers


def _provider(row: RowPlan) -> Provider | None:
    if isinstance(row.provider, NewProvider):
        return row.provider.created
    return row.provider


def _offer_provider(row: RowPlan) -> Provider | None:
    return row.offer.provider if row.offer is not None else None


# --- locations ---------------------------------------------------------------------------------


class _Locations:
    """The region's locations by address, so that the same address is one location; the
    addresses no location has yet are created together, each for the first row naming it."""

    def __init__(self, region: Region) -> None:
        self.region = region
        self.by_address: dict[Address, Location] = {}
        for location in Location.objects.for_region(region).order_by("pk"):
            key = (location.street, location.postcode, location.city)
            self.by_address.setdefault(key, location)
        self.missing: dict[Address, Location] = {}

    def need(self, address: Address, provider: Provider) -> None:
        if address in self.by_address or address in self.missing:
            return
        street, postcode, city = address
        self.missing[address] = Location(
            region=self.region, provider=provider, street=street, postcode=postcode, city=city
        )

    def create_missing(self) -> list[Location]:
        created = list(self.missing.values())
        _insert(created)
        self.by_address.update(self.missing)
        self.missing = {}
        return created

    def get(self, address: Address) -> Location:
        return self.by_address[address]


def _moves(row: RowPlan) -> bool:
    """Whether an updated or proposing row changes the address of its offer's main location."""
    return row.address is not None and any(
        column in row.changed for column in ("strasse", "plz", "ort")
    )


def _needed_address(row: RowPlan) -> Address | None:
    """The address whose location the row links its offer to, if any."""
    if row.address is None or not any(row.address):
        return None
    if row.action is Action.CREATE or (
        row.action in (Action.UPDATE, Action.PROPOSE) and _moves(row)
    ):
        return row.address
    return None


def _main_links(offers: list[Offer]) -> dict[int, list[OfferLocation]]:
    """The location links of ``offers``, each offer's in the order they were made (the first
    is the main location)."""
    links: dict[int, list[OfferLocation]] = {offer.pk: [] for offer in offers}
    for part in chunks([offer.pk for offer in offers], parameter_limit()):
        query = OfferLocation.objects.filter(offer_id__in=part).select_related("location")
        for link in query.order_by("pk"):
            links[link.offer_id].append(link)
    return links


# --- offers ------------------------------------------------------------------------------------


def _create_offers(rows: list[RowPlan], plan: Plan, locations: _Locations) -> list[Offer]:
    offers = []
    for row in rows:
        row.written = Offer(
            region=plan.region,
            provider=_present(_provider(row)),
            status=_status(plan),
            lock_version=1,
            **row.fields,
        )
        offers.append(row.written)
    _insert(offers)
    links: dict[str, list[tuple[int, int]]] = {}
    for row, offer in zip(rows, offers, strict=True):
        for name, values in row.relations.items():
            links.setdefault(name, []).extend((offer.pk, pk) for pk in _pks(values))
        address = _needed_address(row)
        if address is not None:
            links.setdefault("locations", []).append((offer.pk, locations.get(address).pk))
    for name, pairs in links.items():
        _link(name, pairs)
    return offers


def _update_offers(
    rows: list[RowPlan],
    plan: Plan,
    locations: _Locations,
    mains: dict[int, list[OfferLocation]],
) -> list[Offer]:
    """Set the changed fields of every offer and write them in one go (``bulk.update``); raise
    each ``lock_version`` from the stored one, as ``LockedModel.save`` does."""
    offers: list[Offer] = []
    changed_fields: set[str] = set()
    for row in rows:
        offer = _present(row.offer)
        row.written = offer
        for name, value in row.fields.items():
            if getattr(offer, name) != value:
                setattr(offer, name, value)
                changed_fields.add(name)
        provider = _provider(row)
        if provider is not None and provider.pk != offer.provider_id:
            offer.provider = provider
            changed_fields.add("provider")
        published = EditorialStatus.PUBLISHED
        if plan.importer.status == published and offer.status != published:
            offer.status = EditorialStatus.PUBLISHED
            changed_fields.add("status")
        offers.append(offer)
    if not offers:
        return offers
    stored = _stored_lock_versions(offers)
    now = timezone.now()
    for offer in offers:
        offer.lock_version = max(offer.lock_version, stored.get(offer.pk, 0)) + 1
        offer.updated_at = now
    bulk.update(offers, sorted({*changed_fields, "lock_version", "updated_at"}))
    _relink(rows)
    _relink_main_locations([row for row in rows if _moves(row)], locations, mains)
    return offers


def _stored_lock_versions(offers: list[Offer]) -> dict[int, int]:
    stored: dict[int, int] = {}
    for part in chunks([offer.pk for offer in offers], parameter_limit()):
        stored.update(Offer.objects.filter(pk__in=part).values_list("pk", "lock_version"))
    return stored


def _pks(values: Iterable[models.Model]) -> list[Any]:
    """The primary keys of ``values``, each once, in order (``set()`` ignores repeats too)."""
    return list(dict.fromkeys(value.pk for value in values))


def _through(name: str) -> tuple[Any, str, str]:
    """The link model of the offer relation ``name`` and its columns for offer and target."""
    relation: Any = Offer._meta.get_field(name)
    through: Any = relation.remote_field.through
    own = through._meta.get_field(relation.m2m_field_name()).attname
    target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
    return through, own, target


def _link(name: str, pairs: list[tuple[int, int]]) -> None:
    """Link offers to the objects of relation ``name``: one insert of many rows, no signals."""
    through, own, target = _through(name)
    bulk.insert(through, ({own: offer, target: to} for offer, to in pairs))


def _relink(rows: list[RowPlan]) -> None:
    """The relations the rows set, as ``set()`` would leave them: links no longer wanted are
    deleted, new ones inserted, the others kept."""
    wanted: dict[str, dict[int, list[Any]]] = {}
    for row in rows:
        offer = _present(row.offer)
        for name, values in row.relations.items():
            wanted.setdefault(name, {})[offer.pk] = _pks(values)
            # The validation's prefetched values are outdated now.
            getattr(offer, "_prefetched_objects_cache", {}).pop(name, None)
    for name, by_offer in wanted.items():
        through, own, target = _through(name)
        stale: list[Any] = []
        present: set[tuple[int, Any]] = set()
        for part in chunks(list(by_offer), parameter_limit()):
            links = through.objects.filter(**{f"{own}__in": part}).values_list("pk", own, target)
            for pk, offer_id, to in links:
                if to in by_offer[offer_id]:
                    present.add((offer_id, to))
                else:
                    stale.append(pk)
        for part in chunks(stale, parameter_limit()):
            through.objects.filter(pk__in=part).delete()
        _link(
            name,
            [
                (offer_id, to)
                for offer_id, targets in by_offer.items()
                for to in targets
                if (offer_id, to) not in present
            ],
        )


def _relink_main_locations(
    rows: list[RowPlan], locations: _Locations, mains: dict[int, list[OfferLocation]]
) -> None:
    """Link each offer's main location (its first) to the location at the row's address. A
    location is never changed in place, since other offers may share it: the main link is
    pointed at another location (keeping the link's UUID, the HSDS service_at_location id, and
    its place as first), or removed when the address is empty."""
    retarget: list[OfferLocation] = []
    remove: list[int] = []
    add: list[tuple[int, int]] = []
    for row in rows:
        offer = _present(row.offer)
        getattr(offer, "_prefetched_objects_cache", {}).pop("locations", None)
        links = mains[offer.pk]
        main, others = (links[0], links[1:]) if links else (None, [])
        address = _present(row.address)
        if not any(address):
            if main is not None:
                remove.append(main.pk)
            continue
        target = locations.get(address)
        if main is None:
            add.append((offer.pk, target.pk))
        elif target.pk in {link.location_id for link in others}:
            remove.append(main.pk)
        elif main.location_id != target.pk:
            main.location = target
            retarget.append(main)
    bulk.update(retarget, ["location"])
    for part in chunks(remove, parameter_limit()):
        OfferLocation.objects.filter(pk__in=part).delete()
    _link("locations", add)


def proposed_values(
    row: RowPlan, locations: _Locations, mains: dict[int, list[OfferLocation]]
) -> dict[str, Any]:
    """The values a proposing row sets, in the form ``actions.propose_revision`` takes (see
    ``wegweiser.editorial.offerdata``); only the fields the file sets. A changed address
    replaces the offer's main (first) location with the location at that address, created by
    the import if it did not exist; an empty address removes the main location."""
    values: dict[str, Any] = dict(row.fields)
    values.update({name: list(items) for name, items in row.relations.items()})
    provider = _provider(row)
    if provider is not None:
        values["provider"] = provider
    if _moves(row):
        current = [link.location for link in mains[_present(row.offer).pk]]
        others = current[1:]
        address = _present(row.address)
        if any(address):
            target = locations.get(address)
            others = [target, *(location for location in others if location.pk != target.pk)]
        values["locations"] = others
    return values
