"""Dates and times: in the instansi's time zone, written out, with WIB / WITA / WIT.

The one way aduan writes a time of day, on every page and in every message: "21.35 WITA"
(`time_of_day`). Never Django's |date with H:i, nor strftime in a view.

{% load aduan_format %}
{{ complaint.submitted_at|moment:instansi.time_zone }}   Senin, 3 November 2025 pukul 09.15 WITA
{{ notification.created_at|moment_short:tz }}           3 Nov 2025, 09.15 WITA
{{ complaint.verify_due_at|day:instansi.time_zone }}     Kamis, 6 November 2025

Without a time zone (or with ""), the site's TIME_ZONE is used.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
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
    return value.astimezone(ZoneInfo(time_zone or settings.TIME_ZONE))


def time_of_day(value: datetime, time_zone: str = "") -> str:
    """The local time with its zone, e.g. "21.35 WITA": the one time format of the site."""
    local = _local(value, time_zone)
    zone = _ZONE_NAMES.get(time_zone or settings.TIME_ZONE) or local.strftime("UTC%z")
    return f"{local:%H.%M} {zone}"


@register.filter
def zone(time_zone: str) -> str:
    """WIB, WITA or WIT for Indonesia's zones, else the zone's name."""
    return _ZONE_NAMES.get(time_zone, time_zone)


@register.filter
def day(value: datetime | None, time_zone: str = "") -> str:
    """The local date, e.g. "Kamis, 6 November 2025"."""
    if value is None:
        return ""
    return formats.date_format(_local(value, time_zone), "l, j F Y")


@register.filter
def moment(value: datetime | None, time_zone: str = "") -> str:
    """The local date and time with its zone, e.g. "Senin, 3 November 2025 at 09.15 WITA"."""
    if value is None:
        return ""
    return _("%(date)s at %(time)s") % {
        "date": formats.date_format(_local(value, time_zone), "l, j F Y"),
        "time": time_of_day(value, time_zone),
    }


@register.filter
def moment_short(value: datetime | None, time_zone: str = "") -> str:
    """For lists and tables: "3 Nov 2025, 09.15 WITA"."""
    if value is None:
        return ""
    date = formats.date_format(_local(value, time_zone), "j M Y")
    return f"{date}, {time_of_day(value, time_zone)}"
