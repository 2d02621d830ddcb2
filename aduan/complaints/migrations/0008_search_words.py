"""SQLite's search index holds words instead of trigrams (aduan.complaints.search).

The trigram index of 0003 wrote one entry per three-letter sequence of every title and
description inside the submission's transaction, which halved intake (docs/performance.md). The
word index (tokenizer unicode61, accents folded) holds a few entries per report; the query does
the Indonesian stemming and looks for each root as the beginning of a word, bare or behind a
prefix. Triggers keep it in step with the reports table, whatever code writes it; the update
trigger now fires only when the title or the description changed. The index is rebuilt from the
reports here (about a minute at 1,000,000 reports). PostgreSQL is unchanged.
"""

from django.db import migrations

TRIGGERS = ("complaints_search_insert", "complaints_search_delete", "complaints_search_update")
# The same as search.SQLITE_TRIGGERS today (repeated: a migration must not change with the code).
INSERT = """
    CREATE TRIGGER complaints_search_insert AFTER INSERT ON complaints_complaint BEGIN
        INSERT INTO complaints_complaint_search (rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END
"""
DELETE = """
    CREATE TRIGGER complaints_search_delete AFTER DELETE ON complaints_complaint BEGIN
        INSERT INTO complaints_complaint_search (complaints_complaint_search, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
    END
"""
UPDATE = """
    CREATE TRIGGER complaints_search_update AFTER UPDATE OF title, description
    ON complaints_complaint
    WHEN old.title IS NOT new.title OR old.description IS NOT new.description BEGIN
        INSERT INTO complaints_complaint_search (complaints_complaint_search, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
        INSERT INTO complaints_complaint_search (rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END
"""


def _table(tokenizer: str) -> str:
    return f"""
        CREATE VIRTUAL TABLE complaints_complaint_search USING fts5(
            title, description,
            content='complaints_complaint', content_rowid='id', tokenize='{tokenizer}'
        )
    """


REBUILD = "INSERT INTO complaints_complaint_search (complaints_complaint_search) VALUES ('rebuild')"
# The triggers of 0003, for going back.
TRIGRAM_UPDATE = """
    CREATE TRIGGER complaints_search_update AFTER UPDATE OF title, description
    ON complaints_complaint BEGIN
        INSERT INTO complaints_complaint_search (complaints_complaint_search, rowid, title, description)
        VALUES ('delete', old.id, old.title, old.description);
        INSERT INTO complaints_complaint_search (rowid, title, description)
        VALUES (new.id, new.title, new.description);
    END
"""


def _replace(schema_editor, tokenizer: str, triggers: list[str]) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    schema_editor.execute("DROP TABLE IF EXISTS complaints_complaint_search")
    schema_editor.execute(_table(tokenizer))
    for sql in triggers:
        schema_editor.execute(sql)
    schema_editor.execute(REBUILD)


def forwards(apps, schema_editor):
    _replace(schema_editor, "unicode61 remove_diacritics 2", [INSERT, DELETE, UPDATE])


def backwards(apps, schema_editor):
    _replace(schema_editor, "trigram", [INSERT, DELETE, TRIGRAM_UPDATE])


class Migration(migrations.Migration):
    dependencies = [("complaints", "0007_reporter_match_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
