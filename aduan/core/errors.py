"""Domain errors: raised by services, mapped by interfaces to 400/403/404/409 responses.

Each carries a translated, human message and a stable machine `code`.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused the action; nothing was changed."""

    code = "invalid"
    http_status = 400

    def __init__(self, message: str | Promise, *, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return str(self.message)


class ValidationFailed(DomainError):
    """The input breaks a rule (a value out of range, a missing reason)."""

    code = "validation"


class PermissionDenied(DomainError):
    """The actor's role does not allow this action on this report."""

    code = "forbidden"
    http_status = 403


class RateLimited(DomainError):
    """Too many attempts from one address or phone number; try again later."""

    code = "rate_limited"
    http_status = 429


class Conflict(DomainError):
    """The report is not (or no longer) in a state where this action applies.

    Also what the loser of a race gets: the winner changed the state first.
    """

    code = "conflict"
    http_status = 409
