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
