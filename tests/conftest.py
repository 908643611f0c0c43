"""Shared fixtures: the reference data and small builders for providers and offers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.admin_forms import PASSWORD, superuser
from wegweiser.directory import demo
from wegweiser.directory.history import save_with_relations
from wegweiser.directory.models import (
    EditorialStatus,
    Gender,
    Offer,
    OfferKind,
    Provider,
    ProviderType,
    Region,
)

pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def _german_by_default() -> Any:
    """Each test starts in German, whatever language a request of an earlier test activated."""
    from django.utils import translation

    translation.activate("de")
    yield
    translation.deactivate()


@pytest.fixture
def superuser_client(client: Any, db: Any) -> Any:
    superuser()
    assert client.login(email="admin@example.org", password=PASSWORD)
    return client


@pytest.fixture
def reference(db: Any) -> None:
    """Regions, districts and vocabularies as a real installation starts with them."""
    demo.load(reference_only=True)


@pytest.fixture
def kassel(reference: None) -> Region:
    return Region.objects.get(slug="stadt-kassel")


@pytest.fixture
def landkreis(reference: None) -> Region:
    return Region.objects.get(slug="landkreis-kassel")


def make_provider(
    name: str = "Beispiel e. V.", provider_type: str = "verein", **fields: Any
) -> Provider:
    provider = Provider(
        name=name,
        provider_type=ProviderType.objects.get(code=provider_type),
        status=fields.pop("status", EditorialStatus.PUBLISHED),
        **fields,
    )
    save_with_relations(provider)
    return provider


def make_offer(
    region: Region,
    title: str = "Deutschkurs am Vormittag",
    *,
    provider: Provider | None = None,
    area: str | None = "sprachfoerderung",
    kind: str = OfferKind.REGULAR,
    status: str = EditorialStatus.PUBLISHED,
    relations: dict[str, Any] | None = None,
    **fields: Any,
) -> Offer:
    from wegweiser.directory.models import Area

    offer = Offer(
        region=region,
        provider=provider or make_provider(),
        title=title,
        area=Area.objects.get(code=area) if area else None,
        kind=OfferKind.objects.get(code=kind),
        gender=Gender.objects.get(code=fields.pop("gender", Gender.ALL)),
        status=status,
        **fields,
    )
    save_with_relations(offer, relations or {})
    return offer
