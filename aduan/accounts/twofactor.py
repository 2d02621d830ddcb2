"""Recovery codes and the QR code of TOTP enrolment: pure functions, no database.

Recovery codes are kept in django-otp's StaticToken rows as a hash, never in clear text. A
code carries 80 random bits, so a plain SHA-256 (salted with the user id) cannot be reversed
by trying codes, and checking one costs nothing; a slow password hash would add nothing here.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

import qrcode
import qrcode.image.svg

RECOVERY_CODE_COUNT = 10
_CODE_BYTES = 10  # 80 bits: 16 base32 characters


def recovery_code_new() -> str:
    """A fresh code in its stored form: 16 lowercase base32 characters."""
    return base64.b32encode(secrets.token_bytes(_CODE_BYTES)).decode().lower()


def recovery_code_display(code: str) -> str:
    """`abcd-efgh-ijkl-mnop`: groups of four are easier to copy by hand."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def recovery_code_normalise(text: str) -> str:
    """What the user typed, without spaces, dashes or capitals."""
    return re.sub(r"[^a-z2-7]", "", text.lower())


def recovery_code_hash(*, user_id: int, code: str) -> str:
    """The stored form of a code: fits StaticToken.token (16 characters)."""
    digest = hashlib.sha256(f"aduan-recovery:{user_id}:{code}".encode()).digest()
    return base64.b32encode(digest).decode().lower()[:16]


def totp_secret_display(bin_key: bytes) -> str:
    """The base32 secret for typing into an app by hand, in groups of four."""
    secret = base64.b32encode(bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(data: str) -> str:
    """An inline SVG QR code of `data`, drawn here: no JavaScript, no outside service."""
    code = qrcode.QRCode(
        image_factory=qrcode.image.svg.SvgPathFillImage,  # white background: scans on dark themes
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=4,
    )
    code.add_data(data)
    code.make(fit=True)
    svg: str = code.make_image().to_string(encoding="unicode")
    return svg
