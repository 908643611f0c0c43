from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wegweiser.directory.concurrency import LockedModel
from wegweiser.directory.history import TrackedHistory
from wegweiser.directory.models.regions import District, Region
from wegweiser.directory.models.status import EditorialEntry, EditorialStatus
from wegweiser.directory.models.translations import Translatable, Translation
from wegweiser.directory.models.vocabularies import Network, ProviderType


class ProviderQuerySet(models.QuerySet["Provider"]):
    def published(self) -> ProviderQuerySet:
        return self.filter(status=EditorialStatus.PUBLISHED)

    def in_network(self, network: Network) -> ProviderQuerySet:
        return self.filter(networks=network)


class Provider(Translatable, LockedModel, EditorialEntry):
    """A provider (Träger) of offers; HSDS: organization. Global, not bound to one region."""

    translatable_fields: ClassVar[tuple[str, ...]] = ("description",)

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(
        _("Externer Schlüssel"),
        max_length=100,
        blank=True,
        help_text=_("Stabiler Schlüssel aus Importen oder den Demodaten."),
    )
    name = models.CharField(_("Name"), max_length=300)
    short_name = models.CharField(_("Kurzname"), max_length=100, blank=True)
    alternative_names = models.TextField(
        _("Andere Schreibweisen"),
        blank=True,
        help_text=_("Eine Schreibweise je Zeile; hilft beim Import und bei der Suche."),
    )
    provider_type = models.ForeignKey(
        ProviderType,
        verbose_name=_("Trägerart"),
        on_delete=models.PROTECT,
        related_name="providers",
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    home_region = models.ForeignKey(
        Region,
        verbose_name=_("Sitz (Region)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Nur zur Information: Träger sind nicht an eine Region gebunden."),
    )
    networks = models.ManyToManyField(
        Network, verbose_name=_("Netzwerke"), blank=True, related_name="providers"
    )
    districts_served = models.ManyToManyField(
        District, verbose_name=_("Versorgte Stadtteile"), blank=True, related_name="providers"
    )

    history = TrackedHistory(
        verbose_name=_("Version des Trägers"),
        m2m_fields=[networks, districts_served],
        excluded_fields=["updated_at", "lock_version"],
    )
    objects = ProviderQuerySet.as_manager()

    class Meta:
        verbose_name = _("Träger")
        verbose_name_plural = pgettext_lazy("Mehrzahl", "Träger")
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="provider_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProviderTranslation(Translation):
    parent_field = "provider"

    provider = models.ForeignKey(
        Provider, verbose_name=_("Träger"), on_delete=models.CASCADE, related_name="translations"
    )
    description = models.TextField(_("Beschreibung"), blank=True)

    history = TrackedHistory(verbose_name=_("Version der Übersetzung"))

    class Meta(Translation.Meta):
        verbose_name = _("Übersetzung des Trägers")
        verbose_name_plural = _("Übersetzungen des Trägers")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["provider", "language"], name="provider_translation_unique"
            ),
        ]
