"""The typed environment readers fail loudly, naming the variable (docs/configuration.md)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from aduan.core.env import env_bool, env_int, env_secret, env_str, secret_key_from_file


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), (" Yes ", True), ("ON", True), ("0", False), ("off", False)],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("ADUAN_TEST_FLAG", raw)
    assert env_bool("ADUAN_TEST_FLAG", not expected) is expected


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("ADUAN_TEST_FLAG", raising=False)
    assert env_bool("ADUAN_TEST_FLAG", True) is True
    assert env_bool("ADUAN_TEST_FLAG", False) is False


@pytest.mark.parametrize("raw", ["2", "yes please", "enabled", "t"])
def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("SECURE_COOKIES", raw)
    with pytest.raises(ImproperlyConfigured, match="SECURE_COOKIES") as excinfo:
        env_bool("SECURE_COOKIES", False)
    assert repr(raw) in str(excinfo.value)


def test_env_int_reads_whole_numbers_and_defaults_when_unset_or_empty(monkeypatch):
    monkeypatch.setenv("DB_CONN_MAX_AGE", " 30 ")
    assert env_int("DB_CONN_MAX_AGE", 60) == 30
    monkeypatch.setenv("DB_CONN_MAX_AGE", "")
    assert env_int("DB_CONN_MAX_AGE", 60) == 60
    monkeypatch.delenv("DB_CONN_MAX_AGE")
    assert env_int("DB_CONN_MAX_AGE", 60) == 60


@pytest.mark.parametrize("raw", ["twenty", "1.5", "20s"])
def test_env_int_refuses_a_bad_value_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT", raw)
    with pytest.raises(ImproperlyConfigured, match="SQLITE_BUSY_TIMEOUT"):
        env_int("SQLITE_BUSY_TIMEOUT", 20)


def test_env_str_returns_the_value_or_the_default(monkeypatch):
    monkeypatch.delenv("SITE_NAME", raising=False)
    assert env_str("SITE_NAME", "aduan") == "aduan"
    monkeypatch.setenv("SITE_NAME", "LAPOR Luwu")
    assert env_str("SITE_NAME", "aduan") == "LAPOR Luwu"


def test_env_secret_prefers_the_variable_itself(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-file\n")
    monkeypatch.setenv("API_TOKEN", "from-env")
    monkeypatch.setenv("API_TOKEN_FILE", str(secret_file))
    assert env_secret("API_TOKEN") == "from-env"


def test_env_secret_reads_name_file_without_surrounding_whitespace(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("  s3cret-value\n")
    monkeypatch.delenv("API_TOKEN", raising=False)
    monkeypatch.setenv("API_TOKEN_FILE", str(secret_file))
    assert env_secret("API_TOKEN") == "s3cret-value"


def test_env_secret_falls_back_to_the_default(monkeypatch):
    monkeypatch.delenv("API_TOKEN", raising=False)
    monkeypatch.delenv("API_TOKEN_FILE", raising=False)
    assert env_secret("API_TOKEN") is None
    assert env_secret("API_TOKEN", "fallback") == "fallback"


def test_env_secret_refuses_an_unreadable_file_naming_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("API_TOKEN", raising=False)
    monkeypatch.setenv("API_TOKEN_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="API_TOKEN_FILE"):
        env_secret("API_TOKEN")


def test_secret_key_is_created_with_mode_600_and_reused(tmp_path: Path):
    path = tmp_path / "var" / "secret_key"  # the directory does not exist yet either
    first = secret_key_from_file(path)
    assert len(first) >= 50
    assert path.read_text() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert secret_key_from_file(path) == first


def test_an_existing_secret_key_is_kept(tmp_path: Path):
    path = tmp_path / "secret_key"
    path.write_text("kept-key\n")
    assert secret_key_from_file(path) == "kept-key"
    assert path.read_text() == "kept-key\n"
