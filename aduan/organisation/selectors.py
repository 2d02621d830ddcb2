"""Reads for organisation data: calendars, unit trees, who holds which role where."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

import holidays
from django.contrib.auth.models import AnonymousUser
from django.db.models import F

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.core.workdays import WorkCalendar
from aduan.organisation.choices import CalendarDayKind, RegionLevel
from aduan.organisation.models import (
    CalendarDay,
    Category,
    Instansi,
    Membership,
    Region,
    ReplyTemplate,
    Unit,
)

# ---------------------------------------------------------------- working-day calendars


@lru_cache(maxsize=256)
def national_days_off(year: int) -> frozenset[date]:
    """Indonesian national holidays and cuti bersama (SKB of three ministers) of a year."""
    table = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    return frozenset(table.keys())


_calendar_cache: dict[int, tuple[int, WorkCalendar]] = {}
_calendar_lock = threading.Lock()


def calendar_for(instansi: Instansi) -> WorkCalendar:
    """The working-day calendar of an instansi, cached per process until its days change.

    `instansi.calendar_version` is bumped by `calendar_day_set`, so a cached calendar is
    rebuilt as soon as the caller holds a fresh instansi row.
    """
    cached = _calendar_cache.get(instansi.pk)
    if cached is not None and cached[0] == instansi.calendar_version:
        return cached[1]
    rows = list(CalendarDay.objects.filter(instansi=instansi).values_list("date", "kind"))
    local_off = {d for d, kind in rows if kind == CalendarDayKind.OFF}
    local_working = {d for d, kind in rows if kind == CalendarDayKind.WORKING}

    def days_off(year: int) -> Iterable[date]:
        yield from national_days_off(year)
        yield from (d for d in local_off if d.year == year)

    calendar = WorkCalendar(days_off, extra_working_days=local_working)
    with _calendar_lock:
        _calendar_cache[instansi.pk] = (instansi.calendar_version, calendar)
    return calendar


# ---------------------------------------------------------------- units


def unit_subtree_ids(unit: Unit) -> set[int]:
    """The unit and every unit below it (sub-units, village offices)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.filter(instansi_id=unit.instansi_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found = {unit.pk}
    stack = [unit.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


# ---------------------------------------------------------------- roles


@dataclass(frozen=True)
class Grant:
    """One role of a user: in an instansi, optionally limited to a unit and its subtree."""

    role: str
    instansi_id: int
    unit_id: int | None


def grants_of(user: User | AnonymousUser | None) -> tuple[Grant, ...]:
    """The user's roles, loaded once per user object (so once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    cached: tuple[Grant, ...] | None = getattr(user, "_aduan_grants", None)
    if cached is None:
        cached = tuple(
            Grant(role, instansi_id, unit_id)
            for role, instansi_id, unit_id in Membership.objects.filter(user=user).values_list(
                "role", "instansi_id", "unit_id"
            )
        )
        setattr(user, "_aduan_grants", cached)  # noqa: B010 (a per-request cache on the user)
    return cached


def grants_pin(user: User, grants: Iterable[Grant]) -> User:
    """Hold this user object to `grants` only, for as long as it lives (one request): a staff
    API token acts with the one role it was issued for, whatever else its owner holds. Every
    access selector and service reads roles through `grants_of`, so all of them see the pin."""
    setattr(user, "_aduan_grants", tuple(grants))  # noqa: B010 (the cache grants_of reads)
    return user


def has_role(
    user: User | AnonymousUser | None, roles: Iterable[Role | str], *, instansi_id: int
) -> bool:
    """Does the user hold one of `roles` anywhere in the instansi?"""
    wanted = set(roles)
    return any(g.role in wanted and g.instansi_id == instansi_id for g in grants_of(user))


def unit_ids_for_role(
    user: User | AnonymousUser | None, role: Role | str, *, instansi_id: int | None = None
) -> set[int]:
    """Ids of the units (with their subtrees) where the user holds a unit-scoped role."""
    ids: set[int] = set()
    for grant in grants_of(user):
        if grant.role != role or grant.unit_id is None:
            continue
        if instansi_id is not None and grant.instansi_id != instansi_id:
            continue
        ids |= unit_subtree_ids(Unit(pk=grant.unit_id, instansi_id=grant.instansi_id))
    return ids


def liaison_reach(user: User | AnonymousUser | None, unit: Unit) -> set[int]:
    """Units a liaison may pass work of `unit` on to: the subtree of each unit where the user
    is a liaison and which holds `unit` (the same unit, a parent of it). Empty if none."""
    reach: set[int] = set()
    for grant in grants_of(user):
        if grant.role != Role.LIAISON or grant.unit_id is None:
            continue
        if grant.instansi_id != unit.instansi_id:
            continue
        subtree = unit_subtree_ids(Unit(pk=grant.unit_id, instansi_id=grant.instansi_id))
        if unit.pk in subtree:
            reach |= subtree
    return reach


def instansi_ids_for_role(
    user: User | AnonymousUser | None, roles: Iterable[Role | str]
) -> set[int]:
    """Instansi where the user holds one of `roles` over the whole instansi (no unit limit)."""
    wanted = set(roles)
    return {g.instansi_id for g in grants_of(user) if g.role in wanted and g.unit_id is None}


def coordinator_unit(user: User, instansi_id: int) -> Unit | None:
    """The unit a coordinator belongs to (Diskominfo), used when it handles a report itself."""
    for grant in grants_of(user):
        if (
            grant.role == Role.COORDINATOR
            and grant.instansi_id == instansi_id
            and grant.unit_id is not None
        ):
            return Unit.objects.get(pk=grant.unit_id)
    return None


# ---------------------------------------------------------------- public reference data


def instansi_public(code: str | None = None) -> list[Instansi]:
    """The governments a citizen can report to; one by its code, or all of them."""
    rows = Instansi.objects.select_related("region").order_by("code")
    return list(rows.filter(code=code) if code else rows)


def categories_public(instansi_ids: Iterable[int]) -> list[Category]:
    """Active categories, each parent before its children."""
    return list(
        Category.objects.filter(instansi_id__in=list(instansi_ids), is_active=True)
        .select_related("instansi", "parent")
        # Parents (no parent) first on every database: PostgreSQL sorts NULL last by default.
        .order_by("instansi__code", F("parent_id").asc(nulls_first=True), "name", "pk")
    )


def units_public(instansi_ids: Iterable[int]) -> list[Unit]:
    return list(
        Unit.objects.filter(instansi_id__in=list(instansi_ids), is_active=True)
        .select_related("instansi", "parent")
        .order_by("instansi__code", "name", "pk")
    )


def regions_under(parent_ids: Iterable[int]) -> list[Region]:
    return list(
        Region.objects.filter(parent_id__in=list(parent_ids))
        .select_related("parent")
        .order_by("code")
    )


def regions_by_code(codes: Iterable[str]) -> list[Region]:
    return list(Region.objects.filter(code__in=list(codes)))


EARTH_RADIUS_KM = 6371.0088


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (latitude, longitude) points, in km."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def village_nearest(
    *, regency_id: int, latitude: float, longitude: float
) -> tuple[Region, float] | None:
    """The desa/kelurahan of the regency whose centroid is nearest to the point (with its
    kecamatan as `parent`), and how far it is in km; None when none of them has coordinates.

    A scan in Python over the regency's few hundred centroids (docs/integrations.md has the
    time per lookup); the caller decides how far is too far.
    """
    points = Region.objects.filter(
        parent__parent_id=regency_id,
        level=RegionLevel.VILLAGE,
        latitude__isnull=False,
        longitude__isnull=False,
    ).values_list("pk", "latitude", "longitude")
    best: tuple[float, int] | None = None
    for pk, lat, lng in points:
        if lat is None or lng is None:  # filtered above; for the type checker
            continue
        km = km_between((latitude, longitude), (float(lat), float(lng)))
        if best is None or km < best[0]:
            best = (km, pk)
    if best is None:
        return None
    return Region.objects.select_related("parent").get(pk=best[1]), best[0]


# ---------------------------------------------------------------- reference lookups by code

# Every submission resolves its instansi, region, category and unit codes; the rows change only
# through the admin and the reference loaders. So each process keeps what it found for a
# minute. A save or delete in this process clears it at once (signals in apps.py, and
# `calendar_changed`); another worker sees an admin's change within REFERENCE_TTL_SECONDS.
# Codes not found are not kept.
REFERENCE_TTL_SECONDS = 60.0
_REFERENCE_MAX_ENTRIES = 4096
_reference_cache: dict[tuple[object, ...], tuple[float, Any]] = {}

_T = TypeVar("_T")


def _reference(key: tuple[object, ...], load: Callable[[], _T | None]) -> _T | None:
    now = time.monotonic()
    cached = _reference_cache.get(key)
    if cached is not None and cached[0] > now:
        found: _T = cached[1]
        return found
    value = load()
    if value is not None:
        if len(_reference_cache) >= _REFERENCE_MAX_ENTRIES:
            _reference_cache.clear()
        _reference_cache[key] = (now + REFERENCE_TTL_SECONDS, value)
    return value


def reference_caches_clear() -> None:
    """Forget the reference rows found by code (after any change to them, and in tests)."""
    _reference_cache.clear()


def instansi_by_code(code: str) -> Instansi | None:
    """A government a citizen can report to, by its code (with its region)."""
    return _reference(
        ("instansi", code),
        lambda: Instansi.objects.select_related("region").filter(code=code).first(),
    )


def region_by_code(code: str) -> Region | None:
    return _reference(("region", code), lambda: Region.objects.filter(code=code).first())


def category_by_code(*, instansi_id: int, code: str) -> Category | None:
    """An active category of the instansi, by its code."""
    return _reference(
        ("category", instansi_id, code),
        lambda: Category.objects.filter(instansi_id=instansi_id, code=code, is_active=True).first(),
    )


def unit_by_code(*, instansi_id: int, code: str) -> Unit | None:
    """An active unit of the instansi, by its code."""
    return _reference(
        ("unit", instansi_id, code),
        lambda: Unit.objects.filter(instansi_id=instansi_id, code=code, is_active=True).first(),
    )


# ---------------------------------------------------------------- reply templates


def reply_templates_for(instansi_id: int) -> list[ReplyTemplate]:
    """The active reply templates a unit of this instansi can start a follow-up from."""
    return list(
        ReplyTemplate.objects.filter(instansi_id=instansi_id, is_active=True).order_by(
            "ordering", "title", "pk"
        )
    )
