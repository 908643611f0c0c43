"""PostgreSQL: keep each document's weighted tsvector in a stored generated column.

Ranking (ts_rank) needs the vector of every matching document; computed from the text on the
fly it dominated the time of broad searches. The GIN index moves onto the column.
"""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', body), 'B')"
)
FORWARD = [
    "DROP INDEX IF EXISTS directory_searchdocument_fts",
    f"ALTER TABLE directory_offersearchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED",
    "CREATE INDEX directory_searchdocument_vector ON directory_offersearchdocument USING gin (vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS directory_searchdocument_vector",
    "ALTER TABLE directory_offersearchdocument DROP COLUMN IF EXISTS vector",
    f"CREATE INDEX directory_searchdocument_fts ON directory_offersearchdocument USING gin (({VECTOR}))",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_search_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
