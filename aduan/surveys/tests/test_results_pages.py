"""Survey results: per unit in the console (coordinator, leader, auditor; XLSX read back),
and on the public page with units of fewer than five answers held back."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.organisation.models import Unit
from aduan.reporting.tests.conftest import client_of, english, xlsx_rows
from aduan.surveys.choices import Source
from aduan.surveys.models import SurveyPopulation
from aduan.surveys.services import Respondent, survey_response_record

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
EVERY = [f"u{i}" for i in range(1, 10)]
PERIOD = "date_from=2025-01-01&date_to=2025-12-31"


def _respond(unit: Unit, value: int, times: int) -> None:
    with time_machine.travel(datetime(2025, 3, 3, 10, tzinfo=WITA), tick=False):
        for _ in range(times):
            survey_response_record(
                unit=unit,
                answers=dict.fromkeys(EVERY, value),
                respondent=Respondent(),
                source=Source.WEB,
            )


@pytest.fixture
def answered(pupr: Unit, dinkes: Unit) -> None:
    _respond(pupr, 4, 5)  # IKM 100, A
    _respond(pupr, 3, 1)  # six answers: (5 x 4 + 3) / 6 = 3.8333 -> IKM 95.83, A
    _respond(dinkes, 2, 3)  # only three answers: 50.00, D in the console; held back in public
    SurveyPopulation.objects.create(
        unit=pupr, date_from="2025-01-01", date_to="2025-12-31", population=20
    )


@pytest.mark.usefixtures("answered")
@pytest.mark.parametrize("who", ["admin", "leader", "auditor"])
def test_the_console_shows_each_units_index_and_the_sample_warning(request, who):
    client = client_of(request.getfixturevalue(who))

    response = client.get(f"/konsol/survei/?{PERIOD}", HTTP_ACCEPT_LANGUAGE="id")
    text = response.content.decode()

    assert response.status_code == 200
    assert "95,83" in text
    assert "50,00" in text
    # 20 people served, Krejcie-Morgan asks for 19: six is below it.
    assert "di bawah minimum" in text


@pytest.mark.usefixtures("answered")
def test_the_console_exports_xlsx_with_the_same_figures(admin):
    response = english(client_of(admin)).get(f"/konsol/survei/?{PERIOD}&format=xlsx")
    rows = xlsx_rows(response.getvalue())

    assert response.status_code == 200
    assert rows[0][0] == "Unit"
    by_unit = {row[0]: row for row in rows[1:]}
    pupr = by_unit["Dinas PUPR"]
    assert pupr[1] == "6"
    assert float(pupr[11]) == 95.83
    assert pupr[12].startswith("A")
    assert (pupr[13], pupr[14]) == ("20", "19")
    assert float(by_unit["All units"][11]) == pytest.approx(80.56, abs=0.001)


@pytest.mark.parametrize("who", ["officer", "operator", "citizen"])
def test_other_roles_get_404(request, luwu, who):
    client = client_of(request.getfixturevalue(who))

    assert client.get("/konsol/survei/").status_code == 404


def test_not_signed_in_goes_to_the_sign_in_page(anon_client, luwu):
    assert anon_client.get("/konsol/survei/").status_code == 302


@pytest.mark.usefixtures("answered")
def test_the_public_page_holds_back_units_with_fewer_than_five_answers(anon_client):
    response = anon_client.get(f"/hasil-survei/?{PERIOD}", HTTP_ACCEPT_LANGUAGE="id")
    text = response.content.decode()

    assert response.status_code == 200
    assert "95,83" in text
    assert "50,00" not in text
    assert "&lt; 5" in text
    assert "terlalu sedikit jawaban" in text


def test_a_bad_period_falls_back_without_an_error(anon_client, luwu):
    response = anon_client.get("/hasil-survei/?date_from=2025-05-01&date_to=2025-01-01")

    assert response.status_code == 200


def test_answers_by_profile_exact_in_the_console_and_suppressed_in_public(pupr, admin, anon_client):
    with time_machine.travel(datetime(2025, 3, 3, 10, tzinfo=WITA), tick=False):
        for gender, value, times in (("female", 4, 6), ("male", 2, 2)):
            for _ in range(times):
                survey_response_record(
                    unit=pupr,
                    answers=dict.fromkeys(EVERY, value),
                    respondent=Respondent(gender=gender),
                    source=Source.WEB,
                )

    console = english(client_of(admin)).get(f"/konsol/survei/?{PERIOD}")
    public = english(anon_client).get(f"/hasil-survei/?{PERIOD}")
    staff_table = console.content.decode().split('data-profile="1"', 1)[1].split("</table>")[0]
    public_table = public.content.decode().split('data-profile="1"', 1)[1].split("</table>")[0]

    assert '<th scope="row">Female</th><td>6</td><td>100.00</td>' in staff_table
    assert '<th scope="row">Male</th><td>2</td><td>50.00</td>' in staff_table
    # In public the two men are "< 5", and the women's 6 is hidden too: the page's total of
    # eight respondents would otherwise give the men's count away.
    assert '<th scope="row">Male</th><td>&lt; 5</td><td>\u2013</td>' in public_table
    assert '<th scope="row">Female</th><td>x</td><td>100.00</td>' in public_table
