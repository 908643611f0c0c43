"""The database-specific half of the search: matching documents and finding similar words.

A query arrives as groups of alternative folded words: a document matches when every group
has one alternative in it (longer words also as a prefix, so that "integrationskurs" finds
"Integrationskurse" whatever the stemmer makes of either). Both backends answer
``match(group, language)`` with the offers having one of a group's words (and those having it
in a title) and ``similar(word)`` with the indexed words closest in spelling; ``search.catalog``
combines the groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from django.db import connection, transaction
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


# The offers having one of a group's words, and those of them having it in a title.
Match = tuple[Sequence[int], Sequence[int]]


class SearchBackend(Protocol):
    def match(self, group: tuple[str, ...], language: str) -> Match:
        """The offers having one of the alternatives of ``group`` in a document of German or
        ``language``, and those of them having it in a title (an offer may appear twice)."""

    def similar(self, word: str) -> list[str]: ...


def _with_prefix(term: str) -> bool:
    return len(term) >= PREFIX_MIN_LENGTH


class PostgresBackend:
    """PostgreSQL full-text search (German configuration) and pg_trgm similarity."""

    def _tsquery(self, group: tuple[str, ...]) -> str:
        # Words are folded \w runs, so they hold none of the tsquery operators.
        return " | ".join(f"{word}:*" if _with_prefix(word) else word for word in group)

    def match(self, group: tuple[str, ...], language: str) -> Match:
        # The document vector (migration 0004) is matched through its GIN index, and whether in
        # a title is asked of the small title vector (migration 0006) of the matching documents;
        # the ids come back as two arrays. MATERIALIZED keeps the language condition from
        # steering the plan to another index. The planner does not count reading each document
        # vector from TOAST storage (about 1.5 KB) and would pick a sequential scan for frequent
        # words, several times slower than the GIN index (bench/README.md): hence
        # enable_seqscan off for this statement (SET LOCAL ends with the transaction).
        query = self._tsquery(group)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "WITH m AS MATERIALIZED ("
                "SELECT d.offer_id, d.language, d.title_vector @@ to_tsquery('german', %s) AS t "
                "FROM directory_offersearchdocument d WHERE d.vector @@ to_tsquery('german', %s)"
                ") SELECT array_agg(offer_id), array_agg(offer_id) FILTER (WHERE t) FROM m "
                "WHERE language IN ('de', %s)",
                [query, query, language],
            )
            anywhere, in_title = cursor.fetchone()
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")  # inside an outer transaction
        return anywhere or [], in_title or []

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

    def _sql(self, group: tuple[str, ...], language: str) -> tuple[str, list[str]]:
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

    def match(self, group: tuple[str, ...], language: str) -> Match:
        with connection.cursor() as cursor:
            cursor.execute(*self._sql(group, language))
            rows = cursor.fetchall()
        return [offer_id for offer_id, _ in rows], [offer_id for offer_id, t in rows if t]

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
