"""Published offers and providers as Open Referral HSDS 3.0 documents (German).

Offer → service, provider → organization, location → location with its address, offer at a
location → service_at_location, vocabularies → taxonomies and their values → taxonomy terms
(linked to services through attributes). The ids are the entities' UUIDs; entities HSDS needs
that have no row of their own (a vocabulary as a taxonomy, an address, a phone number, a
language of a service, …) get a UUID derived from their owner's (``uuid5``), the same on every
export. Empty values are left out rather than written as empty strings. The mapping is
described in docs/data-model.md and docs/api.md.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from wegweiser.directory.models import (
    CITYWIDE_CODE,
    AgeGroup,
    Area,
    Gender,
    Location,
    Network,
    Offer,
    OfferKind,
    OfferLocation,
    Provider,
    ProviderType,
    Region,
    TargetGroup,
)

HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("6f0f9a2c-3c57-4c1e-9a55-7e0f3b1d2a10")
STATE = "Hessen"
COUNTRY = "DE"


@dataclass(frozen=True)
class Taxonomy:
    name: str  # the taxonomy's code in our data
    model: Any
    title: str
    description: str

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, f"taxonomy:{self.name}")


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy("bereich", Area, "Bereich", "Wegweiser: Bereiche der Integrationsangebote"),
    Taxonomy("angebotsart", OfferKind, "Angebotsart", "Wegweiser: Regelangebot, Projekt, Kurs"),
    Taxonomy("altersgruppe", AgeGroup, "Altersgruppe", "Wegweiser: Altersgruppen der Angebote"),
    Taxonomy("geschlecht", Gender, "Geschlecht", "Wegweiser: für wen ein Angebot gedacht ist"),
    Taxonomy("zielgruppe", TargetGroup, "Weitere Zielgruppe", "Wegweiser: weitere Zielgruppen"),
    Taxonomy("traegerart", ProviderType, "Trägerart", "Wegweiser: Arten von Trägern"),
    Taxonomy("netzwerk", Network, "Netzwerk", "Wegweiser: Netzwerke von Trägern"),
)
TAXONOMY_BY_ID = {str(t.id): t for t in TAXONOMIES}


def derived_id(owner: uuid.UUID, what: str) -> str:
    return str(uuid.uuid5(owner, what))


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in ("", None, [])}


# --- taxonomies ----------------------------------------------------------------------------------


def taxonomy_document(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "id": str(taxonomy.id),
        "name": taxonomy.title,
        "description": taxonomy.description,
        "version": "1",
    }


def term_document(item: Any, taxonomy: Taxonomy, *, nested: bool = False) -> dict[str, Any]:
    document = {
        "id": str(item.uuid),
        "code": item.code,
        "name": item.label,
        "description": f"{taxonomy.title}: {item.label}",
        "taxonomy": taxonomy.title,
        "taxonomy_id": str(taxonomy.id),
        "language": "de",
    }
    if nested:
        document["taxonomy_detail"] = taxonomy_document(taxonomy)
    return document


def all_terms(taxonomy: Taxonomy | None = None) -> list[tuple[Any, Taxonomy]]:
    """The active values of every taxonomy (or of one), in the vocabularies' order."""
    chosen = [taxonomy] if taxonomy else TAXONOMIES
    return [
        (item, t) for t in chosen for item in t.model.objects.active().order_by("order", "code")
    ]


def find_term(term_id: str) -> tuple[Any, Taxonomy] | None:
    for taxonomy in TAXONOMIES:
        item = taxonomy.model.objects.filter(uuid=term_id).first()
        if item is not None:
            return item, taxonomy
    return None


# --- organizations ------------------------------------------------------------------------------


def published_providers() -> QuerySet[Provider]:
    return (
        Provider.objects.published()
        .select_related("provider_type")
        .prefetch_related("networks")
        .order_by("name", "pk")
    )


def organization_document(provider: Provider) -> dict[str, Any]:
    """The organization's one-to-one fields (HSDS ``organization_list``)."""
    return _compact(
        {
            "id": str(provider.uuid),
            "name": provider.name,
            "alternate_name": provider.short_name,
            "description": provider.description or provider.name,
            "email": provider.email,
            "website": provider.website,
        }
    )


def _provider_attributes(provider: Provider) -> list[dict[str, Any]]:
    by_name = {t.name: t for t in TAXONOMIES}
    pairs = [(provider.provider_type, by_name["traegerart"])]
    pairs += [(network, by_name["netzwerk"]) for network in provider.networks.all()]
    return [_attribute(provider.uuid, "organization", item, t) for item, t in pairs]


def full_organization(provider: Provider, services: Iterable[Offer] = ()) -> dict[str, Any]:
    document = organization_document(provider)
    if provider.phone:
        document["phones"] = [
            {
                "id": derived_id(provider.uuid, "phone"),
                "organization_id": str(provider.uuid),
                "number": provider.phone,
            }
        ]
    document["attributes"] = _provider_attributes(provider)
    document["services"] = [service_document(offer) for offer in services]
    return document


# --- services -----------------------------------------------------------------------------------


def published_offers(region: Region | None = None) -> QuerySet[Offer]:
    offers = Offer.objects.published()
    if region is not None:
        offers = offers.filter(region=region)
    return offers.select_related(
        "provider__provider_type", "area", "kind", "gender", "region"
    ).order_by("title", "pk")


def with_details(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return offers.prefetch_related(
        "age_groups",
        "target_groups",
        "languages",
        "districts",
        "provider__networks",
        Prefetch(
            "offerlocation_set",
            OfferLocation.objects.select_related("location").order_by("pk"),
        ),
    )


def _fees(offer: Offer) -> str:
    parts = [offer.get_cost_display() if offer.cost else "", offer.cost_note]
    return "; ".join(str(part) for part in parts if part)


def _ages(offer: Offer) -> tuple[int | None, int | None]:
    groups = list(offer.age_groups.all())
    if not groups:
        return None, None
    low = min(g.min_age for g in groups)
    high = None if any(g.max_age is None for g in groups) else max(g.max_age for g in groups)
    return low, high


def service_document(offer: Offer) -> dict[str, Any]:
    """The service's one-to-one fields (HSDS ``service_list``); ``offer`` from ``with_details``."""
    eligibility = [f"Geschlecht: {offer.gender.label}"]
    groups = [g.label for g in offer.age_groups.all()]
    if groups:
        eligibility.append(f"Altersgruppen: {', '.join(groups)}")
    low, high = _ages(offer)
    return _compact(
        {
            "id": str(offer.uuid),
            "organization_id": str(offer.provider.uuid),
            "name": offer.title,
            "description": offer.description,
            "url": offer.website,
            "email": offer.contact_email,
            "status": "active",
            "application_process": "Anmeldung nötig" if offer.registration_required else "",
            "fees_description": _fees(offer),
            "eligibility_description": "; ".join(eligibility),
            "minimum_age": low,
            "maximum_age": high,
            "assured_date": offer.verified_at.date().isoformat() if offer.verified_at else "",
            "last_modified": offer.updated_at.isoformat(),
        }
    )


def _attribute(owner: uuid.UUID, entity: str, item: Any, taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "id": derived_id(owner, f"attribute:{item.uuid}"),
        "link_id": str(owner),
        "link_type": taxonomy.name,
        "link_entity": entity,
        "taxonomy_term_id": str(item.uuid),
        "value": item.code,
        "taxonomy_term": term_document(item, taxonomy),
    }


def _service_attributes(offer: Offer) -> list[dict[str, Any]]:
    by_name = {t.name: t for t in TAXONOMIES}
    pairs: list[tuple[Any, Taxonomy]] = []
    if offer.area is not None:
        pairs.append((offer.area, by_name["bereich"]))
    pairs.append((offer.kind, by_name["angebotsart"]))
    pairs.append((offer.gender, by_name["geschlecht"]))
    pairs += [(g, by_name["altersgruppe"]) for g in offer.age_groups.all()]
    pairs += [(g, by_name["zielgruppe"]) for g in offer.target_groups.all()]
    return [_attribute(offer.uuid, "service", item, t) for item, t in pairs]


def location_document(location: Location) -> dict[str, Any]:
    document = _compact(
        {
            "id": str(location.uuid),
            "location_type": "physical",
            "name": location.name,
            "latitude": float(location.latitude) if location.latitude is not None else None,
            "longitude": float(location.longitude) if location.longitude is not None else None,
        }
    )
    if location.street and location.city:
        document["addresses"] = [address_document(location)]
    return document


def address_document(location: Location) -> dict[str, Any]:
    return {
        "id": derived_id(location.uuid, "address"),
        "location_id": str(location.uuid),
        "address_1": location.street,
        "city": location.city,
        "state_province": STATE,
        "postal_code": location.postcode,
        "country": COUNTRY,
        "address_type": "physical",
    }


def service_at_location_document(link: OfferLocation, offer: Offer) -> dict[str, Any]:
    return {
        "id": str(link.uuid),
        "service_id": str(offer.uuid),
        "location_id": str(link.location.uuid),
        "location": location_document(link.location),
    }


def _service_areas(offer: Offer) -> list[dict[str, Any]]:
    if offer.citywide:
        return [
            {
                "id": derived_id(offer.uuid, f"area:{CITYWIDE_CODE}"),
                "service_id": str(offer.uuid),
                "name": offer.region.name,
                "extent_type": "Region",
            }
        ]
    return [
        {
            "id": derived_id(offer.uuid, f"area:{district.uuid}"),
            "service_id": str(offer.uuid),
            "name": district.name,
            "extent_type": "Stadtteil / Gemeinde",
        }
        for district in offer.districts.all()
    ]


def full_service(offer: Offer) -> dict[str, Any]:
    """The fully nested service (HSDS compiled ``service``); ``offer`` from ``with_details``."""
    document = service_document(offer)
    service_id = str(offer.uuid)
    if offer.contact_phone:
        document["phones"] = [
            {
                "id": derived_id(offer.uuid, "phone"),
                "service_id": service_id,
                "number": offer.contact_phone,
            }
        ]
    if offer.contact_name or offer.contact_email:
        document["contacts"] = [
            _compact(
                {
                    "id": derived_id(offer.uuid, "contact"),
                    "service_id": service_id,
                    "name": offer.contact_name,
                    "email": offer.contact_email,
                }
            )
        ]
    if offer.schedule:
        document["schedules"] = [
            {
                "id": derived_id(offer.uuid, "schedule"),
                "service_id": service_id,
                "description": offer.schedule,
            }
        ]
    if offer.funding_programme:
        document["funding"] = [
            {
                "id": derived_id(offer.uuid, "funding"),
                "service_id": service_id,
                "source": offer.funding_programme,
            }
        ]
    document["service_areas"] = _service_areas(offer)
    document["service_at_locations"] = [
        service_at_location_document(link, offer) for link in offer.offerlocation_set.all()
    ]
    document["languages"] = [
        {
            "id": derived_id(offer.uuid, f"language:{language.code}"),
            "service_id": service_id,
            "name": language.label,
            "code": language.code,
        }
        for language in offer.languages.all()
    ]
    document["organization"] = organization_document(offer.provider)
    document["attributes"] = _service_attributes(offer)
    return document
