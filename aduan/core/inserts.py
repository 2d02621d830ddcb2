"""Insert a new row with an INSERT statement built once per model, not once per save.

`Model.save()` has the ORM's query compiler write the INSERT again on every call. On the public
submission, where four rows are written per report, that was a third of the request's time
(docs/performance.md). `insert(obj)` does what `obj.save(force_insert=True)` does for a plain
model of one table (the pre_save and post_save signals, each field's `pre_save` and its value
adapted for the database, the new primary key read back, the instance marked as saved), with the
SQL text kept per model and database. Anything it does not cover (a model with parents or
generated columns, a value that is an expression, a field with its own placeholder) goes through
`save()` unchanged.

SQLite only: on PostgreSQL every row goes through `save()` (the gain there was 9%, under
the 15% a replacement of Django's private code must earn; docs/performance.md).

`prepare(obj)` works out the row's values ahead, before the transaction that writes it: each
field's `pre_save` and database value, and the pre_save signal. `insert(obj)` then only adds the
keys of related rows written in the same transaction (the report's reporter, say) and runs the
statement. On SQLite the write transaction holds the database's one write lock, and the
submission's four rows took about 0.4 ms of Python inside it (docs/performance.md). Prepare
last: a change to the instance after `prepare` is not written (the keys of related objects
excepted).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models.signals import post_save, pre_save


@functools.cache
def _statement(model: type[models.Model], alias: str) -> tuple[str, tuple[Any, ...]] | None:
    """The INSERT of `model` on database `alias` and its fields in order; None: use save()."""
    meta = model._meta
    connection = connections[alias]
    if connection.vendor != "sqlite":
        # Measured against Model.save() (python -m bench.web.ab, 1,000,000 reports): +41% API
        # submissions on SQLite, where the values are worked out before the one write lock is
        # taken, but +9% on PostgreSQL, under the 15% this private code must earn (issue 14).
        return None
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


@dataclass
class _Values:
    """A row's INSERT and values; `late`: the positions of keys to related rows that were not
    written yet when the values were worked out, filled in by `insert`."""

    alias: str
    sql: str
    params: list[Any]
    late: list[tuple[int, models.ForeignKey[Any, Any]]]


def _writable(obj: models.Model, alias: str) -> tuple[str, tuple[Any, ...]] | None:
    """The INSERT of `obj` and its fields, or None where `save()` must write it."""
    statement = _statement(type(obj), alias)
    if statement is None or obj.pk is not None:
        return None
    if any(hasattr(getattr(obj, f.attname), "resolve_expression") for f in statement[1]):
        return None  # F() or another expression as a value
    return statement


def _values(obj: models.Model, alias: str, statement: tuple[str, tuple[Any, ...]]) -> _Values:
    sql, fields = statement
    late = []
    # What save() checks first, the related objects' keys copied over; a related row not
    # written yet is left for `insert`, which runs after it in the same transaction.
    for i, field in enumerate(fields):
        if not (field.is_relation and field.is_cached(obj)):
            continue
        related = field.get_cached_value(obj)
        if related is None:
            continue
        if related.pk is None:
            late.append((i, field))
        elif getattr(obj, field.attname) in field.empty_values:
            setattr(obj, field.attname, related.pk)
    pre_save.send(sender=type(obj), instance=obj, raw=False, using=alias, update_fields=None)
    connection = connections[alias]
    waiting = {i for i, _field in late}
    params = [
        None if i in waiting else f.get_db_prep_save(f.pre_save(obj, True), connection)
        for i, f in enumerate(fields)
    ]
    return _Values(alias, sql, params, late)


def prepare(obj: models.Model, *, using: str | None = None) -> None:
    """Work out the values `insert(obj)` will write, now (see the module's docstring)."""
    alias = using or router.db_for_write(type(obj), instance=obj)
    statement = _writable(obj, alias)
    if statement is not None:  # else insert() will save() it
        obj._aduan_insert_values = _values(obj, alias, statement)  # type: ignore[attr-defined]


def insert(obj: models.Model, *, using: str | None = None) -> None:
    """Write `obj` as a new row, as `obj.save(force_insert=True)` would, and set its key."""
    model = type(obj)
    alias = using or router.db_for_write(model, instance=obj)
    values: _Values | None = obj.__dict__.pop("_aduan_insert_values", None)
    if values is None or values.alias != alias or obj.pk is not None:
        statement = _writable(obj, alias)
        if statement is None:
            obj.save(force_insert=True, using=alias)
            return
        # As save(): an unsaved related object is refused before the pre_save signal.
        obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
        values = _values(obj, alias, statement)
    connection = connections[alias]
    params = list(values.params)
    for i, field in values.late:
        related = field.get_cached_value(obj, default=None)
        if related is None or related.pk is None:
            # As save(): refused while unsaved (unset meanwhile: the key as it stands).
            obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
        else:
            setattr(obj, field.attname, related.pk)
        params[i] = field.get_db_prep_save(getattr(obj, field.attname), connection)
    sql = values.sql
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
