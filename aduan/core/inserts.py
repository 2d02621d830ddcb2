"""Insert a new row with an INSERT statement built once per model, not once per save.

`Model.save()` has the ORM's query compiler write the INSERT again on every call. On the public
submission, where four rows are written per report, that was a third of the request's time
(docs/performance.md). `insert(obj)` does what `obj.save(force_insert=True)` does for a plain
model of one table (the pre_save and post_save signals, each field's `pre_save` and its value
adapted for the database, the new primary key read back, the instance marked as saved), with the
SQL text kept per model and database. Anything it does not cover (a model with parents or
generated columns, a value that is an expression, a field with its own placeholder) goes through
`save()` unchanged.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models.signals import post_save, pre_save


@functools.cache
def _statement(model: type[models.Model], alias: str) -> tuple[str, tuple[Any, ...]] | None:
    """The INSERT of `model` on database `alias` and its fields in order; None: use save()."""
    meta = model._meta
    connection = connections[alias]
    if meta.parents or meta.proxy or meta.order_with_respect_to or meta.auto_field is None:
        return None
    fields = tuple(
        f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated
    )
    if meta.db_returning_fields != [meta.pk] or any(hasattr(f, "get_placeholder") for f in fields):
        return None
    quote = connection.ops.quote_name
    # Names from the model's own metadata, quoted; the values go as parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    if connection.features.can_return_columns_from_insert:
        sql += f" RETURNING {quote(meta.db_table)}.{quote(meta.pk.column)}"
    return sql, fields


def insert(obj: models.Model, *, using: str | None = None) -> None:
    """Write `obj` as a new row, as `obj.save(force_insert=True)` would, and set its key."""
    model = type(obj)
    alias = using or router.db_for_write(model, instance=obj)
    statement = _statement(model, alias)
    if statement is None or obj.pk is not None:
        obj.save(force_insert=True, using=alias)
        return
    sql, fields = statement
    if any(hasattr(getattr(obj, f.attname), "resolve_expression") for f in fields):
        obj.save(force_insert=True, using=alias)  # F() or another expression as a value
        return
    # What save() checks first: every related object is saved, and its key is copied over.
    obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    pre_save.send(sender=model, instance=obj, raw=False, using=alias, update_fields=None)
    connection = connections[alias]
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection=connection) for f in fields]
    meta = model._meta
    with transaction.mark_for_rollback_on_error(using=alias), connection.cursor() as cursor:
        cursor.execute(sql, params)
        if connection.features.can_return_columns_from_insert:
            key = cursor.fetchone()[0]
        else:
            key = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    setattr(obj, meta.pk.attname, key)
    obj._state.db = alias
    obj._state.adding = False
    post_save.send(
        sender=model, instance=obj, created=True, update_fields=None, raw=False, using=alias
    )
