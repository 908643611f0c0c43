"""Writing the HSDS documents and the tabular data package into a folder.

The JSON documents are lists of the API's documents (``services.json`` fully nested, …); the
CSV files are the same data flattened into HSDS's tables, described by ``datapackage.json``.
Text cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from wegweiser.api.hsds import documents
from wegweiser.directory.models import Region
from wegweiser.reports.exports import neutralise

Document = dict[str, Any]

# HSDS table → (file, columns) in HSDS's field names; only what Wegweiser fills.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "organization": (
        "organizations.csv",
        ("id", "name", "alternate_name", "description", "email", "website"),
    ),
    "service": (
        "services.csv",
        (
            "id",
            "organization_id",
            "name",
            "description",
            "url",
            "email",
            "status",
            "application_process",
            "fees_description",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "last_modified",
        ),
    ),
    "location": ("locations.csv", ("id", "location_type", "name", "latitude", "longitude")),
    "address": (
        "addresses.csv",
        (
            "id",
            "location_id",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ),
    ),
    "service_at_location": ("service_at_location.csv", ("id", "service_id", "location_id")),
    "phone": ("phones.csv", ("id", "service_id", "organization_id", "number")),
    "contact": ("contacts.csv", ("id", "service_id", "name", "email")),
    "schedule": ("schedules.csv", ("id", "service_id", "description")),
    "funding": ("funding.csv", ("id", "service_id", "source")),
    "service_area": ("service_areas.csv", ("id", "service_id", "name", "extent_type")),
    "language": ("languages.csv", ("id", "service_id", "name", "code")),
    "attribute": (
        "attributes.csv",
        ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
    ),
    "taxonomy": ("taxonomies.csv", ("id", "name", "description", "version")),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        ("id", "code", "name", "description", "taxonomy", "language", "taxonomy_id"),
    ),
}
NUMBERS = frozenset({"minimum_age", "maximum_age", "latitude", "longitude"})


def build(region: Region | None = None) -> dict[str, list[Document]]:
    """The JSON documents of the published data (of one region, or all)."""
    offers = list(documents.with_details(documents.published_offers(region)))
    by_provider: dict[int, list[Any]] = {}
    for offer in offers:
        by_provider.setdefault(offer.provider_id, []).append(offer)
    providers = documents.published_providers()
    if region is not None:
        providers = providers.filter(pk__in=list(by_provider))
    services = [documents.full_service(offer) for offer in offers]
    service_at_locations = []
    for offer in offers:
        for link in offer.offerlocation_set.all():
            document = documents.service_at_location_document(link, offer)
            document["service"] = documents.service_document(offer)
            service_at_locations.append(document)
    return {
        "services": services,
        "organizations": [
            documents.full_organization(provider, by_provider.get(provider.pk, []))
            for provider in providers
        ],
        "service_at_locations": service_at_locations,
        "taxonomies": [documents.taxonomy_document(t) for t in documents.TAXONOMIES],
        "taxonomy_terms": [documents.term_document(i, t) for i, t in documents.all_terms()],
    }


def tables(built: dict[str, list[Document]]) -> dict[str, list[Document]]:
    """The documents flattened into HSDS's tables (each row once)."""
    rows: dict[str, dict[str, Document]] = {name: {} for name in TABLES}

    def add(table: str, document: Document) -> None:
        rows[table].setdefault(document["id"], document)

    for organization in built["organizations"]:
        add("organization", organization)
        for phone in organization.get("phones", []):
            add("phone", phone)
        for attribute in organization.get("attributes", []):
            add("attribute", attribute)
    for service in built["services"]:
        add("service", service)
        for key, table in (
            ("phones", "phone"),
            ("contacts", "contact"),
            ("schedules", "schedule"),
            ("funding", "funding"),
            ("service_areas", "service_area"),
            ("languages", "language"),
            ("attributes", "attribute"),
        ):
            for item in service.get(key, []):
                add(table, item)
        for link in service.get("service_at_locations", []):
            add("service_at_location", link)
            add("location", link["location"])
            for address in link["location"].get("addresses", []):
                add("address", address)
    for taxonomy in built["taxonomies"]:
        add("taxonomy", taxonomy)
    for term in built["taxonomy_terms"]:
        add("taxonomy_term", term)
    return {name: list(found.values()) for name, found in rows.items()}


def datapackage(region: Region | None) -> Document:
    scope = region.name if region else "alle Regionen"
    return {
        "name": "wegweiser-hsds",
        "title": f"Wegweiser: Integrationsangebote ({scope}) nach Open Referral HSDS 3.0",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "created": timezone.now().isoformat(),
        "licenses": [
            {
                "name": settings.WEGWEISER_OPENDATA_LICENSE_NAME,
                "path": settings.WEGWEISER_OPENDATA_LICENSE,
            }
        ],
        "resources": [
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "primaryKey": "id",
                    "fields": [
                        {"name": column, "type": "number" if column in NUMBERS else "string"}
                        for column in columns
                    ],
                },
            }
            for name, (path, columns) in TABLES.items()
        ],
    }


def write(
    directory: Path, region: Region | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Write the documents and the data package; the number of entries per file."""
    directory.mkdir(parents=True, exist_ok=True)
    built = build(region)
    counts: dict[str, int] = {}
    for name, items in built.items():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(items, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        counts[path.name] = len(items)
        if progress:
            progress(path.name)
    for name, items in tables(built).items():
        file_name, columns = TABLES[name]
        with (directory / file_name).open("w", encoding="utf-8", newline="") as handle:
            _write_csv(handle, columns, items)
        counts[file_name] = len(items)
        if progress:
            progress(file_name)
    (directory / "datapackage.json").write_text(
        json.dumps(datapackage(region), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return counts


def _write_csv(handle: Any, columns: Iterable[str], items: list[Document]) -> None:
    columns = tuple(columns)
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    for item in items:
        writer.writerow([neutralise(item.get(column, "")) for column in columns])
