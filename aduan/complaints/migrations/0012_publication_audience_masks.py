"""Publication is a decision; every timeline entry has an audience; the public text is masked.

- `Complaint.is_published`: a new report is public nowhere until a coordinator publishes it.
  Existing reports keep today's visibility: they are marked published here (a rahasia or spam
  report stays out through `complaints_public()` as before).
- `Complaint.public_title` / `public_description`: what every public surface shows and the
  search index holds. Existing reports get their text as it is (today's visibility); the
  screening masks new ones at intake and at publication.
- `ComplaintEvent.audience` / `note_audience`: existing entries keep `is_public` as their
  audience; a note is public only where the public feed page showed it (a unit's or the
  coordinator's follow-up, resolution, question and extension), the reporter's where the
  reporter wrote it or it explains an archive or a forward, staff-only otherwise (the dispatch
  instruction). The database refuses UPDATEs of events (0002), so the trigger is lifted for
  this one statement. The hash chain does not cover these columns, so it stays intact.
- The search index (SQLite FTS5 table and triggers; the PostgreSQL GIN expression) moves to
  the public text.

Every step has a reverse.
"""

from django.db import migrations, models
from django.db.models import Case, F, Q, Value, When

PUBLIC_NOTE_KINDS = ["followup", "resolved", "held", "extended"]
REPORTER_NOTE_KINDS = ["forwarded", "archived"]

SQLITE_EVENT_TRIGGER = """
CREATE TRIGGER complaints_event_no_update BEFORE UPDATE ON complaints_complaintevent
BEGIN SELECT RAISE(ABORT, 'complaint events are append-only'); END;
"""


# The column names are constants of this file, never input: hence the noqa S608 below.
def _search_sqlite(title: str, description: str) -> list[str]:
    """The FTS5 table of 0008 (words, accents folded) and its triggers, over two columns."""
    return [
        "DROP TRIGGER IF EXISTS complaints_search_insert",
        "DROP TRIGGER IF EXISTS complaints_search_delete",
        "DROP TRIGGER IF EXISTS complaints_search_update",
        "DROP TABLE IF EXISTS complaints_complaint_search",
        f"""
        CREATE VIRTUAL TABLE complaints_complaint_search USING fts5(
            {title}, {description}, content='complaints_complaint', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        )""",
        f"""
        CREATE TRIGGER complaints_search_insert AFTER INSERT ON complaints_complaint BEGIN
            INSERT INTO complaints_complaint_search (rowid, {title}, {description})
            VALUES (new.id, new.{title}, new.{description});
        END""",  # noqa: S608
        f"""
        CREATE TRIGGER complaints_search_delete AFTER DELETE ON complaints_complaint BEGIN
            INSERT INTO complaints_complaint_search
                (complaints_complaint_search, rowid, {title}, {description})
            VALUES ('delete', old.id, old.{title}, old.{description});
        END""",  # noqa: S608
        f"""
        CREATE TRIGGER complaints_search_update AFTER UPDATE OF {title}, {description}
        ON complaints_complaint
        WHEN old.{title} IS NOT new.{title} OR old.{description} IS NOT new.{description} BEGIN
            INSERT INTO complaints_complaint_search
                (complaints_complaint_search, rowid, {title}, {description})
            VALUES ('delete', old.id, old.{title}, old.{description});
            INSERT INTO complaints_complaint_search (rowid, {title}, {description})
            VALUES (new.id, new.{title}, new.{description});
        END""",  # noqa: S608
        "INSERT INTO complaints_complaint_search (complaints_complaint_search) VALUES ('rebuild')",
    ]


def _search_postgres(title: str, description: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS complaint_search_id",
        f"""
        CREATE INDEX complaint_search_id ON complaints_complaint
        USING gin (to_tsvector('indonesian', {title} || ' ' || {description}))
        """,
    ]


def _search(schema_editor, title: str, description: str) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": _search_sqlite, "postgresql": _search_postgres}.get(vendor)
    for sql in statements(title, description) if statements else []:
        schema_editor.execute(sql)


def _events_writable(schema_editor, writable: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS complaints_event_no_update"
            if writable
            else SQLITE_EVENT_TRIGGER
        )
    elif vendor == "postgresql":
        # ALTER TABLE refuses to run while deferred foreign-key checks are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        action = "DISABLE" if writable else "ENABLE"
        schema_editor.execute(
            f"ALTER TABLE complaints_complaintevent {action} TRIGGER complaints_event_no_update"
        )


def forwards(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    _events_writable(schema_editor, True)
    ComplaintEvent.objects.filter(is_public=True).update(
        audience="public",
        note_audience=Case(
            When(actor_kind="reporter", then=Value("reporter")),
            When(Q(kind__in=PUBLIC_NOTE_KINDS) & Q(actor_kind="staff"), then=Value("public")),
            When(kind__in=REPORTER_NOTE_KINDS, then=Value("reporter")),
            default=Value("staff"),
        ),
    )
    _events_writable(schema_editor, False)
    Complaint.objects.update(
        is_published=True, public_title=F("title"), public_description=F("description")
    )
    _search(schema_editor, "public_title", "public_description")


def backwards(apps, schema_editor):
    # The columns go with the reverse of the AddFields; only the search index moves back.
    _search(schema_editor, "title", "description")


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0011_write_fewer_index_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="is_published",
            field=models.BooleanField(default=False, verbose_name="published"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="masks",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="complaint",
            name="public_description",
            field=models.TextField(blank=True, verbose_name="public description"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="public_title",
            field=models.CharField(blank=True, max_length=200, verbose_name="public title"),
        ),
        migrations.AddField(
            model_name="complaintevent",
            name="audience",
            field=models.CharField(
                choices=[
                    ("public", "Public"),
                    ("reporter", "The reporter"),
                    ("staff", "Staff only"),
                ],
                default="staff",
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="complaintevent",
            name="note_audience",
            field=models.CharField(
                choices=[
                    ("public", "Public"),
                    ("reporter", "The reporter"),
                    ("staff", "Staff only"),
                ],
                default="staff",
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="complaintevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("submitted", "Report received"),
                    ("verified", "Verified"),
                    ("dispatched", "Dispatched to a unit"),
                    ("handled", "Handled by the coordinating unit"),
                    ("edited", "Details corrected"),
                    ("privacy_changed", "Privacy changed"),
                    ("dispatch_accepted", "Accepted by the unit"),
                    ("dispatch_returned", "Handed back by the unit"),
                    ("followup", "Follow-up"),
                    ("held", "Put on hold: information requested"),
                    ("resumed", "Resumed"),
                    ("reporter_message", "Message from the reporter"),
                    ("extended", "Deadline extended"),
                    ("resolved", "Resolved"),
                    ("reopened", "Re-opened"),
                    ("confirmed", "Confirmed by the reporter"),
                    ("closed", "Closed"),
                    ("auto_closed", "Closed automatically"),
                    ("forwarded", "Forwarded"),
                    ("archived", "Archived"),
                    ("attachment_added", "Attachment added"),
                    ("identity_viewed", "Reporter identity viewed"),
                    ("rated", "Rated by the reporter"),
                    ("reassigned", "Re-assigned to a sub-unit"),
                    ("merged", "Duplicate merged into this report"),
                    ("published", "Published"),
                    ("unpublished", "Withdrawn from publication"),
                    ("masked", "Text masked for the public"),
                    ("unmasked", "Mask undone"),
                ],
                max_length=24,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
