"""Open data downloads: CSV of the published offers, providers and monitoring indicators, and
their DCAT-AP.de metadata (JSON-LD) naming the licence.

The CSV files are UTF-8, comma-separated, ISO dates, codes as in API v1; every text cell that a
spreadsheet would run as a formula is neutralised (``reports.exports.neutralise``). They stream,
so 100,000 offers never sit in memory; Last-Modified makes conditional requests answerable.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from wegweiser.api.http import json_error, set_last_modified
from wegweiser.api.v1.figures import indicator_data, published_indicators
from wegweiser.directory.models import CITYWIDE_CODE, Offer, Provider, Region
from wegweiser.reports.exports import neutralise

CHUNK = 2000
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")
LANGUAGE_DE = "http://publications.europa.eu/resource/authority/language/DEU"
THEME_SOCIETY = "http://publications.europa.eu/resource/authority/data-theme/SOCI"
FORMAT_CSV = "http://publications.europa.eu/resource/authority/file-type/CSV"
FORMAT_GEOJSON = "http://publications.europa.eu/resource/authority/file-type/GEOJSON"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}


def _codes(items: Iterable[Any]) -> str:
    return " ".join(item.code for item in items)


def _offers(region: Region | None) -> QuerySet[Offer]:
    offers = Offer.objects.published()
    if region is not None:
        offers = offers.filter(region=region)
    return (
        offers.select_related("provider__provider_type", "area", "kind", "gender", "region")
        .prefetch_related("age_groups", "target_groups", "languages", "districts")
        .order_by("region__order", "title", "pk")
    )


def _offer_row(offer: Offer) -> list[Any]:
    with translation.override("de"):
        url = reverse("public:offer", kwargs={"uuid": offer.uuid})
    return [
        offer.uuid,
        offer.region.slug,
        offer.title,
        offer.description,
        offer.provider.uuid,
        offer.provider.name,
        offer.provider.provider_type.code,
        offer.area.code if offer.area else "",
        offer.kind.code,
        _codes(offer.age_groups.all()),
        offer.gender.code,
        _codes(offer.target_groups.all()),
        _codes(offer.languages.all()),
        CITYWIDE_CODE
        if offer.citywide
        else " ".join(sorted(d.code for d in offer.districts.all())),
        offer.start_date.isoformat() if offer.start_date else "",
        offer.end_date.isoformat() if offer.end_date else "",
        offer.cost,
        "" if offer.barrier_free is None else ("ja" if offer.barrier_free else "nein"),
        offer.website,
        offer.verified_at.date().isoformat() if offer.verified_at else "",
        offer.updated_at.isoformat(),
        url,
    ]


OFFER_COLUMNS = (
    "id",
    "region",
    "titel",
    "beschreibung",
    "traeger_id",
    "traeger",
    "traegerart",
    "bereich",
    "angebotsart",
    "altersgruppen",
    "geschlecht",
    "zielgruppen",
    "sprachen",
    "stadtteile",
    "beginn",
    "ende",
    "kosten",
    "barrierefrei",
    "website",
    "geprueft_am",
    "geaendert_am",
    "seite",
)


def _providers(region: Region | None) -> QuerySet[Provider]:
    providers = Provider.objects.published()
    if region is not None:
        providers = providers.filter(offers__region=region, offers__status="published").distinct()
    return (
        providers.select_related("provider_type")
        .prefetch_related(
            "networks", Prefetch("offers", Offer.objects.published().only("pk", "provider_id"))
        )
        .order_by("name", "pk")
    )


PROVIDER_COLUMNS = (
    "id",
    "name",
    "kurzname",
    "traegerart",
    "netzwerke",
    "website",
    "email",
    "telefon",
    "strasse",
    "plz",
    "ort",
    "angebote",
    "geaendert_am",
)


def _provider_row(provider: Provider) -> list[Any]:
    return [
        provider.uuid,
        provider.name,
        provider.short_name,
        provider.provider_type.code,
        _codes(provider.networks.all()),
        provider.website,
        provider.email,
        provider.phone,
        provider.street,
        provider.postcode,
        provider.city,
        len(provider.offers.all()),
        provider.updated_at.isoformat(),
    ]


INDICATOR_COLUMNS = (
    "region",
    "stichtag",
    "gebiet",
    "indikator",
    "zaehler",
    "nenner",
    "wert",
    "status",
)


def _indicator_row(row: Any) -> list[Any]:
    data = indicator_data(row, row.region.slug)
    return [
        data["region"],
        data["stichtag"].isoformat(),
        data["gebiet"],
        data["indikator"],
        data["numerator"],
        data["denominator"],
        data["value"],
        data["status"],
    ]


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    rows: Callable[[Region | None], QuerySet[Any]]
    row: Callable[[Any], list[Any]]
    changed: str  # the field whose latest value is the dataset's modification time


DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "angebote",
            "Integrationsangebote",
            "Die veröffentlichten Integrationsangebote des Wegweisers mit Träger, Bereich, "
            "Zielgruppen, Sprachen und Stadtteilen.",
            OFFER_COLUMNS,
            _offers,
            _offer_row,
            "updated_at",
        ),
        Dataset(
            "traeger",
            "Träger von Integrationsangeboten",
            "Die veröffentlichten Träger des Wegweisers mit Art, Netzwerken und Kontakt.",
            PROVIDER_COLUMNS,
            _providers,
            _provider_row,
            "updated_at",
        ),
        Dataset(
            "indikatoren",
            "Integrationsmonitoring: Indikatoren der Stadtteile",
            "Veröffentlichte Indikatoren des Integrationsmonitorings je Stadtteil und Stichtag. "
            "Gesperrte Werte (statistische Geheimhaltung) stehen mit dem Status „gesperrt“ und "
            "ohne Zähler und Wert.",
            INDICATOR_COLUMNS,
            lambda region: published_indicators(region),
            _indicator_row,
            "published_at",
        ),
    )
}


def _region(request: HttpRequest) -> tuple[Region | None, HttpResponse | None]:
    slug = request.GET.get("region", "")
    if not slug:
        return None, None
    region = Region.objects.filter(slug=slug).first() if SLUG.fullmatch(slug) else None
    if region is None:
        return None, json_error(400, "Unknown region. See /api/v1/regions.")
    return region, None


def _csv_lines(dataset: Dataset, rows: QuerySet[Any]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(dataset.columns)
    yield take()
    for item in rows.iterator(chunk_size=CHUNK):
        writer.writerow(["" if v is None else neutralise(str(v)) for v in dataset.row(item)])
        yield take()


@require_safe
def download(request: HttpRequest, name: str) -> HttpResponse | StreamingHttpResponse:
    dataset = DATASETS.get(name)
    if dataset is None:
        return json_error(404, "Not Found")
    region, error = _region(request)
    if error is not None:
        return error
    rows = dataset.rows(region)
    latest = rows.order_by().aggregate(latest=Max(dataset.changed))["latest"]
    response = StreamingHttpResponse(
        _csv_lines(dataset, rows), content_type="text/csv; charset=utf-8"
    )
    suffix = f"-{region.slug}" if region else ""
    response["Content-Disposition"] = f'attachment; filename="wegweiser-{name}{suffix}.csv"'
    response["Link"] = f'<{_url(request, "api-opendata:metadata", name=name)}>; rel="describedby"'
    set_last_modified(response, latest)
    return response


def _url(request: HttpRequest, view: str, **kwargs: Any) -> str:
    return request.build_absolute_uri(reverse(view, kwargs=kwargs))


def _publisher() -> dict[str, Any]:
    return {"@type": "foaf:Organization", "foaf:name": settings.WEGWEISER_OPENDATA_PUBLISHER}


def _license(attribution: str) -> dict[str, Any]:
    return {
        "dct:license": {"@id": settings.WEGWEISER_OPENDATA_LICENSE},
        "dcatde:licenseAttributionByText": attribution,
    }


def _dataset_metadata(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    download_url = _url(request, "api-opendata:download", name=dataset.name)
    latest = dataset.rows(None).order_by().aggregate(latest=Max(dataset.changed))["latest"]
    attribution = f"{settings.WEGWEISER_OPENDATA_PUBLISHER}, Wegweiser"
    return {
        "@id": _url(request, "api-opendata:metadata", name=dataset.name),
        "@type": "dcat:Dataset",
        "dct:identifier": f"wegweiser-{dataset.name}",
        "dct:title": dataset.title,
        "dct:description": dataset.description,
        "dct:publisher": _publisher(),
        "dct:language": {"@id": LANGUAGE_DE},
        "dcat:theme": {"@id": THEME_SOCIETY},
        "dct:modified": (latest or timezone.now()).isoformat(),
        **_license(attribution),
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": f"{dataset.title} (CSV)",
                "dcat:accessURL": {"@id": download_url},
                "dcat:downloadURL": {"@id": download_url},
                "dcat:mediaType": "text/csv",
                "dct:format": {"@id": FORMAT_CSV},
                **_license(attribution),
            }
        ],
    }


def _districts_metadata(request: HttpRequest) -> dict[str, Any]:
    url = request.build_absolute_uri("/api/v1/districts/geojson")
    attribution = settings.WEGWEISER_GEODATA_ATTRIBUTION
    return {
        "@id": url,
        "@type": "dcat:Dataset",
        "dct:identifier": "wegweiser-stadtteile",
        "dct:title": "Stadtteile und Gemeinden mit Zahl der Angebote",
        "dct:description": "Grenzen der Stadtteile (GeoJSON, WGS84) mit der Zahl der "
        "veröffentlichten Angebote je Stadtteil.",
        "dct:publisher": _publisher(),
        "dct:language": {"@id": LANGUAGE_DE},
        **_license(attribution),
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": "Stadtteile (GeoJSON)",
                "dcat:accessURL": {"@id": url},
                "dcat:downloadURL": {"@id": url},
                "dcat:mediaType": "application/geo+json",
                "dct:format": {"@id": FORMAT_GEOJSON},
                **_license(attribution),
            }
        ],
    }


def _jsonld(document: dict[str, Any]) -> HttpResponse:
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


@require_safe
def metadata(request: HttpRequest, name: str) -> HttpResponse:
    dataset = DATASETS.get(name)
    if dataset is None:
        return json_error(404, "Not Found")
    return _jsonld({"@context": CONTEXT, **_dataset_metadata(request, dataset)})


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP.de catalogue of every dataset Wegweiser publishes."""
    return _jsonld(
        {
            "@context": CONTEXT,
            "@id": _url(request, "api-opendata:catalog"),
            "@type": "dcat:Catalog",
            "dct:title": "Wegweiser – offene Daten",
            "dct:description": "Integrationsangebote, Träger und Indikatoren des "
            "Integrationsmonitorings als offene Daten.",
            "dct:publisher": _publisher(),
            "dct:language": {"@id": LANGUAGE_DE},
            "dct:license": {"@id": settings.WEGWEISER_OPENDATA_LICENSE},
            "dcat:dataset": [
                *(_dataset_metadata(request, dataset) for dataset in DATASETS.values()),
                _districts_metadata(request),
            ],
        }
    )
