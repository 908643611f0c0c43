"""Translations of German source texts, with a state that notices when the source changed.

German is the source language. A translation records a digest of the German texts it was made
from; when the German text changes afterwards, the digests differ and the translation is
*outdated* until someone translates again. Readers fall back to German for what is missing.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Iterable


class TranslationState(models.TextChoices):
    MISSING = "missing", _("fehlt")
    OUTDATED = "outdated", _("veraltet")
    CURRENT = "current", _("aktuell")


def translation_language_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in settings.LANGUAGES if code != "de"]


def _language(language: str | None) -> str:
    return (language or get_language() or "de").split("-")[0]


class Translatable(models.Model):
    """A model with German texts in ``translatable_fields`` and a ``translations`` relation."""

    translatable_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def source_digest(self) -> str:
        """A fingerprint of the current German texts that translations are made from."""
        texts = [str(getattr(self, field) or "") for field in self.translatable_fields]
        return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()

    def _translations(self) -> Iterable[Translation]:
        # ``.all()`` uses a prefetch_related("translations") cache when there is one.
        return self.translations.all()  # type: ignore[attr-defined]

    def translation(self, language: str | None = None) -> Translation | None:
        language = _language(language)
        for translation in self._translations():
            if translation.language == language:
                return translation
        return None

    def translation_state(self, language: str) -> TranslationState:
        translation = self.translation(language)
        if translation is None:
            return TranslationState.MISSING
        if translation.source_digest != self.source_digest():
            return TranslationState.OUTDATED
        return TranslationState.CURRENT

    def translated(self, field: str, language: str | None = None) -> str:
        """``field`` in ``language`` (default: the active one); German where no text exists.

        An outdated translation is still shown (it is usually closer to the truth for a reader
        than a language they cannot read); its state lets pages say so.
        """
        if field not in self.translatable_fields:
            raise ValueError(f"{type(self).__name__}.{field} is not translatable")
        language = _language(language)
        if language != "de":
            translation = self.translation(language)
            if translation is not None and getattr(translation, field):
                return str(getattr(translation, field))
        return str(getattr(self, field) or "")


class Translation(models.Model):
    """The texts of one object in one language; subclasses add the text fields and the parent."""

    parent_field: ClassVar[str]

    language = models.CharField(_("Sprache"), max_length=8, choices=translation_language_choices)
    source_digest = models.CharField(
        _("Stand des deutschen Textes"),
        max_length=64,
        editable=False,
        help_text=_("Fingerabdruck des deutschen Textes, aus dem übersetzt wurde."),
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True
        ordering: ClassVar = ["language"]

    def __str__(self) -> str:
        return f"{self.parent} [{self.language}]"

    def save(self, *args: Any, mark_current: bool = True, **kwargs: Any) -> None:
        """Saving a translation means it was made from the German text as it is now."""
        if mark_current or not self.source_digest:
            self.source_digest = self.parent.source_digest()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "source_digest"}
        super().save(*args, **kwargs)

    @property
    def parent(self) -> Translatable:
        return getattr(self, self.parent_field)

    @property
    def state(self) -> TranslationState:
        if self.source_digest != self.parent.source_digest():
            return TranslationState.OUTDATED
        return TranslationState.CURRENT
