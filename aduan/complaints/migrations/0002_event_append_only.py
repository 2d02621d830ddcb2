"""The database itself refuses to UPDATE an event row: the log is append-only even for code
that goes around the services. (DELETE is left to the hash chain to detect, so that test
databases can still be flushed.)"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER complaints_event_no_update BEFORE UPDATE ON complaints_complaintevent
BEGIN SELECT RAISE(ABORT, 'complaint events are append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS complaints_event_no_update;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION complaints_event_no_update() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'complaint events are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER complaints_event_no_update BEFORE UPDATE ON complaints_complaintevent
FOR EACH ROW EXECUTE FUNCTION complaints_event_no_update();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS complaints_event_no_update ON complaints_complaintevent;
DROP FUNCTION IF EXISTS complaints_event_no_update();
"""


def forwards(apps, schema_editor):
    sql = {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    sql = {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_report_aggregate")]
    operations = [migrations.RunPython(forwards, backwards)]
