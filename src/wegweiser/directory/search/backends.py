"""The database-specific half of the search: matching documents and finding similar words.

A query arrives as groups of alternative folded words: a document matches when every group
has one alternative in it (longer words also as a prefix, so that "integrationskurs" finds
"Integrationskurse" whatever the stemmer makes of either). Both backends answer
``group_sql(group, language)`` with the offers having one of a group's words (and whether in a
title) and ``similar(word)`` with the indexed words closest in spelling; ``search.catalog``
combines the groups.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connection
from django.db.models.functions import Length

from wegweiser.directory.models import SearchWord
from wegweiser.directory.search.index import stemmed
from wegweiser.directory.search.text import similarity

PREFIX_MIN_LENGTH = 4
SIMILAR_MIN = 0.4
SIMILAR_LIMIT = 3
SIMILAR_SPREAD = 0.1

Groups = list[tuple[str, ...]]


def closest(scored: list[tuple[float, str]]) -> list[str]:
    """The best candidates: similar enough, and not much worse than the best one."""
    scored = sorted(
        (pair for pair in scored if pair[0] >= SIMILAR_MIN), key=lambda p: (-p[0], p[1])
    )
    if not scored:
        return []
    best = scored[0][0]
    return [word for score, word in scored[:SIMILAR_LIMIT] if score >= best - SIMILAR_SPREAD]


class SearchBackend(Protocol):
    def group_sql(self, group: tuple[str, ...], language: str) -> tuple[str, list[str]]:
        """SQL selecting ``offer_id, in_title`` of the offers having one of the alternatives
        of ``group`` in a document of German or ``language`` (``in_title``: in a title)."""

    def similar(self, word: str) -> list[str]: ...


def run(sql: str, params: list[str]) -> list[tuple[int, bool]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(offer_id, bool(in_title)) for offer_id, in_title in cursor.fetchall()]


def _with_prefix(term: str) -> bool:
    return len(term) >= PREFIX_MIN_LENGTH


class PostgresBackend:
    """PostgreSQL full-text search (German configuration) and pg_trgm similarity."""

    # A stored generated column (migration 0004) with a GIN index.
    VECTOR = "d.vector"

    def _tsquery(self, group: tuple[str, ...], weights: str = "") -> str:
        # Words are folded \w runs, so they hold none of the tsquery operators.
        return " | ".join(
            f"{word}:*{weights}" if _with_prefix(word) else f"{word}:{weights}" if weights else word
            for word in group
        )

    def group_sql(self, group: tuple[str, ...], language: str) -> tuple[str, list[str]]:
        # Weight A is the title (migration 0004).
        in_title, anywhere = self._tsquery(group, "A"), self._tsquery(group)
        if language == "de":  # one document per offer: nothing to group
            return (
                "SELECT d.offer_id, d.vector @@ to_tsquery('german', %s) "
                "FROM directory_offersearchdocument d "
                "WHERE d.language = 'de' AND d.vector @@ to_tsquery('german', %s)",
                [in_title, anywhere],
            )
        return (
            "SELECT d.offer_id, bool_or(d.vector @@ to_tsquery('german', %s)) "
            "FROM directory_offersearchdocument d "
            "WHERE d.language IN ('de', %s) AND d.vector @@ to_tsquery('german', %s) "
            "GROUP BY d.offer_id",
            [in_title, language, anywhere],
        )

    def similar(self, word: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT similarity(word, %s), word FROM directory_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT 10",
                [word, word, word],
            )
            return closest([(float(score), candidate) for score, candidate in cursor.fetchall()])


class SqliteBackend:
    """SQLite FTS5 over the stemmed documents, and trigram similarity computed here."""

    def _match_expression(self, group: tuple[str, ...], language: str, column: str) -> str:
        def term(word: str) -> str:
            stem = stemmed(word, language)
            return f'"{stem}"*' if _with_prefix(stem) else f'"{stem}"'

        return f"{column}: (" + " OR ".join(term(word) for word in group) + ")"

    # LIMIT -1 keeps SQLite from flattening the MATCH query into the join.
    PART = (
        "SELECT d.offer_id AS offer_id, m.document_id IN ("
        "SELECT rowid FROM directory_offer_fts WHERE directory_offer_fts MATCH %s"
        ") AS in_title FROM ("
        "SELECT rowid AS document_id FROM directory_offer_fts "
        "WHERE directory_offer_fts MATCH %s LIMIT -1"
        ") m JOIN directory_offersearchdocument d ON d.id = m.document_id AND d.language = %s"
    )

    def group_sql(self, group: tuple[str, ...], language: str) -> tuple[str, list[str]]:
        languages = list(dict.fromkeys(["de", language]))
        parts = " UNION ALL ".join([self.PART] * len(languages))
        params: list[str] = []
        for document_language in languages:
            params += [
                self._match_expression(group, document_language, "title"),
                self._match_expression(group, document_language, "{title body}"),
                document_language,
            ]
        return (
            f"SELECT offer_id, MAX(in_title) FROM ({parts}) GROUP BY offer_id",  # noqa: S608
            params,
        )

    def similar(self, word: str) -> list[str]:
        candidates = (
            SearchWord.objects.annotate(length=Length("word"))
            .filter(length__gte=len(word) - 3, length__lte=len(word) + 3)
            .values_list("word", flat=True)
        )
        return closest(
            [(similarity(word, candidate), candidate) for candidate in candidates.iterator()]
        )


def backend() -> SearchBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
