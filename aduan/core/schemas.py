"""API shapes shared by every app: the one error format and coded values with labels."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict, field_validator

# NUL and lone surrogates: valid in a JSON string, refused by the databases (PostgreSQL text
# cannot hold NUL; neither can encode a surrogate as UTF-8).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class CleanInput(BaseModel):
    """Input whose text fields the database can store; an input schema's base.

    A plain pydantic model, not ninja's `Schema`: `Schema` reads its input through a wrapper
    meant for ORM objects, and with `extra="forbid"` validates every body twice (once to find
    unknown fields, once through the wrapper). A request body is a dict; once is enough
    (docs/performance.md).
    """

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: Any) -> Any:
        if isinstance(value, str) and _UNSTORABLE.search(value):
            raise ValueError(_("This text contains characters that cannot be stored."))
        return value


class StrictInput(CleanInput):
    """A request body: an unknown field is refused, so a typo (or attachments sent in the
    JSON) is reported instead of silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Schema):
    code: str = Field(description="A stable machine code, e.g. `validation`, `not_found`.")
    message: str = Field(description="A readable message in the requested language.")
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="Per field (dotted path, e.g. `reporter.phone`), what is wrong with it.",
    )


class ErrorOut(Schema):
    """Every error of the API has this one shape."""

    error: ErrorDetail


class Choice(Schema):
    """A coded value with its label in the requested language."""

    code: str
    label: str


class Named(Schema):
    code: str
    name: str


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The documented error answers of an operation, all in the one format."""
    return dict.fromkeys(statuses, ErrorOut)
