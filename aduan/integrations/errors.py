"""The one error every transport raises (STYLE.md section 5)."""

from __future__ import annotations


class TransportError(Exception):
    """Sending failed. `permanent`: retrying the same message cannot succeed (a refused address,
    a malformed request); otherwise the worker retries it later with backoff."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent

    def __str__(self) -> str:
        return self.message
