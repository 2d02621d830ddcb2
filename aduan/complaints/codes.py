"""Tracking numbers and access codes: readable, unguessable, without look-alike letters."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

# Crockford's base32: no I, L, O or U, so nothing is misread over the phone.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _random(n: int) -> str:
    # One call to the OS for all n characters (secrets.choice per character cost 55 µs of
    # every submission); 256 is a multiple of 32, so `byte % 32` is uniform over the alphabet.
    return "".join(ALPHABET[byte % 32] for byte in secrets.token_bytes(n))


def new_tracking_number(prefix: str) -> str:
    """LWU-7K3M-9QXR: 40 random bits, read out in two groups of four."""
    return f"{prefix}-{_random(4)}-{_random(4)}"


def new_access_code() -> str:
    """The reporter's secret: 10 characters (50 bits), shown once, stored only as a hash."""
    return _random(10)


# Everything a person may type between the characters: spaces, dashes, dots, slashes, …
_SEPARATORS = re.compile(r"[^0-9A-Z]+")
# The random part of a tracking number: two groups of four after the instansi's prefix.
_RANDOM_LENGTH = 8


def _readable(value: str) -> str:
    """Crockford's look-alikes: O is 0, I and L are 1 (neither is in the alphabet)."""
    return value.replace("O", "0").replace("I", "1").replace("L", "1")


def normalise_code(raw: str) -> str:
    """An access code as typed ("ab12-cd34 ef", "AB12.CD34EF") to the stored form ("AB12CD34EF")."""
    return _readable(_SEPARATORS.sub("", raw.upper()))


def normalise_tracking_number(raw: str) -> str:
    """A tracking number as typed to its stored form, LWU-7K3M-9QXR.

    The one function every channel calls (the web form, the page address, the API, and the
    text channels): "lwu 7k3m 9qxr", "LWU7K3M9QXR", "LWU_7K3M.9QXR" and "lwu-7k3m-9qxr" all give
    "LWU-7K3M-9QXR". The prefix keeps its letters (the L of LWU stays L); only the random part
    reads O as 0 and I or L as 1. Text that cannot be a tracking number comes back cleaned but
    otherwise unchanged, so the lookup simply finds nothing.
    """
    value = _SEPARATORS.sub("", raw.upper())
    if len(value) <= _RANDOM_LENGTH or not value[:-_RANDOM_LENGTH].isalpha():
        return value
    prefix, random = value[:-_RANDOM_LENGTH], _readable(value[-_RANDOM_LENGTH:])
    return f"{prefix}-{random[:4]}-{random[4:]}"


def hash_access_code(tracking_number: str, code: str) -> str:
    # A fast hash is enough: the code is 50 random bits, not a human-chosen password.
    return hashlib.sha256(f"{tracking_number}:{normalise_code(code)}".encode()).hexdigest()


def access_code_matches(tracking_number: str, code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_access_code(tracking_number, code), stored_hash)
