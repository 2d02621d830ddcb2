"""Luwu's 2020-2024 plan as loaded matches the signed document's tables, read from the seed.

The seed is the document's text: table cells are separated by tabs and a tick is "✓", so the
tests parse the tables themselves rather than trusting the transcription in
`reference/luwu_2020_2024.py`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from aduan.actionplan.choices import Aspect, Measure, TeamRole
from aduan.actionplan.models import Plan, PlanChange
from aduan.actionplan.reference import luwu_plan_load
from aduan.organisation.models import Instansi

SEED = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "seed"
    / "rencana-aksi-sp4n-lapor-luwu-2020-2024.txt"
)
ASPECT_COLUMNS = [
    Aspect.POLICY,
    Aspect.PEOPLE,
    Aspect.DATA,
    Aspect.PARTICIPATION,
    Aspect.COORDINATION,
]


def _lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def _between(start: str, end: str) -> list[str]:
    lines = _lines()
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i in range(first + 1, len(lines)) if lines[i].startswith(end))
    return lines[first:last]


def _ticks(cells: list[str]) -> list[int]:
    return [i for i, cell in enumerate(cells) if "✓" in cell]


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"</?i>", "", text)).strip()


def _matrix(start: str, end: str) -> dict[int, tuple[str, list[int], int]]:
    """Rows of a matrix table: number -> (statement, tick columns, cells on the line);
    continuation lines of a statement split by a page break are joined to it."""
    rows: dict[int, tuple[str, list[int], int]] = {}
    current = 0
    for line in _between(start, end):
        cells = line.split("\t")
        if len(cells) > 2 and cells[0].strip().isdigit():
            current = int(cells[0])
            rows[current] = (cells[1], _ticks(cells), len(cells))
        elif current and len(cells) > 2 and not cells[0].strip() and cells[1].strip():
            text, ticks, count = rows[current]
            rows[current] = (f"{text} {cells[1]}", ticks or _ticks(cells), count)
    return {n: (_clean(text), ticks, count) for n, (text, ticks, count) in rows.items()}


@pytest.fixture
def plan(luwu: Instansi) -> Plan:
    return luwu_plan_load(luwu)


def test_the_seed_is_there():
    assert SEED.is_file(), SEED


def test_statements_and_scores_match_table_2(plan):
    table = _matrix("Tabel 2 Matriks", "2. Kategorisasi")
    assert len(table) == 22
    assessment = plan.assessments.get()
    assert assessment.year == 2021
    scores = {s.statement.number: s for s in assessment.scores.select_related("statement")}
    assert sorted(scores) == list(range(1, 23))
    for number, (text, ticks, _count) in table.items():
        assert _clean(scores[number].statement.text) == text, number
        # Columns: No, statement, then the scores 1 to 4.
        assert [tick - 1 for tick in ticks] == [scores[number].value], number


def test_aspect_mapping_matches_table_3(plan):
    table = _matrix("Tabel 3 Kategorisasi", "3. Penetapan Prioritas")
    statements = {s.number: s for s in plan.template.statements.all()}
    for number, (text, ticks, count) in table.items():
        assert _clean(statements[number].text) == text
        # Columns: No, statement, scores 1-4 (2-5), then the five aspects (6-10). Lines one
        # cell short (a page's text lost an empty cell) put a tick in their last cell when it
        # is in the last column: rows 10 and 14, the two about coordination.
        columns = [tick - 6 for tick in ticks[1:]]  # the first tick is the score
        if count == 10 and ticks[-1] == 9:
            columns[-1] = 4
        assert statements[number].aspects == [ASPECT_COLUMNS[c].value for c in columns], number
    shorts = [n for n, (_t, ticks, count) in table.items() if count == 10 and ticks[-1] == 9]
    assert shorts == [10, 14]


def test_priorities_and_reasons_match_table_4(plan):
    rows = [line.split("\t") for line in _between("Tabel 4 Penentuan", "Gambar 2")]
    found = {p.aspect: p for p in plan.priorities.all()}
    order = list(Aspect.values)
    seen = 0
    for cells in rows:
        if not cells[0].strip().isdigit():
            continue
        aspect = order[int(cells[0]) - 1]
        circled = {"①": 1, "②": 2, "③": 3, "④": 4, "⑤": 5}
        level = next(circled[c] for cell in cells for c in cell if c in circled)
        assert found[aspect].level == level, aspect
        assert found[aspect].reason == cells[-1].strip()
        seen += 1
    assert seen == 5


def test_indicators_and_targets_match_table_5(plan):
    rows = [
        line.split("\t")
        for line in _between("No\tIndikator Sasaran Strategis", "Peningkatan pengaduan")
    ]
    indicators = list(plan.indicators.filter(programme=None).prefetch_related("targets"))
    data = [cells for cells in rows if cells[0].strip().isdigit()]
    assert len(indicators) == len(data) == 2
    for indicator, cells in zip(indicators, data, strict=True):
        assert indicator.name == cells[1].strip()
        numbers = [Decimal(re.sub(r"\D.*", "", c.strip())) for c in cells[2:7]]
        assert indicator.baseline == numbers[0]
        assert indicator.baseline_year == 2020
        assert {t.year: t.value for t in indicator.targets.all()} == dict(
            zip(range(2021, 2025), numbers[1:], strict=True)
        )
        assert indicator.measure == Measure.MEASURED
    assert [i.figure for i in indicators] == ["complaints_received", "share_resolved"]


def test_programmes_activities_years_and_parties_match_table_6(plan):
    expected: list[tuple[str, str, list[tuple[str, list[int], str]]]] = []
    for line in _between("Tabel 6.", "2. Indikator (Ukuran)"):
        cells = line.split("\t")
        if len(cells) < 7 or cells[0] in ("No", "---") or not cells[1].strip():
            continue
        if cells[0].strip().isdigit():
            expected.append((cells[1].strip(), cells[-1].strip(), []))
        else:
            years = [2019 + tick for tick in _ticks(cells)]  # columns 2-5: 2021-2024
            expected[-1][2].append((cells[1].strip(), years, cells[-1].strip()))
    programmes = list(plan.programmes.prefetch_related("activities"))
    assert len(programmes) == len(expected) == 5
    for programme, (name, parties, activities) in zip(programmes, expected, strict=True):
        assert (programme.name, programme.parties) == (name, parties)
        assert [(a.name, a.years, a.parties) for a in programme.activities.all()] == activities
    assert sum(len(a) for _n, _p, a in expected) == 23


def test_success_indicators_match_table_7(plan):
    text = "\n".join(_between("Tabel 7 Indikator", "BAB IV"))
    success = list(plan.indicators.exclude(programme=None).select_related("programme"))
    assert len(success) == 12
    for indicator in success:
        assert indicator.name in text
        assert indicator.programme.name in text or indicator.programme.name in (
            "Penauatan Kelembagaan",  # Table 7 spells it "Penguatan"
            "Peningkatan Pertisipasi Pemangku Kepentingan",  # and "Partisipasi"
            "Koordinasi Pelaksanaan, Pemantauan dan Evaluasi",  # without the comma
        )
    trained = [i for i in success if i.measure == Measure.MEASURED]
    assert [i.figure for i in trained] == ["staff_trained"]


def test_team_and_minutes_match_the_decree_and_the_berita_acara(plan):
    roles = list(plan.team.values_list("role", flat=True))
    assert roles.count(TeamRole.STEERING) == 1
    assert roles.count(TeamRole.CHAIR) == 1
    assert roles.count(TeamRole.COORDINATOR) == 6
    assert roles.count(TeamRole.MEMBER) == 12
    assert plan.decree_number == "555/81/SK/DKISP/IX/2021"
    seed = SEED.read_text(encoding="utf-8")
    for member in plan.team.all():
        assert _clean(member.position).split(" pada ")[0] in _clean(seed)
    for attendee in plan.minutes.attendees:
        assert attendee["name"] in seed
    assert len(plan.minutes.attendees) == 18  # rows 18 and 19 of the list are empty
    assert plan.goal in seed


def test_loading_twice_keeps_one_plan_and_the_command_reports_it(luwu):
    first = luwu_plan_load(luwu)
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert Plan.objects.filter(instansi=luwu).count() == 1
    assert Plan.objects.get(instansi=luwu).pk == first.pk
    assert "5 programmes, 14 indicators" in out.getvalue()
    # The loader writes the plan's audit trail like any edit, as the system (no actor).
    assert PlanChange.objects.filter(plan=first, actor=None, action="assessment_record").exists()
