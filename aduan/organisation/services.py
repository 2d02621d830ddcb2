"""Writes to organisation data that the admin and the reference loaders share."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F

from aduan.organisation.models import CalendarDay, Instansi
from aduan.organisation.selectors import reference_caches_clear


@transaction.atomic
def calendar_day_set(*, instansi: Instansi, day: date, kind: str, description: str) -> CalendarDay:
    """Declare a day off or a working day for an instansi; cached calendars are rebuilt."""
    row, _ = CalendarDay.objects.update_or_create(
        instansi=instansi, date=day, defaults={"kind": kind, "description": description}
    )
    calendar_changed(instansi=instansi)
    return row


@transaction.atomic
def calendar_day_remove(*, instansi: Instansi, day: date) -> None:
    CalendarDay.objects.filter(instansi=instansi, date=day).delete()
    calendar_changed(instansi=instansi)


def calendar_changed(*, instansi: Instansi) -> None:
    Instansi.objects.filter(pk=instansi.pk).update(calendar_version=F("calendar_version") + 1)
    instansi.refresh_from_db(fields=["calendar_version"])
    reference_caches_clear()  # the instansi found by code carries the old calendar_version
