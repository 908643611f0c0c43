"""The database-specific half of the search: matching documents and finding similar words.

A query arrives as groups of alternative folded words: a document matches when every group
has one alternative in it (longer words also as a prefix, so that "integrationskurs" finds
"Integrationskurse" whatever the stemmer makes of either). Both backends answer
``match(groups, language)`` with the matching offers' ids and scores (higher is better) and
``similar(word)`` with the indexed words closest in spelling.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
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
    def match_sql(self, groups: Groups, language: str) -> tuple[str, list[str]]:
        """SQL selecting ``offer_id, score`` of the matching offers, and its parameters."""

    def filter_sql(self, groups: Groups, language: str) -> tuple[str, list[str]]:
        """SQL selecting the ``offer_id`` of the matching offers, without the cost of ranking."""

    def similar(self, word: str) -> list[str]: ...

    def id_filter(self, ids: list[int]) -> Q:
        """A filter on ``Offer`` for these ids, cheap however many there are."""


def run_ids(sql: str, params: list[str]) -> list[tuple[int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0],) for row in cursor.fetchall()]


def run(sql: str, params: list[str]) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(offer_id, float(score)) for offer_id, score in cursor.fetchall()]


def _with_prefix(term: str) -> bool:
    return len(term) >= PREFIX_MIN_LENGTH


class PostgresBackend:
    """PostgreSQL full-text search (German configuration) and pg_trgm similarity."""

    # A stored generated column (migration 0004) with a GIN index.
    VECTOR = "d.vector"

    def _tsquery(self, groups: Groups) -> str:
        # Words are folded \w runs, so they hold none of the tsquery operators.
        return " & ".join(
            "(" + " | ".join(f"{word}:*" if _with_prefix(word) else word for word in group) + ")"
            for group in groups
        )

    def match_sql(self, groups: Groups, language: str) -> tuple[str, list[str]]:
        sql = (
            f"SELECT d.offer_id, MAX(ts_rank({self.VECTOR}, q)) AS score "  # noqa: S608 (constant SQL)
            "FROM directory_offersearchdocument d, to_tsquery('german', %s) q "
            f"WHERE d.language IN ('de', %s) AND {self.VECTOR} @@ q GROUP BY d.offer_id"
        )
        return sql, [self._tsquery(groups), language]

    def id_filter(self, ids: list[int]) -> Q:
        # One array parameter instead of thousands of placeholders.
        return Q(id__in=RawSQL("SELECT unnest(%s::bigint[])", [ids]))

    def filter_sql(self, groups: Groups, language: str) -> tuple[str, list[str]]:
        sql = (
            "SELECT d.offer_id FROM directory_offersearchdocument d "  # noqa: S608 (constant SQL)
            f"WHERE d.language IN ('de', %s) AND {self.VECTOR} @@ to_tsquery('german', %s)"
        )
        return sql, [language, self._tsquery(groups)]

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

    def _match_expression(self, groups: Groups, language: str) -> str:
        def term(word: str) -> str:
            stem = stemmed(word, language)
            return f'"{stem}"*' if _with_prefix(stem) else f'"{stem}"'

        return " AND ".join(
            "(" + " OR ".join(term(word) for word in group) + ")" for group in groups
        )

    # bm25() only works in the query that MATCHes the FTS table itself; LIMIT -1 keeps SQLite
    # from flattening that query into the join.
    PART = (
        "SELECT d.offer_id AS offer_id, m.score AS score FROM ("
        "SELECT rowid AS document_id, -bm25(directory_offer_fts, 10.0, 1.0) AS score "
        "FROM directory_offer_fts WHERE directory_offer_fts MATCH %s LIMIT -1"
        ") m JOIN directory_offersearchdocument d ON d.id = m.document_id AND d.language = %s"
    )

    def match_sql(self, groups: Groups, language: str) -> tuple[str, list[str]]:
        languages = list(dict.fromkeys(["de", language]))
        parts = " UNION ALL ".join([self.PART] * len(languages))
        params: list[str] = []
        for document_language in languages:
            params += [self._match_expression(groups, document_language), document_language]
        return f"SELECT offer_id, MAX(score) AS score FROM ({parts}) GROUP BY offer_id", params  # noqa: S608

    def id_filter(self, ids: list[int]) -> Q:
        return Q(id__in=ids)

    def filter_sql(self, groups: Groups, language: str) -> tuple[str, list[str]]:
        sql, params = self.match_sql(groups, language)
        return f"SELECT offer_id FROM ({sql}) matches", params  # noqa: S608

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
