from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.directory.models.offers import Offer


class OfferSearchDocument(models.Model):
    """What the search reads of an offer in one language, folded (see ``search.text``).

    The German document holds the German texts, provider names and vocabulary labels; a
    document in another language holds the offer's translation and the labels in that language.
    Kept up to date by ``search.index``; the database's full-text index is built on it (a stored
    tsvector column with a GIN index on PostgreSQL, an FTS5 table on SQLite).
    """

    offer = models.ForeignKey(
        Offer, verbose_name=_("Angebot"), on_delete=models.CASCADE, related_name="search_documents"
    )
    language = models.CharField(_("Sprache"), max_length=8)
    title = models.TextField(_("Titel"))
    body = models.TextField(_("Text"))

    class Meta:
        verbose_name = _("Suchdokument")
        verbose_name_plural = _("Suchdokumente")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["offer", "language"], name="search_document_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} [{self.language}]"


class SearchWord(models.Model):
    """Every folded word of the search documents, for spelling correction by similarity."""

    word = models.CharField(_("Wort"), max_length=100, unique=True)
    stem = models.CharField(_("Wortstamm"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("Suchwort")
        verbose_name_plural = _("Suchwörter")

    def __str__(self) -> str:
        return self.word


class SearchChange(models.Model):
    """One change of the search data, numbered in commit order (see ``search.catalog``).

    Every reindex writes one row per changed offer (``offer_id`` None: everything may have
    changed, e.g. a vocabulary label). ``token`` is random per change, so that a process whose
    in-memory catalog was built at a generation that was later rolled back notices it.
    """

    generation = models.BigIntegerField(_("Generation"), db_index=True)
    token = models.CharField(_("Kennung"), max_length=32)
    offer_id = models.BigIntegerField(_("Angebot"), null=True, blank=True)

    class Meta:
        verbose_name = _("Änderung der Suchdaten")
        verbose_name_plural = _("Änderungen der Suchdaten")

    def __str__(self) -> str:
        return f"{self.generation}: {self.offer_id or '*'}"


class SearchGeneration(models.Model):
    """The single row counting changes of the search data; updating it serialises writers, so
    generations follow the order in which their transactions commit."""

    value = models.BigIntegerField(_("Generation"), default=0)
    token = models.CharField(_("Kennung"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("Stand der Suchdaten")
        verbose_name_plural = _("Stand der Suchdaten")

    def __str__(self) -> str:
        return str(self.value)
