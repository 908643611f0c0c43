"""The directory's data model; names follow Open Referral HSDS 3.0 (docs/data-model.md)."""

from wegweiser.directory.models.offers import Location, Offer, OfferLocation, OfferTranslation
from wegweiser.directory.models.providers import Provider, ProviderTranslation
from wegweiser.directory.models.regions import CITYWIDE_CODE, District, Region
from wegweiser.directory.models.search import (
    OfferSearchDocument,
    SearchChange,
    SearchGeneration,
    SearchWord,
)
from wegweiser.directory.models.status import EditorialStatus
from wegweiser.directory.models.translations import TranslationState
from wegweiser.directory.models.vocabularies import (
    AgeGroup,
    Area,
    Gender,
    Language,
    Network,
    OfferKind,
    ProviderType,
    TargetGroup,
)

__all__ = [
    "CITYWIDE_CODE",
    "AgeGroup",
    "Area",
    "District",
    "EditorialStatus",
    "Gender",
    "Language",
    "Location",
    "Network",
    "Offer",
    "OfferKind",
    "OfferLocation",
    "OfferSearchDocument",
    "OfferTranslation",
    "Provider",
    "ProviderTranslation",
    "ProviderType",
    "Region",
    "SearchChange",
    "SearchGeneration",
    "SearchWord",
    "TargetGroup",
    "TranslationState",
]
