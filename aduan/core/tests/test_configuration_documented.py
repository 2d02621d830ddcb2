"""Every environment variable aduan/settings.py reads is documented in docs/configuration.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SETTINGS = REPO / "aduan" / "settings.py"
DOC = REPO / "docs" / "configuration.md"
READERS = {"env_str", "env_bool", "env_int", "env_secret"}


def variables_read(source: str) -> set[str]:
    """Names passed to the env readers; env_secret also reads NAME_FILE."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in READERS:
            continue
        first = node.args[0] if node.args else None
        literal = first.value if isinstance(first, ast.Constant) else None
        assert isinstance(literal, str), (
            f"line {node.lineno}: pass the variable name as a literal, so it can be documented"
        )
        names.add(literal)
        if node.func.id == "env_secret":
            names.add(f"{literal}_FILE")
    return names


def test_settings_read_variables_through_the_typed_readers_only():
    source = SETTINGS.read_text(encoding="utf-8")
    assert "os.environ" not in source
    assert "getenv" not in source


def test_every_variable_read_by_settings_is_documented():
    names = variables_read(SETTINGS.read_text(encoding="utf-8"))
    assert {"DATABASE_URL", "SECRET_KEY", "SECRET_KEY_FILE", "DEBUG"} <= names
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", DOC.read_text(encoding="utf-8")))
    assert sorted(names - documented) == []


def test_the_test_database_variable_of_the_makefile_is_documented():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "ADUAN_TEST_DATABASE_URL" in makefile
    assert "`ADUAN_TEST_DATABASE_URL`" in DOC.read_text(encoding="utf-8")


def test_the_finder_sees_calls_anywhere_in_the_module():
    source = (
        "from aduan.core.env import env_int, env_secret\n"
        "def f():\n"
        "    return env_int('INNER', 1)\n"
        "KEY = env_secret('API_TOKEN') or 'x'\n"
    )
    assert variables_read(source) == {"INNER", "API_TOKEN", "API_TOKEN_FILE"}
