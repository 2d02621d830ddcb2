"""Reads of the routing assistant: suggestions for a report, from the model in use.

A suggestion never decides anything: it is shown to the coordinator (and the staff API), who
accepts it with one action (services.suggestion_accept) or chooses otherwise.

How units are ranked: the base model (trained on public LAPOR! reports, shipped in data/)
gives a probability per generic sector; each sector's probability goes to the instansi's units
of that sector (a kecamatan office only when the report's place lies in its kecamatan). Once
the instansi has a model of its own (trained on its coordinators' dispatch decisions,
services.routing_model_train), its unit probabilities are blended in, weighted by how many
decisions it learned from. Scope (regional, central, BPJS, BUMN/BUMD) comes from the base
scope model.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from aduan.complaints.choices import Status
from aduan.complaints.models import Complaint
from aduan.core.errors import Conflict
from aduan.organisation.choices import UnitKind
from aduan.organisation.models import Category, Instansi, Unit
from aduan.routing.choices import Scope, Sector
from aduan.routing.labels import sector_of_agency
from aduan.routing.linear import LinearModel
from aduan.routing.location import Place, place_in
from aduan.routing.models import RoutingModel, UnitSector

DATA = Path(__file__).resolve().parent / "data"
# An instansi's own model counts fully once it learned from this many decisions.
OWN_MODEL_FULL_WEIGHT = 200


@functools.cache
def base_model(target: str) -> LinearModel:
    """The shipped model of `target` ("sector" or "scope"), read once per process."""
    return LinearModel.load(DATA / f"base-{target}.json.gz")


@functools.lru_cache(maxsize=64)
def _own_model(instansi_id: int, version: int) -> LinearModel:
    params = RoutingModel.objects.values_list("params", flat=True).get(
        instansi_id=instansi_id, version=version
    )
    return LinearModel.from_json(params)


def model_in_use(instansi: Instansi) -> tuple[RoutingModel | None, LinearModel | None]:
    row = RoutingModel.objects.filter(instansi=instansi, in_use=True).defer("params").first()
    if row is None:
        return None, None
    return row, _own_model(instansi.pk, row.version)


def sector_of_unit(unit: Unit, mapped: dict[int, str] | None = None) -> str:
    """The unit's sector: its UnitSector row, else read from its kind and name."""
    if mapped is not None and unit.pk in mapped:
        return mapped[unit.pk]
    if unit.kind in (UnitKind.DISTRICT_OFFICE, UnitKind.VILLAGE_OFFICE):
        return Sector.DISTRICT_OFFICE
    return sector_of_agency(unit.name)


@dataclass(frozen=True)
class UnitSuggestion:
    unit: Unit
    category: Category | None
    confidence: float
    reason: str


@dataclass(frozen=True)
class Suggestion:
    """The assistant's view of one report."""

    units: list[UnitSuggestion]
    scope: str
    scope_confidence: float
    place: Place | None
    model_version: int | None

    @property
    def scope_label(self) -> str:
        return str(Scope(self.scope).label)


def _units(instansi: Instansi) -> list[Unit]:
    return list(
        Unit.objects.filter(instansi=instansi, is_active=True, parent__isnull=True)
        .select_related("region")
        .order_by("pk")
    )


def _default_categories(instansi: Instansi) -> dict[int, Category]:
    """For each unit, the first category that names it as its default unit (its SLA tier)."""
    found: dict[int, Category] = {}
    for category in Category.objects.filter(
        instansi=instansi, default_unit__isnull=False, parent__isnull=False
    ).order_by("pk"):
        assert category.default_unit_id is not None
        found.setdefault(category.default_unit_id, category)
    for category in Category.objects.filter(
        instansi=instansi, default_unit__isnull=False, parent__isnull=True
    ).order_by("pk"):
        assert category.default_unit_id is not None
        found.setdefault(category.default_unit_id, category)
    return found


@dataclass(frozen=True)
class Context:
    """What suggestions for one instansi read from the database, read once for many texts."""

    units: list[Unit]
    by_sector: dict[str, list[Unit]]
    categories: dict[int, Category]
    model_row: RoutingModel | None
    own_model: LinearModel | None


def routing_context(instansi: Instansi) -> Context:
    units = _units(instansi)
    mapped = dict(
        UnitSector.objects.filter(unit__instansi=instansi).values_list("unit_id", "sector")
    )
    by_sector: dict[str, list[Unit]] = {}
    for unit in units:
        by_sector.setdefault(sector_of_unit(unit, mapped), []).append(unit)
    row, own = model_in_use(instansi)
    return Context(units, by_sector, _default_categories(instansi), row, own)


def suggest_text(
    instansi: Instansi, text: str, *, place: Place | None = None, context: Context | None = None
) -> Suggestion:
    """Suggestions for a text of `instansi`: units best first, scope, the place named."""
    context = context or routing_context(instansi)
    place = place or place_in(instansi, text)
    sectors = base_model("sector").score(text)
    scope = base_model("scope").score(text, reasons=0)[0]
    units, by_sector = context.units, context.by_sector
    district_id = None
    if place is not None:
        district_id = place.parent_id if place.level == "village" else place.region_id

    scores: dict[int, float] = {}
    reasons: dict[int, str] = {}
    for scored in sectors:
        members = by_sector.get(scored.label, [])
        if scored.label == Sector.DISTRICT_OFFICE:
            members = [u for u in members if u.region_id == district_id] or []
        for unit in members:
            share = scored.probability / len(members)
            if share > scores.get(unit.pk, 0.0):
                scores[unit.pk] = share
                reasons[unit.pk] = ", ".join(scored.terms)
    row, own = context.model_row, context.own_model
    if row is not None and own is not None:
        weight = min(row.examples / OWN_MODEL_FULL_WEIGHT, 1.0) * 0.8
        by_code = {u.code: u for u in units}
        own_scores = {by_code[s.label].pk: s for s in own.score(text) if s.label in by_code}
        for pk in set(scores) | set(own_scores):
            mine = own_scores.get(pk)
            scores[pk] = (1 - weight) * scores.get(pk, 0.0) + weight * (
                mine.probability if mine else 0.0
            )
            if mine is not None and mine.terms and weight >= 0.4:
                reasons[pk] = ", ".join(mine.terms)
    categories = context.categories
    lookup = {u.pk: u for u in units}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    if len(ranked) < 3:  # always three: fill with the units of the most likely sectors
        for scored in sectors:
            for unit in by_sector.get(scored.label, []):
                if len(ranked) < 3 and unit.pk not in dict(ranked):
                    ranked.append((unit.pk, 0.0))
    return Suggestion(
        units=[
            UnitSuggestion(lookup[pk], categories.get(pk), round(conf, 3), reasons.get(pk, ""))
            for pk, conf in ranked
        ],
        scope=scope.label,
        scope_confidence=round(scope.probability, 3),
        place=place,
        model_version=row.version if row is not None else None,
    )


def suggestion_for(complaint: Complaint) -> Suggestion:
    """Suggestions for a report; the place it names counts only when the reporter left the
    location empty (a chosen desa is taken as it is)."""
    text = f"{complaint.title}\n{complaint.description}\n{complaint.address}"
    place = None
    region = complaint.region
    if region is not None:
        place = Place(region.pk, region.code, region.name, region.level, region.parent_id)
    return suggest_text(complaint.instansi, text, place=place)


def suggestion_pending(complaint: Complaint) -> Suggestion:
    """Suggestions for a report awaiting verification, the only ones the coordinator can act
    on (the verification screen shows none once the report has moved on); 409 otherwise."""
    if complaint.status != Status.SUBMITTED:
        raise Conflict(
            _(
                "This report is no longer awaiting verification, so its suggestions no longer "
                "apply."
            ),
            code="suggestion_stale",
        )
    return suggestion_for(complaint)
