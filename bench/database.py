"""Which database a run uses, creating it when missing, and the reference rows it needs.

Nothing here touches the development database (var/aduan.sqlite3) or the test database:
every run points Django at var/bench/ or at its own PostgreSQL database through the
environment, before Django is set up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
FULL_SIZE = 1_000_000
# Only the local server, trust authentication (the machines' CI setup).
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"


@dataclass(frozen=True)
class Target:
    vendor: str  # "sqlite" or "postgres"
    reports: int

    @property
    def name(self) -> str:
        # The full run owns `aduan_bench`; smaller runs get their own so they never mix.
        # ADUAN_BENCH_PREFIX gives a second engineer on the same PostgreSQL server their own.
        suffix = "" if self.reports == FULL_SIZE else f"_{self.reports}"
        return f"{os.environ.get('ADUAN_BENCH_PREFIX') or 'aduan_bench'}{suffix}"

    @property
    def url(self) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{VAR_DIR / (self.name + '.sqlite3')}"
        return f"{POSTGRES_SERVER}/{self.name}"


def configure_environment(target: Target) -> None:
    """Point settings at the benchmark database; must run before django.setup()."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = target.url
    os.environ["ADUAN_VAR_DIR"] = str(VAR_DIR)
    os.environ["DJANGO_SETTINGS_MODULE"] = "aduan.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if target.vendor == "postgres":
        ensure_postgres_database(target.name)


def ensure_postgres_database(name: str) -> None:
    """CREATE DATABASE when missing (what `createdb` does), through the project's driver."""
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists is None:
            print(f"creating PostgreSQL database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


@dataclass(frozen=True)
class Staff:
    coordinator_id: int
    operator_id: int
    liaison_by_unit: dict[int, int]


def prepare_schema_and_reference() -> Staff:
    """Migrate, load Kabupaten Luwu and the benchmark's staff accounts (idempotent)."""
    from django.core.management import call_command

    from aduan.accounts.choices import Role
    from aduan.accounts.models import User
    from aduan.organisation.models import Instansi, Membership, Unit
    from aduan.organisation.reference import luwu_load

    call_command("migrate", verbosity=0, interactive=False)
    instansi = Instansi.objects.filter(code="luwu").first() or luwu_load()
    units = list(Unit.objects.filter(instansi=instansi).order_by("pk"))
    hub = next(u for u in units if u.code == "diskominfo")

    def member(username: str, role: str, unit: Unit | None) -> int:
        user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        Membership.objects.get_or_create(user=user, role=role, instansi=instansi, unit=unit)
        return user.pk

    return Staff(
        coordinator_id=member("bench-coordinator", Role.COORDINATOR, hub),
        operator_id=member("bench-operator", Role.OPERATOR, None),
        liaison_by_unit={u.pk: member(f"bench-liaison-{u.code}", Role.LIAISON, u) for u in units},
    )
