"""Reads of the survey: the results (NRR, IKM, grade, sample) of a unit or an instansi over a
period, per unit, and the respondents' profile. Aggregated in the database, one query per
table; the arithmetic is `surveys.index`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import AgeGroup, Gender
from aduan.organisation.models import Instansi, Unit
from aduan.organisation.selectors import grants_of, unit_subtree_ids
from aduan.surveys import index
from aduan.surveys.choices import ELEMENTS, Grade
from aduan.surveys.models import SurveyPopulation, SurveyResponse

# The longest period a results page or the API answers for.
MAX_PERIOD_DAYS = 366 * 5


@dataclass(frozen=True)
class ElementResult:
    element: str
    answered: int
    nrr: Fraction | None

    @property
    def nrr_rounded(self) -> Decimal | None:
        """The NRR to 3 decimals, as the regulation's worked tables show it."""
        if self.nrr is None:
            return None
        exact = Decimal(self.nrr.numerator) / Decimal(self.nrr.denominator)
        return exact.quantize(Decimal("0.001"))


@dataclass(frozen=True)
class Results:
    """The survey's figures for one unit (or a whole instansi) over one period."""

    respondents: int
    elements: list[ElementResult]
    ikm_exact: Fraction | None
    population: int | None = None
    unit: Unit | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def nrr(self) -> dict[str, Fraction | None]:
        return {e.element: e.nrr for e in self.elements}

    @property
    def ikm(self) -> Decimal | None:
        return None if self.ikm_exact is None else index.rounded(self.ikm_exact)

    @property
    def grade(self) -> Grade | None:
        return None if self.ikm is None else index.grade(self.ikm)

    @property
    def minimum_sample(self) -> int | None:
        return None if self.population is None else index.minimum_sample(self.population)

    @property
    def below_minimum(self) -> bool:
        minimum = self.minimum_sample
        return minimum is not None and self.respondents < minimum


def responses_in(
    *, instansi: Instansi, date_from: date, date_to: date, unit: Unit | None = None
) -> QuerySet[SurveyResponse]:
    rows = SurveyResponse.objects.filter(
        instansi=instansi, submitted_on__gte=date_from, submitted_on__lte=date_to
    )
    return rows.filter(unit=unit) if unit is not None else rows


def _sums() -> dict[str, Any]:
    found: dict[str, Any] = {"respondents": Count("pk")}
    for e in ELEMENTS:
        found[f"{e}_sum"] = Sum(e)
        found[f"{e}_count"] = Count(e)  # counts non-null answers only
    return found


def _results(row: dict[str, Any], *, population: int | None, unit: Unit | None) -> Results:
    elements = [
        ElementResult(
            element=e,
            answered=int(row[f"{e}_count"] or 0),
            nrr=index.nrr(int(row[f"{e}_sum"] or 0), int(row[f"{e}_count"] or 0)),
        )
        for e in ELEMENTS
    ]
    return Results(
        respondents=int(row["respondents"] or 0),
        elements=elements,
        ikm_exact=index.ikm({e.element: e.nrr for e in elements}),
        population=population,
        unit=unit,
    )


def population_of(*, unit: Unit, date_from: date, date_to: date) -> int | None:
    """The population set for the unit over a period that covers the one asked (the narrowest
    such), or None."""
    return (
        SurveyPopulation.objects.filter(unit=unit, date_from__lte=date_from, date_to__gte=date_to)
        .order_by("date_to", "-date_from")
        .values_list("population", flat=True)
        .first()
    )


def survey_results(
    *, instansi: Instansi, date_from: date, date_to: date, unit: Unit | None = None
) -> Results:
    """NRR per element, IKM, grade and the sample check of a unit (or the whole instansi)."""
    row = responses_in(
        instansi=instansi, date_from=date_from, date_to=date_to, unit=unit
    ).aggregate(**_sums())
    population = population_of(unit=unit, date_from=date_from, date_to=date_to) if unit else None
    return _results(row, population=population, unit=unit)


def survey_results_by_unit(*, instansi: Instansi, date_from: date, date_to: date) -> list[Results]:
    """The results of every unit with at least one response in the period, by unit name."""
    rows = list(
        responses_in(instansi=instansi, date_from=date_from, date_to=date_to)
        .values("unit_id")
        .annotate(**_sums())
        .order_by()
    )
    units = Unit.objects.in_bulk([r["unit_id"] for r in rows])
    populations: dict[int, int] = {}
    for p in SurveyPopulation.objects.filter(
        unit_id__in=list(units), date_from__lte=date_from, date_to__gte=date_to
    ).order_by("-date_to", "date_from"):
        populations[p.unit_id] = p.population  # the narrowest period is written last
    found = [
        _results(r, population=populations.get(r["unit_id"]), unit=units[r["unit_id"]])
        for r in rows
    ]
    return sorted(found, key=lambda r: str(r.unit))


@dataclass(frozen=True)
class GroupResults:
    """The survey's figures of one answer to a profile question (e.g. gender: female)."""

    label: str
    results: Results


PROFILE_FIELDS: tuple[tuple[str, Any, list[tuple[Any, Any]]], ...] = (
    ("gender", _("Gender"), list(Gender.choices)),
    ("age_group", _("Age group"), list(AgeGroup.choices)),
    (
        "has_disability",
        _("Disability"),
        [(True, _("With a disability")), (False, _("Without a disability"))],
    ),
)


def survey_results_by_profile(
    *, instansi: Instansi, date_from: date, date_to: date, unit: Unit | None = None
) -> list[tuple[str, list[GroupResults]]]:
    """Per profile question (gender, age group, disability): each answer's respondents, NRR
    and IKM, "not stated" last. One grouped query per question."""
    rows = responses_in(instansi=instansi, date_from=date_from, date_to=date_to, unit=unit)
    found = []
    for name, title, choices in PROFILE_FIELDS:
        grouped = {r[name]: r for r in rows.values(name).annotate(**_sums()).order_by()}
        groups = []
        for value, label in choices:
            if value in grouped:
                groups.append(
                    GroupResults(str(label), _results(grouped[value], population=None, unit=unit))
                )
        rest = [r for key, r in grouped.items() if key not in {v for v, _l in choices}]
        if rest:
            merged = {k: sum(int(r[k] or 0) for r in rest) for k in rest[0] if k != name}
            groups.append(
                GroupResults(str(_("Not stated")), _results(merged, population=None, unit=unit))
            )
        found.append((str(title), groups))
    return found


def profile_counts(
    *, instansi: Instansi, date_from: date, date_to: date, unit: Unit | None = None
) -> dict[str, dict[str, int]]:
    """How many respondents gave each answer of the profile (blank: ""), per profile field."""
    rows = responses_in(instansi=instansi, date_from=date_from, date_to=date_to, unit=unit)
    found: dict[str, dict[str, int]] = {}
    for name in ("gender", "age_group", "education", "occupation", "has_disability"):
        counts = rows.values(name).annotate(n=Count("pk")).order_by()
        found[name] = {
            ("" if r[name] is None else str(r[name]).lower()): int(r["n"]) for r in counts
        }
    return found


def units_with_survey(instansi: Instansi) -> QuerySet[Unit]:
    """The active units a survey can be about."""
    return Unit.objects.filter(instansi=instansi, is_active=True).order_by("name")


def unit_answered(*, complaint_id: int) -> bool:
    return SurveyResponse.objects.filter(Q(complaint_id=complaint_id)).exists()


# ---------------------------------------------------------------- who sees the results

# The console's results page is for those who oversee: as reporting's oversight pages.
RESULTS_ROLES = (Role.COORDINATOR, Role.LEADER, Role.AUDITOR)


@dataclass(frozen=True)
class Scope:
    """What one user oversees in one instansi: all of it (`unit_ids` None) or unit subtrees."""

    instansi: Instansi
    unit_ids: frozenset[int] | None

    @property
    def whole_instansi(self) -> bool:
        return self.unit_ids is None


def oversight_scope_for(user: User, code: str | None) -> tuple[Scope, list[Scope]]:
    """The instansi asked for (`?instansi=`), else the first the user oversees; Http404
    outside them. A leader of a unit sees that unit and its sub-units only."""
    wide: set[int] = set()
    units: dict[int, set[int]] = {}
    for grant in grants_of(user):
        if grant.role not in RESULTS_ROLES:
            continue
        if grant.role != Role.LEADER or grant.unit_id is None:
            wide.add(grant.instansi_id)
        else:
            units.setdefault(grant.instansi_id, set()).add(grant.unit_id)
    scopes = []
    for instansi in Instansi.objects.filter(pk__in=wide | set(units)).order_by("name"):
        if instansi.pk in wide:
            scopes.append(Scope(instansi, None))
            continue
        subtree: set[int] = set()
        for unit_id in units[instansi.pk]:
            subtree |= unit_subtree_ids(Unit(pk=unit_id, instansi_id=instansi.pk))
        scopes.append(Scope(instansi, frozenset(subtree)))
    if not scopes:
        raise Http404
    for scope in scopes:
        if not code or scope.instansi.code == code:
            return scope, scopes
    raise Http404
