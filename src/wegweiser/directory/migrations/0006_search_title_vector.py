"""PostgreSQL: each document's title as a tsvector of its own, and a narrow table.

Whether a matching offer has a word in its title decides its tier in the relevance order.
Asked of the weighted document vector, the answer needed every matching document's vector read
from TOAST storage (about 1.5 KB each); the title's vector is small and kept in the row
(storage MAIN). ``toast_tuple_target`` moves the long texts out of the rows too, so that the
heap visited after the GIN index is a third of its size. The ADD COLUMN rewrites the table with
both settings in force.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE directory_offersearchdocument SET (toast_tuple_target = 128), "
    "ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (to_tsvector('german', title)) STORED, "
    "ALTER COLUMN title_vector SET STORAGE MAIN",
]
BACKWARD = [
    "ALTER TABLE directory_offersearchdocument RESET (toast_tuple_target), "
    "DROP COLUMN IF EXISTS title_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_search_generation")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
