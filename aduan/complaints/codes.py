"""Tracking numbers and access codes: readable, unguessable, without look-alike letters."""

from __future__ import annotations

import hashlib
import hmac
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


def normalise_code(raw: str) -> str:
    value = raw.strip().upper().replace(" ", "")
    return value.replace("O", "0").replace("I", "1").replace("L", "1")


def hash_access_code(tracking_number: str, code: str) -> str:
    # A fast hash is enough: the code is 50 random bits, not a human-chosen password.
    return hashlib.sha256(f"{tracking_number}:{normalise_code(code)}".encode()).hexdigest()


def access_code_matches(tracking_number: str, code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_access_code(tracking_number, code), stored_hash)
