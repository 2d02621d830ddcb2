"""A citizen files a report with a photo, tracks it at once (it awaits verification and is in
no public list), replies, finds it in the feed once the coordinator verified and published it,
and confirms the result after the staff act (through the workflow services), then rates it.
Each type of report, with JavaScript and without; axe-core checks every public page on the way.

Pages: /lapor/ and its confirmation page, /laporan/ and /laporan/<nomor>/, /lacak/ and
/lacak/<nomor>/, /statistik/.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import FilePayload, Page, expect

from aduan.accounts.models import User
from aduan.complaints.choices import EventKind, ReportType, Status
from aduan.complaints.models import Attachment, Complaint
from aduan.organisation.models import Category, Unit
from aduan.workflow import services
from tests.e2e.conftest import assert_accessible

KECAMATAN = "73.17.01"  # Basse Sangtempe
DESA = "73.17.01.2005"  # Kanna
REPORTER_NAME = "Andi Baso"


@dataclass(frozen=True)
class Case:
    type: ReportType
    title: str
    anonymous: bool = False
    confidential: bool = False


CASES = [
    Case(ReportType.COMPLAINT, "Jalan berlubang di depan SD Kanna"),
    Case(ReportType.ASPIRATION, "Usul lampu jalan di Dusun Kanna", anonymous=True),
    Case(ReportType.INFO_REQUEST, "Salinan RAB jalan desa Kanna", confidential=True),
]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def _file_report(page: Page, case: Case) -> tuple[str, str]:
    page.goto(reverse("complaints:report"))
    assert_accessible(page)
    page.check(f"input[name=type][value={case.type}]")
    page.fill("[name=title]", case.title)
    page.fill("[name=description]", "Sudah sebulan, mohon ditindaklanjuti. " + case.title)
    if case.type == ReportType.COMPLAINT:
        page.fill("[name=incident_date]", "2026-01-05")
    page.select_option("[name=kecamatan]", KECAMATAN)
    page.select_option("[name=desa]", DESA)
    page.fill("[name=address]", "Depan SD Kanna")
    if case.anonymous:
        page.check("[name=is_anonymous]")
    if case.confidential:
        page.check("[name=is_confidential]")
    page.fill("[name=name]", REPORTER_NAME)
    page.fill("[name=phone]", "0812 3456 7890")
    photo: FilePayload = {"name": "foto.png", "mimeType": "image/png", "buffer": _png()}
    page.set_input_files("[name=attachments]", files=[photo])
    page.click("form[data-report-form] [type=submit]")

    expect(page).to_have_url(reverse("complaints:report_done"))
    number = page.locator("[data-testid=tracking-number]").inner_text().strip()
    code = page.locator("[data-testid=access-code]").inner_text().strip()
    assert number
    assert code
    assert_accessible(page)
    return number, code


def _check_not_public_yet(page: Page, number: str) -> None:
    """Before verification the report is on no public page (DOMAIN.md section 4)."""
    report_url = reverse("complaints:public_report", args=[number])
    page.goto(reverse("complaints:feed"))
    expect(page.locator(f'a[href="{report_url}"]')).to_have_count(0)
    # A stranger's browser (the filer's session holds the access code since the done page).
    browser = page.context.browser
    assert browser is not None
    stranger = browser.new_context()
    origin = "/".join(page.url.split("/")[:3])
    try:
        for url in (report_url, reverse("workflow:track", args=[number])):
            assert stranger.request.get(origin + url).status == 404, url
    finally:
        stranger.close()


def _check_public_pages(page: Page, case: Case, number: str) -> None:
    report_url = reverse("complaints:public_report", args=[number])
    page.goto(reverse("complaints:feed"))
    assert_accessible(page)
    link = page.locator(f'a[href="{report_url}"]')
    assert REPORTER_NAME not in page.content()
    if case.confidential:
        expect(link).to_have_count(0)
        response = page.goto(report_url)
        assert response is not None
        assert response.status == 404
        return
    expect(link).to_have_count(1)
    link.click()
    expect(page).to_have_url(report_url)
    expect(page.locator("h1")).to_contain_text(case.title)
    assert REPORTER_NAME not in page.content()
    if case.anonymous:
        expect(page.get_by_text("Anonim").first).to_be_visible()
    assert_accessible(page)


def _open_tracking(page: Page, number: str, code: str) -> None:
    """Forget the access the confirmation page gave, then look the report up with the code."""
    track_url = reverse("workflow:track", args=[number])
    page.goto(track_url)
    forget = page.locator(f'form[action="{reverse("workflow:track_forget", args=[number])}"]')
    if forget.count():
        forget.locator("[type=submit]").click()
    expect(page).to_have_url(reverse("workflow:track_lookup"))
    assert_accessible(page)
    page.fill("[name=tracking_number]", number)
    page.fill("[name=access_code]", code)
    page.locator("main [type=submit]").first.click()
    expect(page).to_have_url(track_url)
    expect(page.locator("#mine-heading")).to_be_visible()
    assert_accessible(page)


def _submit_form(page: Page, action: str) -> None:
    page.locator(f'form[action="{action}"] [type=submit]').click()


def _staff_verify(complaint: Complaint, admin: User, pupr: Unit) -> None:
    """The coordinator verifies and (unless rahasia, by default) publishes the report."""
    category = Category.objects.get(instansi=complaint.instansi, code="infrastruktur-jalan")
    services.complaint_verify(actor=admin, complaint=complaint, units=[pupr], category=category)


def _staff_resolve(complaint: Complaint, officer: User) -> None:
    services.dispatch_accept(actor=officer, complaint=complaint)
    services.followup_add(actor=officer, complaint=complaint, text="Tim sudah meninjau lokasi.")
    services.complaint_resolve(actor=officer, complaint=complaint, summary="Sudah ditangani.")


def _journey(page: Page, case: Case, admin: User, officer: User, pupr: Unit) -> None:
    number, code = _file_report(page, case)
    complaint = Complaint.objects.get(tracking_number=number)
    assert (complaint.type, complaint.status) == (case.type, Status.SUBMITTED)
    assert (complaint.is_anonymous, complaint.is_confidential) == (
        case.anonymous,
        case.confidential,
    )
    assert Attachment.objects.filter(complaint=complaint).count() == 1

    _check_not_public_yet(page, number)
    _open_tracking(page, number, code)
    expect(page.locator("[data-publication=awaiting]")).to_be_visible()

    page.fill(
        f'form[action="{reverse("workflow:track_reply", args=[number])}"] [name=text]',
        "Lubangnya makin besar.",
    )
    _submit_form(page, reverse("workflow:track_reply", args=[number]))
    expect(page.locator(".messages")).to_be_visible()
    assert complaint.events.filter(kind=EventKind.REPORTER_MESSAGE).count() == 1

    _staff_verify(complaint, admin, pupr)
    _check_public_pages(page, case, number)
    _staff_resolve(complaint, officer)
    page.goto(reverse("workflow:track", args=[number]))
    confirm = reverse("workflow:track_confirm", args=[number])
    page.fill(f'form[action="{confirm}"] [name=note]', "Terima kasih, sudah diperbaiki.")
    assert_accessible(page)
    _submit_form(page, confirm)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED

    rate = reverse("workflow:track_rate", args=[number])
    page.check(f'form[action="{rate}"] input[name=stars][value="5"]')
    _submit_form(page, rate)
    complaint.refresh_from_db()
    assert complaint.rating == 5


@pytest.mark.parametrize("case", CASES, ids=[c.type.value for c in CASES])
def test_citizen_files_tracks_and_confirms(
    page: Page, case: Case, admin: User, officer: User, pupr: Unit
) -> None:
    _journey(page, case, admin, officer, pupr)


def test_citizen_files_tracks_and_confirms_without_javascript(
    page_nojs: Page, admin: User, officer: User, pupr: Unit
) -> None:
    # One type without JavaScript keeps the suite near 90 s; the type switch, anonim and
    # rahasia are server-side and covered above, the form's scripts only enhance it.
    _journey(page_nojs, CASES[0], admin, officer, pupr)


def test_statistics_page_is_accessible(page: Page, page_nojs: Page) -> None:
    for browser_page in (page, page_nojs):
        response = browser_page.goto(reverse("reporting:statistics"))
        assert response is not None
        assert response.status == 200
        expect(browser_page.locator("h1")).to_be_visible()
        assert_accessible(browser_page)
