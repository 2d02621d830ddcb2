"""Every migration is named by hand (`makemigrations -n <what_it_does>`), never auto-named."""

from __future__ import annotations

from pathlib import Path

import pytest

from aduan.core.migration_names import AUTO_NAME, auto_named, main

PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def test_no_migration_of_aduan_is_auto_named():
    assert [str(p.relative_to(PACKAGE_ROOT)) for p in auto_named(PACKAGE_ROOT)] == []


def test_every_app_with_models_has_named_migrations():
    migrations = sorted(PACKAGE_ROOT.glob("*/migrations/0*.py"))
    assert migrations, "no migrations found: is PACKAGE_ROOT right?"
    assert all(not AUTO_NAME.match(p.name) for p in migrations)


@pytest.mark.parametrize(
    ("name", "auto"),
    [
        ("0001_initial.py", True),
        ("0002_auto_20261128_0501.py", True),
        ("0001_report_aggregate.py", False),
        ("0002_event_append_only.py", False),
        ("0003_dispatch_add_due_at.py", False),
    ],
)
def test_auto_names_are_recognised(name, auto):
    assert bool(AUTO_NAME.match(name)) is auto


def test_the_checker_finds_auto_named_files(tmp_path):
    migrations = tmp_path / "someapp" / "migrations"
    migrations.mkdir(parents=True)
    for name in ("__init__.py", "0001_initial.py", "0002_dispatch_add_due_at.py"):
        (migrations / name).write_text("")
    assert [p.name for p in auto_named(tmp_path)] == ["0001_initial.py"]


def test_the_command_line_check_passes_on_the_repository(capsys):
    assert main() == 0
    assert capsys.readouterr().out == ""
