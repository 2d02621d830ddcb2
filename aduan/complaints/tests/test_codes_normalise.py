"""Tracking numbers and access codes as people type them: one normaliser for every channel."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from aduan.complaints.codes import normalise_code, normalise_tracking_number
from aduan.workflow import services as workflow


@pytest.mark.parametrize(
    "typed",
    [
        "LWU-WC46-TA85",
        "LWU WC46 TA85",
        "LWUWC46TA85",
        "lwu-wc46-ta85",
        " lwu wc46ta85 ",
        "LWU_WC46.TA85",
        "LWU/WC46/TA85",
        "LWU--WC46 - TA85",
    ],
)
def test_every_typing_of_a_tracking_number_gives_the_stored_form(typed):
    assert normalise_tracking_number(typed) == "LWU-WC46-TA85"


def test_look_alike_letters_are_read_in_the_random_part_only():
    # The prefix keeps its L; O, I and L in the random part are 0, 1 and 1.
    assert normalise_tracking_number("lwu 7kom 9qxl") == "LWU-7K0M-9QX1"
    assert normalise_tracking_number("LWUIOOO0000") == "LWU-1000-0000"


@pytest.mark.parametrize("typed", ["", "nonsense", "1234", "12345678901"])
def test_text_that_is_no_tracking_number_stays_recognisably_wrong(typed):
    value = normalise_tracking_number(typed)
    assert value == typed.upper()
    assert value.count("-") == 0


@pytest.mark.parametrize("typed", ["ab12-cd34ef", "AB12 CD34 EF", "ab12.cd34.ef", "AB12_CD34_EF"])
def test_access_codes_ignore_case_and_separators(typed):
    assert normalise_code(typed) == "AB12CD34EF"


def _typings(number: str) -> list[str]:
    prefix, first, second = number.split("-")
    return [
        f"{prefix} {first} {second}",
        f"{prefix}{first}{second}",
        number.lower(),
        f"{prefix}.{first}/{second}".lower(),
    ]


@pytest.mark.django_db
def test_lookup_form_finds_the_report_however_the_number_is_typed(submit, anon_client, admin, pupr):
    complaint = submit().complaint
    workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    page = reverse("workflow:track", args=[complaint.tracking_number])

    for typed in _typings(complaint.tracking_number):
        response = anon_client.post(
            reverse("workflow:track_lookup"), {"tracking_number": typed, "access_code": ""}
        )
        assert response.status_code == 302, typed
        assert response["Location"] == page


@pytest.mark.django_db
def test_the_address_with_a_typed_number_redirects_to_the_report(submit, anon_client, admin, pupr):
    complaint = submit().complaint
    workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    prefix, first, second = complaint.tracking_number.split("-")

    response = anon_client.get(f"/lacak/{prefix}{first}{second}/".lower())

    assert response.status_code == 302
    assert response["Location"] == reverse("workflow:track", args=[complaint.tracking_number])


@pytest.mark.django_db
def test_code_with_wrong_separators_opens_the_reporter_view(submit, anon_client):
    submitted = submit(is_confidential=True)
    code = submitted.access_code
    typed_code = f"{code[:4]}-{code[4:7]} {code[7:]}".lower()
    prefix, first, second = submitted.complaint.tracking_number.split("-")

    response = anon_client.post(
        reverse("workflow:track_lookup"),
        {"tracking_number": f"{prefix} {first} {second}", "access_code": typed_code},
    )

    assert response.status_code == 302
    page = anon_client.get(response["Location"])
    assert submitted.complaint.description in page.content.decode()


@pytest.mark.django_db
def test_without_a_code_an_unknown_number_stays_on_the_form(submit, anon_client):
    hidden = submit(is_confidential=True).complaint

    for number in ["LWU-0000-0000", hidden.tracking_number]:
        response = anon_client.post(
            reverse("workflow:track_lookup"), {"tracking_number": number, "access_code": ""}
        )
        assert response.status_code == 404
        html = response.content.decode()
        assert "Tidak ada laporan publik dengan nomor ini" in html
        assert 'name="tracking_number"' in html  # the form again, with the number kept


@pytest.mark.django_db
def test_the_api_reads_numbers_and_codes_as_typed(submit, anon_client):
    submitted = submit(is_confidential=True)
    code = submitted.access_code
    prefix, first, second = submitted.complaint.tracking_number.split("-")

    response = anon_client.get(
        f"/api/v1/reports/{prefix}{first}{second}".lower(),
        HTTP_X_ACCESS_CODE=f"{code[:5]} {code[5:]}".lower(),
    )
    spaced = anon_client.get(
        f"/api/v1/reports/{prefix}%20{first}%20{second}", HTTP_X_ACCESS_CODE=code
    )

    assert response.status_code == 200, response.content
    assert json.loads(response.content)["tracking_number"] == submitted.complaint.tracking_number
    assert spaced.status_code == 200


@pytest.mark.django_db
def test_staff_type_numbers_the_same_way_in_the_console(submit, admin, auditor):
    from aduan.complaints.choices import Status
    from aduan.workflow.tests.console_helpers import staff_client

    original = submit(title="Jalan berlubang").complaint
    duplicate = submit(title="Jalan berlubang lagi").complaint
    prefix, first, second = original.tracking_number.split("-")

    response = staff_client(admin).post(
        reverse("workflow:console_merge", args=[duplicate.tracking_number]),
        {"merge-tracking_number": f"{prefix} {first}{second}".lower()},
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Status.ARCHIVED
    log = staff_client(auditor).get(
        reverse("reporting:audit_events"), {"number": f"{prefix}.{first}.{second}".lower()}
    )
    assert log.status_code == 200
    assert original.tracking_number in log.content.decode()
    assert log.content.decode().count('<tr data-event="') >= 2
