"""Full-text search over a report's title and description (aduan.complaints.search).

SQLite: an FTS5 external-content table with the trigram tokenizer, so that a word also finds
its affixed forms ("lubang" finds "berlubang"); triggers keep it in step with the reports
table, whatever code writes it. PostgreSQL: a GIN index on the 'indonesian' tsvector (a
Snowball stemmer); the query in search.py repeats the indexed expression exactly.
"""

from django.db import migrations

SQLITE_UP = [
    """
    CREATE VIRTUAL TABLE complaints_complaint_search USING fts5(
        title, description,
        content='complaints_complaint', content_rowid='id', tokenize='trigram'
    )
    """,
    """
    CREATE TRIGGER complaints_search_insert AFTER INSERT ON complaints_complaint BEGIN
        INSERT INTO complaints_complaint_search (rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END
    """,
    """
    CREATE TRIGGER complaints_search_delete AFTER DELETE ON complaints_complaint BEGIN
        INSERT INTO complaints_complaint_search (complaints_complaint_search, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
    END
    """,
    """
    CREATE TRIGGER complaints_search_update AFTER UPDATE OF title, description
    ON complaints_complaint BEGIN
        INSERT INTO complaints_complaint_search (complaints_complaint_search, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
        INSERT INTO complaints_complaint_search (rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END
    """,
    "INSERT INTO complaints_complaint_search (complaints_complaint_search) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS complaints_search_update",
    "DROP TRIGGER IF EXISTS complaints_search_delete",
    "DROP TRIGGER IF EXISTS complaints_search_insert",
    "DROP TABLE IF EXISTS complaints_complaint_search",
]

POSTGRES_UP = [
    """
    CREATE INDEX IF NOT EXISTS complaint_search_id ON complaints_complaint
    USING gin (to_tsvector('indonesian', title || ' ' || description))
    """,
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS complaint_search_id"]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_event_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
