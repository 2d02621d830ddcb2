"""Dates for citizens: in the instansi's time zone, written out, with WIB / WITA / WIT.

{% load aduan_format %}
{{ complaint.submitted_at|moment:instansi.time_zone }}   Senin, 3 November 2025 pukul 09.15 WITA
{{ complaint.verify_due_at|day:instansi.time_zone }}     Kamis, 6 November 2025
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()

# Indonesia's three zones as people write them; other zones fall back to the offset.
_ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def _local(value: datetime, time_zone: str) -> datetime:
    return value.astimezone(ZoneInfo(time_zone or "Asia/Makassar"))


@register.filter
def zone(time_zone: str) -> str:
    """WIB, WITA or WIT for Indonesia's zones, else the zone's name."""
    return _ZONE_NAMES.get(time_zone, time_zone)


@register.filter
def day(value: datetime | None, time_zone: str = "Asia/Makassar") -> str:
    """The local date, e.g. "Kamis, 6 November 2025"."""
    if value is None:
        return ""
    return formats.date_format(_local(value, time_zone), "l, j F Y")


@register.filter
def moment(value: datetime | None, time_zone: str = "Asia/Makassar") -> str:
    """The local date and time with its zone, e.g. "Senin, 3 November 2025 at 09.15 WITA"."""
    if value is None:
        return ""
    local = _local(value, time_zone)
    zone = _ZONE_NAMES.get(time_zone) or local.strftime("UTC%z")
    return _("%(date)s at %(time)s %(zone)s") % {
        "date": formats.date_format(local, "l, j F Y"),
        "time": local.strftime("%H.%M"),
        "zone": zone,
    }
