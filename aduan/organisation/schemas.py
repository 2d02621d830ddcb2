"""Shapes of the public API's reference data: governments, categories, units, regions."""

from __future__ import annotations

from ninja import Field, Schema

from aduan.core.schemas import Choice, CleanInput


class InstansiQuery(CleanInput):
    instansi: str | None = Field(
        None, max_length=20, description="Code of one government; all of them when left out."
    )


class RegionQuery(CleanInput):
    parent: str | None = Field(
        None,
        max_length=16,
        description="Code of a region whose children to list; the kecamatan of every hosted "
        "government when left out.",
    )


class CategoryOut(Schema):
    instansi: str
    code: str
    name: str = Field(description="In the requested language when a translation exists.")
    parent_code: str | None
    sla_tier: Choice


class UnitOut(Schema):
    instansi: str
    code: str
    name: str
    short_name: str
    kind: Choice
    parent_code: str | None


class RegionOut(Schema):
    code: str
    name: str
    level: Choice
    parent_code: str | None
