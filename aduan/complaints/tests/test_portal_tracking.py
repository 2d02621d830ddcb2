"""The tracking page /lacak/: public timeline, the reporter's access code and actions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse

from aduan.complaints.choices import EventKind, Status
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.complaints.services import Submitted
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _url(name: str, complaint: Complaint) -> str:
    return reverse(f"workflow:{name}", args=[complaint.tracking_number])


def _open(client: Client, submitted: Submitted) -> HttpResponseBase:
    response = client.post(
        _url("track_access", submitted.complaint), {"access_code": submitted.access_code}
    )
    assert response.status_code == 302
    return response


@pytest.fixture
def resolved(submit, admin, officer, pupr):
    submitted = submit()
    complaint = submitted.complaint
    workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    workflow.followup_add(actor=officer, complaint=complaint, text="Tim sudah survei lokasi.")
    workflow.complaint_resolve(actor=officer, complaint=complaint, summary="Lubang sudah ditambal.")
    return submitted


def test_lookup_form_redirects_to_the_report(submit, publish, anon_client):
    complaint = publish(submit())

    form = anon_client.get(reverse("workflow:track_lookup"))
    response = anon_client.post(
        reverse("workflow:track_lookup"),
        {"tracking_number": complaint.tracking_number.lower(), "access_code": ""},
    )

    assert form.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == _url("track", complaint)


def test_public_page_shows_only_public_events_and_no_identity(submit, anon_client, admin, pupr):
    complaint = submit().complaint
    workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    private = ComplaintEvent.objects.filter(complaint=complaint, is_public=False)

    response = anon_client.get(_url("track", complaint))

    html = response.content.decode()
    assert response.status_code == 200
    assert complaint.title in html
    assert "Report received" in html
    assert "Verified" in html
    for event in private:
        assert event.get_kind_display() not in html
    assert "Andi Baso" not in html
    assert "3456" not in html  # phone
    assert complaint.description not in html  # the description is the reporter's
    assert 'name="text"' not in html  # no actions without the code
    assert "WITA" in html
    assert "First follow-up" in html  # the running clock, in words


def test_anonymous_report_shows_anonymous(submit, publish, anon_client):
    complaint = publish(submit(is_anonymous=True))

    html = anon_client.get(_url("track", complaint)).content.decode()

    assert "Anonymous" in html
    assert "Andi Baso" not in html


@pytest.mark.parametrize("number", ["LWU-0000-0000", "nonsense"])
def test_unknown_number_is_404(luwu, anon_client, number):
    assert anon_client.get(f"/lacak/{number}/").status_code == 404


def test_rahasia_report_is_the_same_404_without_the_code(submit, anon_client):
    submitted = submit(is_confidential=True)
    complaint = submitted.complaint

    hidden = anon_client.get(_url("track", complaint))
    missing = anon_client.get("/lacak/LWU-0000-0000/")

    assert hidden.status_code == 404

    # The same page; only the current path (in the display forms' `next`) and the CSRF
    # token differ.
    def page(response: Any, number: str) -> str:
        html = response.content.decode().replace(number, "N")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert page(hidden, complaint.tracking_number) == page(missing, "LWU-0000-0000")
    _open(anon_client, submitted)
    shown = anon_client.get(_url("track", complaint))
    assert shown.status_code == 200
    assert complaint.description in shown.content.decode()


def test_code_on_the_lookup_form_opens_the_reporter_view(submit, anon_client):
    submitted = submit(is_confidential=True)

    response = anon_client.post(
        reverse("workflow:track_lookup"),
        {
            "tracking_number": submitted.complaint.tracking_number,
            "access_code": submitted.access_code.lower(),
        },
    )

    assert response.status_code == 302
    page = anon_client.get(response["Location"])
    assert submitted.complaint.description in page.content.decode()


def test_access_code_shows_private_parts_and_attachments(submit, anon_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    submitted = submit(attachments=[pdf])

    _open(anon_client, submitted)
    html = anon_client.get(_url("track", submitted.complaint)).content.decode()

    assert submitted.complaint.description in html
    assert "surat.pdf" in html
    assert 'name="text"' in html


def test_wrong_code_is_refused_with_a_generic_message(submit, anon_client):
    submitted = submit()

    response = anon_client.post(
        _url("track_access", submitted.complaint), {"access_code": "WRONGCODE1"}
    )
    lookup = anon_client.post(
        reverse("workflow:track_lookup"),
        {"tracking_number": "LWU-0000-0000", "access_code": "WRONGCODE1"},
    )

    message = "The tracking number or the access code is not right"
    assert response.status_code == 400
    assert message in response.content.decode()
    assert lookup.status_code == 400
    assert message in lookup.content.decode()
    assert "aduan_track_access" not in anon_client.session


def test_wrong_codes_are_rate_limited_per_ip(submit, client, settings):
    settings.ADUAN_TRACK_CODE_ATTEMPTS_PER_HOUR = 2
    submitted = submit()
    url = _url("track_access", submitted.complaint)
    for _ in range(2):
        assert client.post(url, {"access_code": "WRONG"}, REMOTE_ADDR="10.0.0.9").status_code == 400

    # Now even the right code is refused from this address, but not from another.
    refused = client.post(url, {"access_code": submitted.access_code}, REMOTE_ADDR="10.0.0.9")
    other = client.post(url, {"access_code": submitted.access_code}, REMOTE_ADDR="10.0.0.10")

    assert refused.status_code == 429
    assert "Too many wrong codes" in refused.content.decode()
    assert other.status_code == 302


def test_access_is_kept_for_that_report_only(submit, anon_client):
    first, second = submit(), submit()
    _open(anon_client, first)

    assert (
        first.complaint.description
        in anon_client.get(_url("track", first.complaint)).content.decode()
    )
    other = anon_client.post(_url("track_reply", second.complaint), {"text": "Halo"})

    assert other.status_code == 404
    assert not ComplaintEvent.objects.filter(
        complaint=second.complaint, kind=EventKind.REPORTER_MESSAGE
    ).exists()


def test_actions_without_the_code_are_404(submit, anon_client, officer, other_officer):
    complaint = submit().complaint
    for client_user in (None, officer, other_officer):
        if client_user is not None:
            anon_client.force_login(client_user)
        for name in ("track_reply", "track_confirm", "track_rate"):
            response = anon_client.post(_url(name, complaint), {"text": "x", "stars": "5"})
            assert response.status_code == 404
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == 1


def test_forget_removes_the_access(submit, anon_client):
    submitted = submit()
    _open(anon_client, submitted)
    anon_client.post(_url("track_forget", submitted.complaint))
    html = anon_client.get(_url("track", submitted.complaint)).content.decode()
    assert submitted.complaint.description not in html


def test_reporter_adds_information(submit, anon_client):
    submitted = submit()
    _open(anon_client, submitted)

    response = anon_client.post(
        _url("track_reply", submitted.complaint), {"text": "Lubangnya makin besar."}
    )

    assert response.status_code == 302
    event = ComplaintEvent.objects.filter(complaint=submitted.complaint).last()
    assert event is not None
    assert event.kind == EventKind.REPORTER_MESSAGE
    assert event.note == "Lubangnya makin besar."
    page = anon_client.get(response["Location"])
    assert "Your message was added" in page.content.decode()


def test_reporter_answers_while_on_hold_and_the_clocks_resume(submit, anon_client, admin):
    submitted = submit()
    workflow.complaint_hold(
        actor=admin, complaint=submitted.complaint, question="Di dusun mana tepatnya?"
    )
    _open(anon_client, submitted)
    page = anon_client.get(_url("track", submitted.complaint)).content.decode()
    assert "Answer the question" in page
    assert "Di dusun mana tepatnya?" in page

    anon_client.post(_url("track_reply", submitted.complaint), {"text": "Dusun Kanna."})

    submitted.complaint.refresh_from_db()
    assert submitted.complaint.status == Status.SUBMITTED


def test_empty_reply_is_refused_on_its_field(submit, anon_client):
    submitted = submit()
    _open(anon_client, submitted)

    response = anon_client.post(_url("track_reply", submitted.complaint), {"text": ""})

    assert response.status_code == 400
    assert 'id="id_text_error"' in response.content.decode()


def test_reporter_confirms_the_resolution(resolved, anon_client):
    _open(anon_client, resolved)
    page = anon_client.get(_url("track", resolved.complaint)).content.decode()
    assert "Is the problem solved?" in page

    response = anon_client.post(_url("track_confirm", resolved.complaint), {"note": "Terima kasih"})

    assert response.status_code == 302
    resolved.complaint.refresh_from_db()
    assert resolved.complaint.status == Status.CLOSED
    again = anon_client.post(_url("track_confirm", resolved.complaint), {"note": ""})
    assert again.status_code == 400  # no longer resolved: a clear message, nothing changes


def test_reporter_reopens_a_resolved_report(resolved, anon_client):
    _open(anon_client, resolved)

    response = anon_client.post(
        _url("track_reply", resolved.complaint), {"reopen-text": "Lubangnya muncul lagi."}
    )

    assert response.status_code == 302
    resolved.complaint.refresh_from_db()
    assert resolved.complaint.status == Status.IN_PROGRESS
    assert ComplaintEvent.objects.filter(
        complaint=resolved.complaint, kind=EventKind.REOPENED
    ).exists()


def test_reporter_rates_a_closed_report_once(resolved, anon_client):
    workflow.complaint_confirm(complaint=resolved.complaint)
    _open(anon_client, resolved)
    assert (
        "Rate how your report"
        in anon_client.get(_url("track", resolved.complaint)).content.decode()
    )

    response = anon_client.post(
        _url("track_rate", resolved.complaint), {"stars": "4", "comment": "Cepat."}
    )
    again = anon_client.post(_url("track_rate", resolved.complaint), {"stars": "1"})

    assert response.status_code == 302
    assert again.status_code == 400
    complaint = Complaint.objects.get(pk=resolved.complaint.pk)
    assert (complaint.rating, complaint.rating_comment) == (4, "Cepat.")
    assert complaint.rated_at is not None
    rated = ComplaintEvent.objects.get(complaint=complaint, kind=EventKind.RATED)
    assert rated.new == {"rating": 4}
    assert not rated.is_public


@pytest.mark.parametrize("stars", ["0", "6", "x", ""])
def test_rating_must_be_one_to_five(resolved, anon_client, stars):
    workflow.complaint_confirm(complaint=resolved.complaint)
    _open(anon_client, resolved)

    response = anon_client.post(_url("track_rate", resolved.complaint), {"stars": stars})

    assert response.status_code == 400
    assert Complaint.objects.get(pk=resolved.complaint.pk).rating is None


def test_an_open_report_cannot_be_rated(submit, anon_client):
    submitted = submit()
    _open(anon_client, submitted)

    response = anon_client.post(_url("track_rate", submitted.complaint), {"stars": "5"})

    assert response.status_code == 400
    assert Complaint.objects.get(pk=submitted.complaint.pk).rating is None


def test_complaint_rate_service_rules(resolved):
    from aduan.core.errors import Conflict, ValidationFailed

    with pytest.raises(Conflict):
        workflow.complaint_rate(complaint=resolved.complaint, stars=5)
    workflow.complaint_confirm(complaint=resolved.complaint)
    with pytest.raises(ValidationFailed):
        workflow.complaint_rate(complaint=resolved.complaint, stars=6)
    workflow.complaint_rate(complaint=resolved.complaint, stars=5, comment="Bagus")
    with pytest.raises(Conflict):
        workflow.complaint_rate(complaint=resolved.complaint, stars=3)
    assert Complaint.objects.get(pk=resolved.complaint.pk).rating == 5


def test_filing_on_the_web_opens_the_reporter_view_at_once(luwu, anon_client):
    from aduan.complaints.tests.test_portal_report_form import _form

    anon_client.post("/lapor/", _form(is_confidential="on"))
    complaint = Complaint.objects.get()

    page = anon_client.get(_url("track", complaint))

    assert page.status_code == 200
    assert complaint.description in page.content.decode()
