"""Public API: reference data a client needs to file a report (categories, units, regions)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router

from aduan.core.schemas import Choice, error_responses
from aduan.organisation import selectors
from aduan.organisation.models import Category, Instansi, Region, Unit
from aduan.organisation.schemas import CategoryOut, InstansiQuery, RegionOut, RegionQuery, UnitOut

router = Router(tags=["reference"])


def _instansi(code: str | None) -> list[Instansi]:
    found = selectors.instansi_public(code)
    if code and not found:
        raise Http404
    return found


def _category_out(category: Category, english: bool) -> CategoryOut:
    return CategoryOut(
        instansi=category.instansi.code,
        code=category.code,
        name=category.name_en if english and category.name_en else category.name,
        parent_code=category.parent.code if category.parent else None,
        sla_tier=Choice(code=category.sla_tier, label=category.get_sla_tier_display()),
    )


def _unit_out(unit: Unit) -> UnitOut:
    return UnitOut(
        instansi=unit.instansi.code,
        code=unit.code,
        name=unit.name,
        short_name=unit.short_name,
        kind=Choice(code=unit.kind, label=unit.get_kind_display()),
        parent_code=unit.parent.code if unit.parent else None,
    )


def _region_out(region: Region) -> RegionOut:
    return RegionOut(
        code=region.code,
        name=region.name,
        level=Choice(code=region.level, label=region.get_level_display()),
        parent_code=region.parent.code if region.parent else None,
    )


@router.get("/categories", response={200: list[CategoryOut], **error_responses(400, 404)})
def list_categories(request: HttpRequest, query: Query[InstansiQuery]) -> list[CategoryOut]:
    """Active categories, parents before their children."""
    instansi = _instansi(query.instansi)
    english = (get_language() or "").startswith("en")
    return [_category_out(c, english) for c in selectors.categories_public(i.pk for i in instansi)]


@router.get("/units", response={200: list[UnitOut], **error_responses(400, 404)})
def list_units(request: HttpRequest, query: Query[InstansiQuery]) -> list[UnitOut]:
    """Active units (OPD, kecamatan offices, sub-units) a report can be addressed to."""
    instansi = _instansi(query.instansi)
    return [_unit_out(u) for u in selectors.units_public(i.pk for i in instansi)]


@router.get("/regions", response={200: list[RegionOut], **error_responses(400, 404)})
def list_regions(request: HttpRequest, query: Query[RegionQuery]) -> list[RegionOut]:
    """Children of a region (`?parent=73.17.01`), or the kecamatan of every hosted government."""
    if query.parent:
        parents = selectors.regions_by_code([query.parent])
        if not parents:
            raise Http404
        parent_ids = [r.pk for r in parents]
    else:
        parent_ids = [i.region_id for i in _instansi(None) if i.region_id is not None]
    return [_region_out(r) for r in selectors.regions_under(parent_ids)]
