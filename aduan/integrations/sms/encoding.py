"""How long a text is as SMS, and how it is split (3GPP TS 23.038).

A text in the GSM 7-bit alphabet fits 160 characters in one SMS, or 153 per part when it is
split (the rest of each part carries the header that joins them); the characters of the
extension table (€ [ ] { } ^ ~ \\ |) take two places. Any other character (é is in the
alphabet; ñ is, ë is not, emoji never) makes the whole message UCS-2: 70 characters, or 67
per part.
"""

from __future__ import annotations

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "^{}\\[~]|€\f"
_BASIC = set(GSM7_BASIC)
_EXTENSION = set(GSM7_EXTENSION)

SINGLE = {"gsm7": 160, "ucs2": 70}
PART = {"gsm7": 153, "ucs2": 67}


def encoding_of(text: str) -> str:
    return "gsm7" if all(c in _BASIC or c in _EXTENSION for c in text) else "ucs2"


def _width(char: str, encoding: str) -> int:
    if encoding == "gsm7":
        return 2 if char in _EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1  # outside the BMP: a UTF-16 surrogate pair


def length(text: str) -> int:
    """Places the text takes in its encoding."""
    encoding = encoding_of(text)
    return sum(_width(c, encoding) for c in text)


def segments(text: str) -> list[str]:
    """The text as the parts of one concatenated SMS: one part when it fits 160 (GSM-7) or 70
    (UCS-2) places, else parts of at most 153 or 67, cut at a space where one is near and
    never inside a two-place character."""
    encoding = encoding_of(text)
    if length(text) <= SINGLE[encoding]:
        return [text]
    room = PART[encoding]
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for char in text:
        width = _width(char, encoding)
        if used + width > room:
            chunk = "".join(current)
            cut = chunk.rfind(" ")
            if cut > room // 2:  # end the part at the last word boundary
                parts.append(chunk[: cut + 1])
                current = list(chunk[cut + 1 :])
            else:
                parts.append(chunk)
                current = []
            used = sum(_width(c, encoding) for c in current)
        current.append(char)
        used += width
    if current:
        parts.append("".join(current))
    return parts
