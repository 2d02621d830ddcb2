"""Fewer index entries per submission (docs/performance.md).

The foreign keys' own single-column indexes go where another index begins with the column
(complaint.instansi, complaintevent.complaint) or become partial (WHERE ... IS NOT NULL) where
the column is nearly always empty. Only the indexes change: on SQLite, Django's AlterField of
db_index would rebuild the whole table (and drop its triggers), so the database side is plain
DROP INDEX here, and CREATE INDEX on the way back.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (model, field) whose single-column index Django made with the foreign key.
UNINDEXED = [
    ("complaint", "instansi"),
    ("complaint", "created_by"),
    ("complaint", "duplicate_of"),
    ("complaint", "forwarded_to"),
    ("complaint", "forwarded_from"),
    ("complaintevent", "complaint"),
    ("complaintevent", "actor"),
    ("complaintevent", "unit"),
    ("reporter", "user"),
]


def _foreign_key_indexes(apps, schema_editor):
    for model_name, field_name in UNINDEXED:
        model = apps.get_model("complaints", model_name)
        field = model._meta.get_field(field_name)
        yield model, field, schema_editor._create_index_name(model._meta.db_table, [field.column])


def drop_foreign_key_indexes(apps, schema_editor):
    for _model, _field, name in _foreign_key_indexes(apps, schema_editor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def create_foreign_key_indexes(apps, schema_editor):
    for model, field, _name in _foreign_key_indexes(apps, schema_editor):
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0010_dispatch_followup_was_due"),
        ("organisation", "0003_reply_template"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="complaint",
            name="complaint_autoclose",
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="complaint",
                    name="created_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="The operator who entered it on the reporter's behalf",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="complaint",
                    name="duplicate_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="duplicates",
                        to="complaints.complaint",
                    ),
                ),
                migrations.AlterField(
                    model_name="complaint",
                    name="forwarded_from",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="complaints.complaint",
                    ),
                ),
                migrations.AlterField(
                    model_name="complaint",
                    name="forwarded_to",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisation.instansi",
                    ),
                ),
                migrations.AlterField(
                    model_name="complaint",
                    name="instansi",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="complaints",
                        to="organisation.instansi",
                    ),
                ),
                migrations.AlterField(
                    model_name="complaintevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="complaintevent",
                    name="complaint",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="complaints.complaint",
                    ),
                ),
                migrations.AlterField(
                    model_name="complaintevent",
                    name="unit",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisation.unit",
                    ),
                ),
                migrations.AlterField(
                    model_name="reporter",
                    name="user",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_foreign_key_indexes, create_foreign_key_indexes),
            ],
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("autoclose_at__isnull", False)),
                fields=["autoclose_at"],
                name="complaint_autoclose_at",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("created_by__isnull", False)),
                fields=["created_by"],
                name="complaint_created_by",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("duplicate_of__isnull", False)),
                fields=["duplicate_of"],
                name="complaint_duplicate_of",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("forwarded_to__isnull", False)),
                fields=["forwarded_to"],
                name="complaint_forwarded_to",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("forwarded_from__isnull", False)),
                fields=["forwarded_from"],
                name="complaint_forwarded_from",
            ),
        ),
        migrations.AddIndex(
            model_name="complaintevent",
            index=models.Index(
                condition=models.Q(("actor__isnull", False)), fields=["actor"], name="event_actor"
            ),
        ),
        migrations.AddIndex(
            model_name="complaintevent",
            index=models.Index(
                condition=models.Q(("unit__isnull", False)), fields=["unit"], name="event_unit"
            ),
        ),
        migrations.AddIndex(
            model_name="reporter",
            index=models.Index(
                condition=models.Q(("user__isnull", False)), fields=["user"], name="reporter_user"
            ),
        ),
    ]
