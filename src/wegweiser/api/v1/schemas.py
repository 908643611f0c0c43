"""The response bodies of API v1 (they make the OpenAPI schema's components).

Plain pydantic models: the operations return dicts, and django-ninja's ``Schema`` would wrap
every nested dict for attribute access (a fifth of the time of an offer list); the OpenAPI
schema is the same either way (``wegweiser api_schema --check``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel as Schema
from pydantic import Field


class Error(Schema):
    """What every 4xx answer carries: a message, and per parameter what is wrong."""

    detail: str
    errors: list[ParameterError] = Field(default_factory=list)


class ParameterError(Schema):
    parameter: str
    message: str


class RateLimited(Schema):
    detail: str
    retry_after: int


class Term(Schema):
    """A value of a vocabulary: its stable code and its label in the requested language."""

    code: str
    label: str


class ProviderRef(Schema):
    id: UUID
    name: str


class Location(Schema):
    id: UUID
    name: str
    street: str
    postcode: str
    city: str
    district: str | None
    latitude: Decimal | None
    longitude: Decimal | None


class Contact(Schema):
    name: str
    email: str
    phone: str


class Offer(Schema):
    id: UUID
    url: str
    language: str
    title: str
    description: str
    region: str
    provider: ProviderRef
    partners: list[ProviderRef]
    area: Term | None
    kind: Term
    gender: Term
    age_groups: list[Term]
    target_groups: list[Term]
    languages: list[Term]
    citywide: bool
    districts: list[str]
    locations: list[Location]
    start_date: dt.date | None
    end_date: dt.date | None
    schedule: str
    cost: str
    cost_note: str
    hours: Decimal | None
    hours_note: str
    registration_required: bool | None
    barrier_free: bool | None
    childcare: bool | None
    contact: Contact
    website: str
    verified_at: dt.datetime | None
    updated_at: dt.datetime


class FacetCount(Schema):
    code: str
    count: int
    selected: bool


class OfferPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[Offer]
    facets: dict[str, list[FacetCount]]


class Provider(Schema):
    id: UUID
    url: str
    language: str
    name: str
    short_name: str
    provider_type: Term
    description: str
    website: str
    email: str
    phone: str
    street: str
    postcode: str
    city: str
    networks: list[Term]
    offers: list[UUID]
    updated_at: dt.datetime


class ProviderPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[Provider]


class Vocabulary(Schema):
    name: str
    label: str
    values: list[Term]


class Region(Schema):
    id: UUID
    slug: str
    name: str
    ags: str


class District(Schema):
    id: UUID
    region: str
    code: str
    name: str
    population: int | None
    published_offers: int


class DistrictCollection(Schema):
    """A GeoJSON FeatureCollection (RFC 7946) of the districts, WGS84."""

    type: str
    attribution: str
    features: list[dict[str, Any]]


class CrossTable(Schema):
    """The report contract's table (docs/reports.md) with the labels in the language asked."""

    region: str
    rows: str
    cols: str | None
    row_values: list[str]
    col_values: list[str]
    cells: list[list[int]]
    row_totals: list[int]
    col_totals: list[int]
    row_sums: list[int]
    col_sums: list[int]
    total: int
    sum_cells: int
    basis: str
    at: dt.date
    filters: dict[str, list[str]]
    row_labels: dict[str, str]
    col_labels: dict[str, str]


class Indicator(Schema):
    region: str
    stichtag: dt.date
    gebiet: str
    indikator: str
    numerator: int | None
    denominator: int | None
    value: str | None
    status: str


class IndicatorPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[Indicator]


Error.model_rebuild()
