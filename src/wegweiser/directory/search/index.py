"""Keeping the search documents in step with the offers.

``reindex(offer_ids)`` rebuilds the documents of those offers (deleting those of offers no
longer published); signals call it whenever an offer, its relations, its translations or its
provider change, so the index is right inside the same transaction as the change. Bulk writes
(``bulk_create``, ``bulk_update``, ``QuerySet.update``) send no signals: code that writes offers
or their relations in bulk calls ``offers_changed`` itself, inside a ``batch()``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wegweiser.directory.models import (
    AgeGroup,
    Area,
    District,
    EditorialStatus,
    Gender,
    Language,
    Network,
    Offer,
    OfferKind,
    OfferLocation,
    OfferSearchDocument,
    OfferTranslation,
    Provider,
    ProviderType,
    Region,
    SearchWord,
    TargetGroup,
)
from wegweiser.directory.search import catalog
from wegweiser.directory.search.text import stem, words

GERMAN = "de"

REINDEX_CHUNK = 2000

_pending = threading.local()


@contextmanager
def batch() -> Iterator[None]:
    """Within the block, changes only note which offers to reindex; the block's end does it
    once for all of them (a save with six relations would otherwise reindex seven times)."""
    outer = getattr(_pending, "ids", None)
    if outer is not None:
        yield
        return
    _pending.ids = set()
    try:
        yield
        ids = _pending.ids
    finally:
        _pending.ids = None
    reindex(ids)


def offers_changed(offer_ids: Iterable[int]) -> None:
    """Rebuild the documents of these offers: at the end of the current ``batch()``, or now."""
    pending = getattr(_pending, "ids", None)
    if pending is None:
        reindex(offer_ids)
    else:
        pending.update(offer_ids)


def _labels(values: Iterable[Any]) -> list[str]:
    """German labels and every translation of them: a reader may type either."""
    texts: list[str] = []
    for value in values:
        if value is None:
            continue
        texts.append(value.label)
        texts.extend(str(label) for label in value.labels.values())
    return texts


@lru_cache(maxsize=20_000)
def _label_words(text: str) -> tuple[str, ...]:
    """The words of a vocabulary label: the same few labels (in six languages, most of them
    not ASCII, so slow to fold) come back for every offer."""
    return tuple(words(text))


Related = Callable[[Offer, str], Iterable[Any]]

RELATIONS = ("partners", "target_groups", "age_groups", "languages", "districts", "locations")


def _stored_relation(offer: Offer, name: str) -> Iterable[Any]:
    return getattr(offer, name).all()


def _german_document(offer: Offer, related: Related = _stored_relation) -> tuple[str, str]:
    provider = offer.provider
    # Folded piece by piece (as one text they would give the same words: a space separates
    # them), so that the labels can come from the cache.
    texts = [
        offer.description,
        offer.hours_note,
        offer.funding_programme,
        offer.schedule,
        offer.cost_note,
        provider.name,
        provider.short_name,
        provider.alternative_names,
        *(partner.name for partner in related(offer, "partners")),
    ]
    labels = [
        *_labels([offer.area, offer.kind]),
        *_labels(related(offer, "target_groups")),
        *_labels(related(offer, "age_groups")),
        *_labels([offer.gender] if offer.gender.code != "alle" else []),
        *_labels(related(offer, "languages")),
    ]
    places = [
        *(
            f"{district.name} {district.alternative_names}"
            for district in related(offer, "districts")
        ),
        *(
            f"{location.name} {location.street} {location.city}"
            for location in related(offer, "locations")
        ),
    ]
    body = [
        *(word for text in texts for word in words(text)),
        *(word for text in labels for word in _label_words(text)),
        *(word for text in places for word in words(text)),
    ]
    return " ".join(words(offer.title)), " ".join(body)


def _translated_document(translation: OfferTranslation) -> tuple[str, str]:
    texts = [
        translation.description,
        translation.schedule,
        translation.cost_note,
        translation.hours_note,
    ]
    return " ".join(words(translation.title)), " ".join(words(" ".join(texts)))


def documents(
    offer: Offer,
    related: Related = _stored_relation,
    translations: Iterable[OfferTranslation] | None = None,
) -> dict[str, tuple[str, str]]:
    """Language → (title, body) of an offer's search documents; ``related`` and
    ``translations`` give what is stored (``reindex`` reads them for many offers at once)."""
    result = {GERMAN: _german_document(offer, related)}
    for translation in offer.translations.all() if translations is None else translations:
        if translation.language in settings.WEGWEISER_TRANSLATION_LANGUAGES:
            result[translation.language] = _translated_document(translation)
    return result


class _Related:
    """The many-valued relations of many offers: per relation one query for the links and one
    for the objects they point at, each object built once. (A prefetch builds one object per
    link, the same age group thousands of times over, which made reindexing an import of
    thousands of offers slow.) Each offer's objects come in their model's order, as
    ``offer.<relation>.all()`` gives them."""

    def __init__(self, offer_ids: list[int]) -> None:
        self.by_name: dict[str, dict[int, list[Any]]] = {}
        for name in RELATIONS:
            relation: Any = Offer._meta.get_field(name)
            through: Any = relation.remote_field.through
            own = through._meta.get_field(relation.m2m_field_name()).attname
            target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
            links = list(
                through.objects.filter(**{f"{own}__in": offer_ids}).values_list(own, target)
            )
            objects = relation.related_model._default_manager.filter(
                pk__in={target_id for _, target_id in links}
            )
            place = {obj.pk: (index, obj) for index, obj in enumerate(objects)}
            by_offer: dict[int, list[tuple[int, Any]]] = {}
            for offer_id, target_id in links:
                by_offer.setdefault(offer_id, []).append(place[target_id])
            self.by_name[name] = {
                offer_id: [obj for _, obj in sorted(items, key=lambda item: item[0])]
                for offer_id, items in by_offer.items()
            }

    def __call__(self, offer: Offer, name: str) -> list[Any]:
        return self.by_name[name].get(offer.pk, [])


def reindex(offer_ids: Iterable[int]) -> None:
    ids = sorted(set(offer_ids))
    if not ids:
        return
    with transaction.atomic():
        # In parts: an import may touch more offers than SQLite allows query parameters.
        for start in range(0, len(ids), REINDEX_CHUNK):
            _reindex(ids[start : start + REINDEX_CHUNK])
        catalog.record_change(ids)


def _reindex(ids: list[int]) -> None:
    OfferSearchDocument.objects.filter(offer_id__in=ids).delete()
    # Only the fields the documents use; area, kind and gender from one read of each
    # vocabulary rather than one object (and one JSON decode of its labels) per offer.
    offers = list(
        Offer.objects.filter(id__in=ids, status=EditorialStatus.PUBLISHED)
        .select_related("provider")
        .only(
            *Offer.translatable_fields,
            "funding_programme",
            "area",
            "kind",
            "gender",
            "provider__name",
            "provider__short_name",
            "provider__alternative_names",
        )
    )
    for name in ("area", "kind", "gender"):
        vocabulary: Any = Offer._meta.get_field(name).related_model
        by_id = {value.pk: value for value in vocabulary.objects.all()}
        for offer in offers:
            setattr(offer, name, by_id.get(getattr(offer, f"{name}_id")))
    published = [offer.pk for offer in offers]
    related = _Related(published)
    translations: dict[int, list[OfferTranslation]] = {}
    for translation in OfferTranslation.objects.filter(offer_id__in=published):
        translations.setdefault(translation.offer_id, []).append(translation)
    created = OfferSearchDocument.objects.bulk_create(
        OfferSearchDocument(offer=offer, language=language, title=title, body=body)
        for offer in offers
        for language, (title, body) in documents(
            offer, related, translations.get(offer.pk, [])
        ).items()
    )
    _remember_words(created)
    if connection.vendor == "sqlite":
        _fill_fts(created)


def _remember_words(created: list[OfferSearchDocument]) -> None:
    seen: dict[str, str] = {}
    for document in created:
        for word in f"{document.title} {document.body}".split():
            if len(word) <= 100 and word not in seen:
                seen[word] = stem(word, document.language)
    SearchWord.objects.bulk_create(
        (SearchWord(word=word, stem=word_stem) for word, word_stem in seen.items()),
        ignore_conflicts=True,
        batch_size=500,
    )


def stemmed(text: str, language: str) -> str:
    """What the SQLite index holds of a folded text: each word by its Snowball stem."""
    return " ".join(stem(word, language) for word in text.split())


def _fill_fts(created: list[OfferSearchDocument]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO directory_offer_fts(rowid, title, body) VALUES (%s, %s, %s)",
            [
                (
                    document.pk,
                    stemmed(document.title, document.language),
                    stemmed(document.body, document.language),
                )
                for document in created
            ],
        )


def rebuild() -> int:
    """Rebuild every document from scratch; returns the number of published offers indexed."""
    ids = list(Offer.objects.values_list("id", flat=True))
    OfferSearchDocument.objects.all().delete()
    for start in range(0, len(ids), 1000):
        reindex(ids[start : start + 1000])
    return Offer.objects.published().count()


# --- keeping it current ------------------------------------------------------------------------


@receiver(post_save, sender=Offer)
def _offer_saved(sender: type[Offer], instance: Offer, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        offers_changed([instance.pk])


@receiver(m2m_changed)
def _offer_relation_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if isinstance(instance, Offer) and action in {"post_add", "post_remove", "post_clear"}:
        offers_changed([instance.pk])


@receiver(post_save, sender=OfferLocation)
@receiver(post_delete, sender=OfferLocation)
def _location_link_changed(sender: Any, instance: OfferLocation, **kwargs: Any) -> None:
    if not kwargs.get("raw", False):
        offers_changed([instance.offer_id])


@receiver(post_save, sender=OfferTranslation)
def _translation_saved(
    sender: Any, instance: OfferTranslation, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        offers_changed([instance.offer_id])


@receiver(post_save, sender=Provider)
def _provider_saved(sender: Any, instance: Provider, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        offers_changed(
            list(instance.offers.values_list("id", flat=True))
            + list(instance.partner_offers.values_list("id", flat=True))
        )


@receiver(post_delete, sender=Offer)
def _offer_deleted(sender: Any, instance: Offer, **kwargs: Any) -> None:
    # Deleting an offer deletes its location links first, and their signal reindexed the
    # offer while it still existed: remove what that wrote.
    OfferSearchDocument.objects.filter(offer_id=instance.pk).delete()
    catalog.record_change([instance.pk])


def _labels_changed(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    """A vocabulary value, district or region changed: the catalog reloads its labels."""
    if not raw:
        catalog.record_change([None])


for _model in (
    AgeGroup,
    Area,
    District,
    Gender,
    Language,
    Network,
    OfferKind,
    ProviderType,
    Region,
    TargetGroup,
):
    post_save.connect(_labels_changed, sender=_model, dispatch_uid=f"search-labels-{_model}")
    post_delete.connect(_labels_changed, sender=_model, dispatch_uid=f"search-labels-d-{_model}")
