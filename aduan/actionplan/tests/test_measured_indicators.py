"""Measured indicators against reports lived through the real services in one year, a year
with no report at all, and the share of staff trained from the training register."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.accounts.models import User
from aduan.actionplan import selectors, services
from aduan.actionplan.choices import TrainingKind
from aduan.actionplan.figures import FIGURES, figure_value
from aduan.actionplan.models import Plan, StatementTemplate
from aduan.complaints.services import Submitted
from aduan.organisation.models import Instansi, Membership, Unit
from aduan.reporting.rollups import rollups_refresh
from aduan.workflow import services as workflow

WITA = ZoneInfo("Asia/Makassar")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=WITA)  # a Monday, no holiday near


@pytest.fixture
def plan(luwu: Instansi) -> Plan:
    template = services.template_create(
        actor=None, name="Uji", statements=[("Pernyataan satu", ["policy"])]
    )
    plan = services.plan_create(
        actor=None,
        instansi=luwu,
        title="Renaksi",
        year_start=2024,
        year_end=2026,
        template=template,
    )
    services.indicator_add(
        actor=None,
        plan=plan,
        name="Jumlah pengaduan",
        unit="pengaduan",
        figure="complaints_received",
        targets={2025: Decimal(4), 2026: Decimal(10)},
    )
    services.indicator_add(
        actor=None,
        plan=plan,
        name="Persentase penyelesaian",
        unit="%",
        figure="share_resolved",
        targets={2025: Decimal(100), 2026: Decimal(100)},
    )
    services.indicator_add(
        actor=None,
        plan=plan,
        name="Tepat waktu",
        unit="%",
        figure="share_on_time",
        targets={2025: Decimal(50)},
    )
    return plan


@pytest.fixture
def year_of_reports(
    submit: Callable[..., Submitted], admin: User, officer: User, pupr: Unit
) -> None:
    """2025: four reports, one resolved in two days, one resolved three months late, two
    open; one of them filed half an hour into 2025 in Luwu (still 2024 in UTC). And one report
    of the last evening of 2024."""
    with time_machine.travel(datetime(2024, 12, 31, 23, 30, tzinfo=WITA), tick=False):
        submit(title="Laporan malam tahun baru")
    with time_machine.travel(datetime(2025, 1, 1, 0, 30, tzinfo=WITA), tick=False):
        submit(title="Laporan tahun baru")
    with time_machine.travel(T0, tick=False) as traveller:
        quick = submit(title="Jalan berlubang").complaint
        slow = submit(title="Drainase tersumbat").complaint
        submit(title="Lampu jalan mati")
        traveller.move_to(T0 + timedelta(hours=1))
        for complaint in (quick, slow):
            workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
        traveller.move_to(T0 + timedelta(hours=25))
        workflow.followup_add(actor=officer, complaint=quick, text="Tim sudah survei.")
        workflow.followup_add(actor=officer, complaint=slow, text="Menunggu anggaran.")
        traveller.move_to(T0 + timedelta(hours=49))
        workflow.complaint_resolve(actor=officer, complaint=quick, summary="Sudah ditambal.")
        traveller.move_to(T0 + timedelta(days=95))
        workflow.complaint_resolve(actor=officer, complaint=slow, summary="Sudah dibersihkan.")
        rollups_refresh()  # what the worker does: statistics read the rollups


def _cells(plan: Plan) -> dict[tuple[str, int], selectors.YearCell]:
    return {
        (row.indicator.figure, cell.year): cell
        for row in selectors.indicator_rows(plan)
        for cell in row.cells
    }


def test_measured_indicators_count_the_year_of_reports(plan, year_of_reports):
    cells = _cells(plan)
    received = cells[("complaints_received", 2025)]
    assert received.achieved == 4
    assert received.target == 4
    assert received.percent == Decimal("100.0")
    resolved = cells[("share_resolved", 2025)]
    assert resolved.achieved == Decimal("50.0")  # 2 of 4
    assert resolved.percent == Decimal("50.0")
    on_time = cells[("share_on_time", 2025)]
    assert on_time.achieved == Decimal("25.0")  # only the quick one, of the 4 received
    assert on_time.percent == Decimal("50.0")
    # Years are the instansi's own calendar (WITA), not UTC's.
    assert cells[("complaints_received", 2024)].achieved == 1


def test_a_year_without_reports_counts_zero_and_has_no_shares(plan, year_of_reports):
    cells = _cells(plan)
    assert cells[("complaints_received", 2026)].achieved == 0
    assert cells[("complaints_received", 2026)].percent == Decimal("0.0")
    # No report: no share at all (neither 0% nor 100%), so no percentage of the target.
    assert cells[("share_resolved", 2026)].achieved is None
    assert cells[("share_resolved", 2026)].percent is None
    assert cells[("share_on_time", 2026)].target is None


def test_a_period_still_to_come_has_no_achievement(plan, year_of_reports):
    with time_machine.travel(datetime(2025, 6, 1, 8, 0, tzinfo=WITA), tick=False):
        cells = _cells(plan)
        third = selectors.indicator_rows(plan, quarter=3, years=[2025])
    assert cells[("complaints_received", 2026)].achieved is None  # not 0: it has not begun
    assert cells[("complaints_received", 2026)].percent is None
    assert cells[("complaints_received", 2025)].achieved == 4  # the year so far
    assert third[0].cells[0].achieved is None


def test_quarters_split_the_year(plan, year_of_reports):
    first = {
        row.indicator.figure: row.cells[0]
        for row in selectors.indicator_rows(plan, quarter=1, years=[2025])
    }
    second = {
        row.indicator.figure: row.cells[0]
        for row in selectors.indicator_rows(plan, quarter=2, years=[2025])
    }
    assert first["complaints_received"].achieved == 4  # January and March
    assert second["complaints_received"].achieved == 0
    assert first["complaints_received"].target == 4  # the year's target


def test_share_of_staff_trained(plan, luwu, admin, officer, other_officer, operator, leader):
    # Complaint-handling staff: the coordinator, both liaisons and the operator (not the
    # leader). A trained leader does not count, nor does a training after the period.
    for user, held_on in (
        (officer, date(2025, 5, 2)),
        (admin, date(2025, 6, 1)),
        (leader, date(2025, 6, 1)),
        (operator, date(2026, 2, 1)),
    ):
        services.training_add(
            actor=admin,
            plan=plan,
            person="",
            user=user,
            kind=TrainingKind.BIMTEK,
            title="Bimtek SP4N-LAPOR!",
            held_on=held_on,
        )
    value = figure_value("staff_trained", plan, date(2025, 1, 1), date(2025, 12, 31))
    assert value == Decimal("50.0")  # 2 of 4
    assert figure_value("staff_trained", plan, date(2026, 1, 1), date(2026, 12, 31)) == 75
    Membership.objects.filter(user=officer).delete()  # left the job: no longer counted
    assert figure_value("staff_trained", plan, date(2025, 1, 1), date(2025, 12, 31)) == (
        Decimal("33.3")
    )


def test_no_staff_means_no_share(db):
    instansi = Instansi.objects.create(code="kosong", name="Pemerintah Kosong")
    template = StatementTemplate.objects.create(name="t", created_at=datetime.now(tz=WITA))
    plan = services.plan_create(
        actor=None,
        instansi=instansi,
        title="R",
        year_start=2025,
        year_end=2025,
        template=template,
    )
    assert figure_value("staff_trained", plan, date(2025, 1, 1), date(2025, 12, 31)) is None
    assert figure_value("complaints_received", plan, date(2025, 1, 1), date(2025, 12, 31)) == 0


def test_the_registry_names_each_figure_once():
    assert set(FIGURES) == {
        "complaints_received",
        "share_resolved",
        "share_on_time",
        "staff_trained",
        "ikm",
        "applications_integrated",
    }
    assert figure_value("nope", None, date(2025, 1, 1), date(2025, 12, 31)) is None  # type: ignore[arg-type]
