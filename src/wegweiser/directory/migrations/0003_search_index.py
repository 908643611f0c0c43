"""The database's own full-text index on the search documents.

PostgreSQL: a GIN expression index with the German text search configuration (title weighted
above the body) and a trigram index (pg_trgm) on the words for spelling correction.
SQLite: an FTS5 table holding the stemmed documents, rowid = document id, emptied by a trigger
when a document goes.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX directory_searchdocument_fts ON directory_offersearchdocument USING gin "
    "((setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', body), 'B')))",
    "CREATE INDEX directory_searchword_trgm ON directory_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS directory_searchword_trgm",
    "DROP INDEX IF EXISTS directory_searchdocument_fts",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE directory_offer_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER directory_offer_fts_delete AFTER DELETE ON directory_offersearchdocument "
    "BEGIN DELETE FROM directory_offer_fts WHERE rowid = old.id; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_offer_fts_delete",
    "DROP TABLE IF EXISTS directory_offer_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_documents")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
