"""Loud failure when a Django upgrade changes the private code aduan leans on.

Two modules of aduan replace private parts of Django because each pays for itself on the API
submission (docs/performance.md, "Django's public API", measured with `python -m bench.web.ab`):

- `aduan.core.sqlite` (the writers' queue) overrides the SQLite backend's transaction hooks;
- `aduan.core.inserts` (on SQLite only) writes a new row as `Model.save(force_insert=True)`
  would, repeating the steps of `save()` that matter for a plain model.

Their behaviour is tested elsewhere (`core/tests/test_sqlite_queue.py`,
`complaints/tests/test_inserts.py`). This test pins the Django code they copy or hook: the source
of each function below, with its docstring and formatting taken out, must hash as it did on the
Django release the two modules were last checked against. When it fails after an upgrade:

1. read the changed functions against `aduan/core/sqlite/base.py` and `aduan/core/inserts.py`
   (a new step of `save()`, say, must be repeated in `insert` or the model sent to `save()`);
2. run `python -m bench.web.ab --db sqlite` and `--db postgres` again: keep a module only while
   it gains at least 15% on the API submission rate, else remove it;
3. record the new hashes here (the assertion prints them) and the figures in the docs.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import textwrap
from collections.abc import Callable
from typing import Any

import django
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3 import base as sqlite_base
from django.db.models import Model
from django.db.models.options import Options

# Django 5.2.19, checked 2026-12-05.
CHECKED_AGAINST = (5, 2)
PINNED: dict[str, str] = {
    "BaseDatabaseWrapper._commit": "68df977a9332dbc7",
    "BaseDatabaseWrapper._rollback": "f2f4753416a071ee",
    "BaseDatabaseWrapper._close": "959075bee77f394d",
    "sqlite3.DatabaseWrapper._start_transaction_under_autocommit": "f232c4b965f303cb",
    "sqlite3.DatabaseWrapper.get_new_connection": "2ae4f36a6d34934c",
    "Model.save": "fe32d1d19c4e0eb7",
    "Model.save_base": "4d7c7ae3401bd801",
    "Model._save_table": "a03b3513bbd9dba3",
    "Model._do_insert": "19d508c6598a4cd4",
    "Model._prepare_related_fields_for_save": "97821817b57a4ce6",
    "Options.db_returning_fields": "7d0dbe2c69bbc30b",
}

# Each name's owner and attribute; read with getattr, as mypy's stubs omit private names.
_OWNERS: dict[str, tuple[type, str]] = {
    "BaseDatabaseWrapper._commit": (BaseDatabaseWrapper, "_commit"),
    "BaseDatabaseWrapper._rollback": (BaseDatabaseWrapper, "_rollback"),
    "BaseDatabaseWrapper._close": (BaseDatabaseWrapper, "_close"),
    "sqlite3.DatabaseWrapper._start_transaction_under_autocommit": (
        sqlite_base.DatabaseWrapper,
        "_start_transaction_under_autocommit",
    ),
    "sqlite3.DatabaseWrapper.get_new_connection": (
        sqlite_base.DatabaseWrapper,
        "get_new_connection",
    ),
    "Model.save": (Model, "save"),
    "Model.save_base": (Model, "save_base"),
    "Model._save_table": (Model, "_save_table"),
    "Model._do_insert": (Model, "_do_insert"),
    "Model._prepare_related_fields_for_save": (Model, "_prepare_related_fields_for_save"),
    "Options.db_returning_fields": (Options, "db_returning_fields"),  # a cached_property
}


def _function(owner: type, name: str) -> Callable[..., Any]:
    found = inspect.getattr_static(owner, name)
    function: Callable[..., Any] = getattr(found, "func", found)  # a cached_property's own
    return function


FUNCTIONS: dict[str, Callable[..., Any]] = {
    label: _function(owner, name) for label, (owner, name) in _OWNERS.items()
}


def _fingerprint(function: Callable[..., Any]) -> str:
    """The code of `function` without its docstring, comments or layout, hashed."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    node = tree.body[0]
    assert isinstance(node, ast.FunctionDef)
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        node.body = body[1:] or [ast.Pass()]
    node.decorator_list = []
    return hashlib.sha256(ast.dump(node).encode()).hexdigest()[:16]


def test_the_django_code_aduan_overrides_is_the_code_it_was_checked_against():
    found = {name: _fingerprint(function) for name, function in FUNCTIONS.items()}
    changed = {name: digest for name, digest in found.items() if PINNED.get(name) != digest}
    assert not changed, (
        f"Django {django.get_version()} changed code that aduan.core.sqlite or aduan.core.inserts "
        f"relies on: {sorted(changed)}. Follow this module's docstring; the new fingerprints: "
        f"{changed}"
    )


def test_the_release_line_is_the_one_checked():
    assert django.VERSION[:2] == CHECKED_AGAINST, (
        f"Django {django.get_version()}: aduan.core.sqlite and aduan.core.inserts were checked "
        f"against {CHECKED_AGAINST}; follow this module's docstring."
    )


def test_the_overridden_hooks_take_the_arguments_django_passes():
    # The queue's overrides call super() with the same arguments; a new parameter in Django
    # would be dropped silently.
    for name in ("_start_transaction_under_autocommit", "_commit", "_rollback", "_close"):
        params = inspect.signature(getattr(sqlite_base.DatabaseWrapper, name)).parameters
        assert list(params) == ["self"], (name, list(params))
    params = inspect.signature(sqlite_base.DatabaseWrapper.get_new_connection).parameters
    assert list(params) == ["self", "conn_params"]
    params = inspect.signature(FUNCTIONS["Model._prepare_related_fields_for_save"]).parameters
    assert list(params)[:2] == ["self", "operation_name"]
