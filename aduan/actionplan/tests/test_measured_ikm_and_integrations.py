"""Two measured figures of the action plan: the IKM of the plan's instansi from the survey
(PermenPANRB 14/2017), and the other applications integrated with its complaint handling
(SP4N-LAPOR!, Open311 partners, webhook receivers), each at the end of the period."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.accounts.models import User
from aduan.actionplan import selectors, services
from aduan.actionplan.figures import figure_value
from aduan.actionplan.models import Plan
from aduan.integrations.lapor.models import Direction, LaporLink
from aduan.integrations.open311.services import partner_key_issue, partner_key_revoke
from aduan.integrations.webhooks.models import Subscription
from aduan.integrations.webhooks.services import subscription_create
from aduan.organisation.models import Instansi, Unit
from aduan.surveys.choices import Source
from aduan.surveys.services import Respondent, survey_response_record

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
ELEMENTS = [f"u{n}" for n in range(1, 10)]


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
        name="Indeks Kepuasan Masyarakat",
        unit="indeks",
        figure="ikm",
        targets={2025: Decimal(80)},
    )
    return plan


def _answer(unit: Unit, at: datetime, answers: dict[str, int | None]) -> None:
    with time_machine.travel(at, tick=False):
        survey_response_record(
            unit=unit, answers=answers, respondent=Respondent(), source=Source.WEB
        )


def test_ikm_is_the_instansi_survey_of_the_year(plan, pupr, dinkes):
    # 2025: all 4, all 3, and all 2 with the ninth element left blank, across two units.
    # NRR u1-u8 = (4+3+2)/3 = 3; u9 = (4+3)/2 = 3.5; IKM = (8 x 3 + 3.5) / 9 x 25 = 76.388…
    _answer(pupr, datetime(2025, 2, 3, 9, tzinfo=WITA), dict.fromkeys(ELEMENTS, 4))
    _answer(dinkes, datetime(2025, 7, 1, 9, tzinfo=WITA), dict.fromkeys(ELEMENTS, 3))
    blank_ninth: dict[str, int | None] = {**dict.fromkeys(ELEMENTS, 2), "u9": None}
    _answer(pupr, datetime(2025, 12, 31, 23, 30, tzinfo=WITA), blank_ninth)
    # Not 2025: 1 January 2026 in Luwu (still 2025 in UTC), and the year before.
    _answer(pupr, datetime(2026, 1, 1, 0, 30, tzinfo=WITA), dict.fromkeys(ELEMENTS, 1))
    _answer(pupr, datetime(2024, 6, 3, 9, tzinfo=WITA), dict.fromkeys(ELEMENTS, 1))
    palopo = Instansi.objects.create(code="palopo", name="Pemerintah Kota Palopo")
    elsewhere = Unit.objects.create(instansi=palopo, code="dinkes-palopo", name="Dinkes Palopo")
    _answer(elsewhere, datetime(2025, 3, 3, 9, tzinfo=WITA), dict.fromkeys(ELEMENTS, 1))

    assert figure_value("ikm", plan, *YEAR_2025) == Decimal("76.39")
    assert figure_value("ikm", plan, date(2024, 1, 1), date(2024, 12, 31)) == Decimal("25.00")
    with time_machine.travel(datetime(2026, 2, 1, 9, tzinfo=WITA), tick=False):
        (row,) = selectors.indicator_rows(plan)
    cells = {cell.year: cell for cell in row.cells}
    assert cells[2025].achieved == Decimal("76.39")
    assert cells[2025].percent == Decimal("95.5")  # of the target 80
    assert cells[2026].achieved == Decimal("25.00")  # January's one response so far


def test_no_survey_or_a_never_answered_element_has_no_ikm(plan, pupr):
    assert figure_value("ikm", plan, *YEAR_2025) is None
    _answer(pupr, datetime(2025, 2, 3, 9, tzinfo=WITA), {**dict.fromkeys(ELEMENTS, 4), "u5": None})
    assert figure_value("ikm", plan, *YEAR_2025) is None  # not 0, nor an IKM of eight elements


# ---------------------------------------------------------------- applications integrated


def _integrated(plan: Plan, year: int) -> Decimal | None:
    return figure_value("applications_integrated", plan, date(year, 1, 1), date(year, 12, 31))


def test_nothing_connected_counts_zero(plan, settings):
    settings.ADUAN_LAPOR_URL = ""
    assert _integrated(plan, 2025) == 0


def test_the_configured_lapor_link_counts_once_for_the_instansi_it_serves(plan, luwu, settings):
    settings.ADUAN_LAPOR_URL = "https://lapor.example.test/api"
    settings.ADUAN_DEFAULT_INSTANSI = "luwu"
    assert _integrated(plan, 2025) == 1
    settings.ADUAN_DEFAULT_INSTANSI = "palopo"  # the worker sweeps another government
    assert _integrated(plan, 2025) == 0


def test_a_report_linked_with_lapor_counts_from_its_date(plan, submit, settings):
    settings.ADUAN_LAPOR_URL = ""
    LaporLink.objects.create(
        complaint=submit().complaint,
        national_id="LAP-2026-0001",
        direction=Direction.IN,
        # 1 January 2026 in Luwu, still 31 December 2025 in UTC: a link of 2026.
        created_at=datetime(2026, 1, 1, 0, 30, tzinfo=WITA),
    )
    assert _integrated(plan, 2025) == 0
    assert _integrated(plan, 2026) == 1


def test_open311_partners_count_once_each_while_their_key_is_valid(
    plan: Plan, luwu: Instansi, admin: User, settings
) -> None:
    settings.ADUAN_LAPOR_URL = ""
    with time_machine.travel(datetime(2024, 5, 2, 9, tzinfo=WITA), tick=False):
        partner_key_issue(actor=admin, name="Kios Pelayanan", instansi=luwu)
        partner_key_issue(actor=admin, name="kios pelayanan ", instansi=luwu)  # same app
        city_app, _raw = partner_key_issue(actor=admin, name="Luwu Smart City", instansi=luwu)
    with time_machine.travel(datetime(2025, 3, 3, 9, tzinfo=WITA), tick=False):
        partner_key_revoke(actor=admin, key=city_app)
    palopo = Instansi.objects.create(code="palopo", name="Pemerintah Kota Palopo")
    partner_key_issue(actor=admin, name="Palopo Kiosk", instansi=palopo)

    assert _integrated(plan, 2023) == 0  # before any key
    assert _integrated(plan, 2024) == 2  # the kiosk (two keys) and the city app
    assert _integrated(plan, 2025) == 1  # the city app's key was revoked in March


def test_webhook_receivers_count_once_per_host_while_active(plan, luwu, pupr, admin, settings):
    settings.ADUAN_LAPOR_URL = "https://lapor.example.test/api"
    settings.ADUAN_DEFAULT_INSTANSI = "luwu"
    with time_machine.travel(datetime(2025, 4, 1, 9, tzinfo=WITA), tick=False):
        subscription_create(
            actor=admin,
            name="Dasbor Bupati",
            url="https://dasbor.luwukab.go.id/hook",
            instansi=luwu,
        )
        subscription_create(
            actor=admin,
            name="Dasbor Bupati (PUPR)",
            url="https://DASBOR.luwukab.go.id/pupr",
            instansi=luwu,
            unit=pupr,
        )
        stopped = subscription_create(
            actor=admin, name="Uji coba", url="https://uji.example.test/hook", instansi=luwu
        )
    Subscription.objects.filter(pk=stopped.pk).update(is_active=False)

    assert _integrated(plan, 2024) == 1  # LAPOR! only: the dashboard subscribed in 2025
    assert _integrated(plan, 2025) == 2  # LAPOR! and the dashboard, once
