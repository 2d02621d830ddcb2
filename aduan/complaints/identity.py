"""Normalising and checking the reporter's identity fields (phone, NIK)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from aduan.core.errors import ValidationFailed

_NON_DIGITS = re.compile(r"[\s\-().]")


def normalise_phone(raw: str) -> str:
    """An Indonesian number in +62 form: '0812-3456-789', '62812…' and '+62812…' are one number."""
    value = _NON_DIGITS.sub("", raw.strip())
    if not value:
        return ""
    if value.startswith("+"):
        digits = value[1:]
    elif value.startswith("0"):
        digits = "62" + value[1:]
    else:
        digits = value
    if not digits.isdigit() or not digits.startswith("62") or not 9 <= len(digits) - 2 <= 13:
        raise ValidationFailed(
            _("The phone number is not valid. Write it like 0812 3456 7890."), code="phone"
        )
    return "+" + digits


def check_nik(raw: str) -> str:
    """A NIK is 16 digits: region (6), birth date (6, day + 40 for women), serial (4)."""
    value = raw.strip().replace(" ", "")
    if not value:
        return ""
    day = int(value[6:8]) if value[6:8].isdigit() else 0
    month = int(value[8:10]) if value[8:10].isdigit() else 0
    if (
        len(value) != 16
        or not value.isdigit()
        or not (1 <= day <= 31 or 41 <= day <= 71)
        or not 1 <= month <= 12
        or value[12:] == "0000"
    ):
        raise ValidationFailed(_("The NIK must be the 16 digits on your KTP."), code="nik")
    return value
