"""The staff path through the console, each person signed in on the real pages (password, then
the authenticator code) in a browser of their own:

- a letter: the operator enters it with the scan, the coordinator verifies and dispatches it to
  Dinas PUPR, PUPR's liaison accepts it and replies, the citizen reads the reply on the tracking
  page, the liaison resolves it and the citizen confirms;
- a hand-back: PUPR's liaison hands a report back with a reason, the coordinator finds it in
  the inbox again and dispatches it to Dinas Kesehatan, whose liaison accepts it without
  JavaScript.

axe-core checks every staff page on the way (start page of each role, both inboxes, the
report page as coordinator and as liaison, operator entry and its done page, notifications,
oversight and its lists, escalations, the auditor's pages), with an overdue report beside
the letter so that the lists, clocks and notifications have rows to show. After each step the
test reads the database too: the page saying "done" is not enough.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import time_machine
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, expect

from aduan.accounts.models import User
from aduan.complaints.choices import Channel, DispatchStatus, EventKind, Status
from aduan.complaints.models import Attachment, Complaint, Dispatch
from aduan.complaints.services import Submitted
from aduan.core import clock
from aduan.notifications.services import notifications_from_events, sla_tick
from aduan.organisation.models import Category, Unit
from aduan.reporting.rollups import rollups_refresh
from aduan.workflow import services
from tests.e2e.conftest import assert_accessible

KECAMATAN = "73.17.01"  # Basse Sangtempe
DESA = "73.17.01.2005"  # Kanna
CITIZEN_NAME = "Andi Baso"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
INSTRUCTION = "Mohon ditinjau minggu ini dan dilaporkan hasilnya."
REPLY = "Tim PUPR sudah meninjau lokasi; penambalan dijadwalkan Kamis."
SUMMARY = "Lubang sudah ditambal dengan aspal pada hari Kamis."

SignIn = Callable[..., Page]


def _form(name: str, number: str) -> str:
    """The selector of the form on the report page that posts to the action `name`."""
    return f'form[action="{reverse(f"workflow:{name}", args=[number])}"]'


def _events(complaint: Complaint) -> list[str]:
    return list(complaint.events.order_by("created_at", "pk").values_list("kind", flat=True))


def _visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


def _open_from_inbox(page: Page, inbox: str, number: str, *, check: bool = True) -> None:
    """Find the report's row in an inbox and open it (`check`: run axe on both pages)."""
    response = page.goto(inbox)
    assert response is not None
    assert response.status == 200
    if check:
        assert_accessible(page)
    page.locator(f'tr[data-number="{number}"] a').first.click()
    expect(page).to_have_url(reverse("workflow:console_report", args=[number]))
    if check:
        # The coordinator's actions sit in closed <details>: open them so axe reads the forms.
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true })")
        assert_accessible(page)


def _overdue_report(submit: Callable[..., Submitted], admin: User, pupr: Unit) -> Complaint:
    """A report dispatched to PUPR six weeks ago and never answered, swept by the clock worker:
    breached clocks, escalations and notifications for the lists to show."""
    with time_machine.travel(clock.now() - timedelta(days=42), tick=False):
        complaint = submit(title="Jembatan gantung Dusun Kanna putus").complaint
        services.complaint_verify(
            actor=admin, complaint=complaint, units=[pupr], instruction=INSTRUCTION
        )
    sla_tick()
    notifications_from_events()
    return complaint


# ---------------------------------------------------------------- the steps


def _operator_enters_letter(page: Page, road_category: Category) -> tuple[str, str]:
    assert_accessible(page)  # the operator's start page
    _visit(page, reverse("complaints:operator_entry"))
    page.check("input[name=channel][value=letter]")
    page.check("input[name=type][value=complaint]")
    page.fill("[name=title]", "Jalan berlubang di depan SD Kanna")
    page.fill("[name=description]", "Surat warga: lubang besar sejak sebulan, dua motor jatuh.")
    page.fill("[name=incident_date]", "2026-01-05")
    page.select_option("[name=kecamatan]", KECAMATAN)
    page.select_option("[name=desa]", DESA)
    page.fill("[name=address]", "Depan SD Kanna")
    page.select_option("[name=category]", str(road_category.pk))
    page.fill("[name=name]", CITIZEN_NAME)
    page.fill("[name=phone]", "0812 3456 7890")
    scan: FilePayload = {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    page.set_input_files("[name=letter_scan]", files=[scan])
    page.locator("form[data-report-form] [type=submit]").click()

    page.wait_for_url("**/konsol/entri/*/")
    number = page.locator("[data-testid=tracking-number]").inner_text().strip()
    code = page.locator("[data-testid=access-code]").inner_text().strip()
    assert number
    assert code
    expect(page).to_have_url(reverse("complaints:operator_done", args=[number]))
    assert_accessible(page)
    return number, code


def _coordinator_verifies(page: Page, number: str, pupr: Unit) -> None:
    assert_accessible(page)  # the coordinator's start page
    _open_from_inbox(page, reverse("workflow:coordinator_inbox"), number)
    verify = _form("console_verify", number)
    # The dispatch picker: the category's unit (PUPR) comes checked; checking it again is a no-op.
    page.check(f"{verify} [name=verify-units][value='{pupr.pk}']")
    page.fill(f"{verify} [name=verify-instruction]", INSTRUCTION)
    page.locator(f"{verify} [type=submit]").click()
    # Back to the inbox for the next report; this one has left it.
    expect(page).to_have_url(reverse("workflow:coordinator_inbox"))
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(f'tr[data-number="{number}"]')).to_have_count(0)


def _citizen_opens_tracking(page: Page, number: str, code: str) -> None:
    page.goto(reverse("workflow:track_lookup"))
    page.fill("[name=tracking_number]", number)
    page.fill("[name=access_code]", code)
    page.locator("main form [type=submit]").click()
    expect(page).to_have_url(reverse("workflow:track", args=[number]))
    expect(page.locator("#mine-heading")).to_be_visible()


# ---------------------------------------------------------------- the tests


def test_letter_from_operator_entry_to_citizen_confirmation(
    sign_in: SignIn,
    page: Page,
    operator: User,
    admin: User,
    officer: User,
    auditor: User,
    pupr: Unit,
    road_category: Category,
    submit: Callable[..., Submitted],
) -> None:
    overdue = _overdue_report(submit, admin, pupr)

    # The operator enters the letter with its scan.
    number, code = _operator_enters_letter(sign_in(operator), road_category)
    complaint = Complaint.objects.get(tracking_number=number)
    assert (complaint.channel, complaint.status) == (Channel.LETTER, Status.SUBMITTED)
    assert complaint.reporter is not None
    assert complaint.reporter.name == CITIZEN_NAME
    assert list(Attachment.objects.filter(complaint=complaint).values_list("content_type")) == [
        ("application/pdf",)
    ]
    assert _events(complaint) == [EventKind.SUBMITTED]

    # The coordinator finds it in the inbox, verifies it and dispatches it to PUPR.
    coordinator = sign_in(admin)
    _coordinator_verifies(coordinator, number, pupr)
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED
    dispatch = Dispatch.objects.get(complaint=complaint)
    assert (dispatch.unit_id, dispatch.status, dispatch.instruction) == (
        pupr.pk,
        DispatchStatus.PENDING,
        INSTRUCTION,
    )
    assert {EventKind.VERIFIED, EventKind.DISPATCHED} <= set(_events(complaint))

    # PUPR's liaison finds it in the unit inbox, accepts it and replies to the citizen.
    liaison = sign_in(officer)
    assert_accessible(liaison)  # the liaison's start page
    _open_from_inbox(liaison, reverse("workflow:unit_inbox"), number)
    expect(liaison.locator("#unit-actions")).to_contain_text(INSTRUCTION)
    liaison.locator(f"{_form('console_accept', number)} [type=submit]").click()
    expect(liaison.locator("[data-status]")).to_have_attribute("data-status", Status.IN_PROGRESS)
    dispatch.refresh_from_db()
    complaint.refresh_from_db()
    assert (dispatch.status, complaint.status) == (DispatchStatus.ACCEPTED, Status.IN_PROGRESS)

    followup = _form("console_followup", number)
    liaison.fill(f"{followup} [name=text]", REPLY)
    liaison.check(f"{followup} [name=visibility][value=public]")
    liaison.locator(f"{followup} [type=submit]").click()
    expect(liaison.locator(".timeline")).to_contain_text(REPLY)
    assert complaint.events.filter(kind=EventKind.FOLLOWUP, is_public=True, note=REPLY).exists()
    notifications_from_events()  # what the worker does: the liaison is told of the dispatch
    _visit(liaison, reverse("notifications:console_list"))
    expect(liaison.locator("main")).to_contain_text(number)

    # The citizen (no account) sees the reply on the tracking page.
    _citizen_opens_tracking(page, number, code)
    expect(page.locator("main")).to_contain_text(REPLY)

    # The liaison reports the work as done; the citizen confirms and the report closes.
    liaison.goto(reverse("workflow:console_report", args=[number]))
    resolve = _form("console_resolve", number)
    liaison.fill(f"{resolve} [name=summary]", SUMMARY)
    liaison.locator(f"{resolve} [type=submit]").click()
    expect(liaison.locator("[data-status]")).to_have_attribute("data-status", Status.RESOLVED)
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED

    page.reload()
    expect(page.locator("main")).to_contain_text(SUMMARY)
    confirm = reverse("workflow:track_confirm", args=[number])
    page.fill(f'form[action="{confirm}"] [name=note]', "Terima kasih, sudah rata.")
    page.locator(f'form[action="{confirm}"] [type=submit]').click()
    expect(page.locator(f'form[action="{confirm}"]')).to_have_count(0)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert _events(complaint)[-1] == EventKind.CONFIRMED

    # The coordinator's oversight pages, and the auditor's, which list what happened.
    notifications_from_events()
    for name in (
        "reporting:oversight",
        "reporting:oversight_units",
        "notifications:console_list",
    ):
        _visit(coordinator, reverse(name))
    for name in ("reporting:oversight_overdue", "notifications:escalations"):
        _visit(coordinator, reverse(name))
        expect(coordinator.locator("main")).to_contain_text(overdue.tracking_number)
    rollups_refresh()  # the worker's pass
    _visit(coordinator, reverse("reporting:recap") + f"?period=year&year={clock.now().year}")
    expect(coordinator.get_by_test_id("table1")).to_be_visible()
    inspector = sign_in(auditor)
    assert_accessible(inspector)  # the auditor's start page
    _visit(inspector, reverse("reporting:audit_events"))
    expect(inspector.locator("main")).to_contain_text(number)
    _visit(inspector, reverse("reporting:audit_identity_views"))


def test_hand_back_and_dispatch_to_another_unit(
    sign_in: SignIn,
    submit: Callable[..., Submitted],
    admin: User,
    officer: User,
    other_officer: User,
    pupr: Unit,
    dinkes: Unit,
) -> None:
    complaint = submit().complaint
    services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    number = complaint.tracking_number

    # PUPR's liaison hands it back: a clinic's problem, not a road.
    reason = "Ini soal layanan puskesmas, bukan jalan: mohon ke Dinas Kesehatan."
    liaison = sign_in(officer)
    _open_from_inbox(liaison, reverse("workflow:unit_inbox"), number, check=False)
    hand_back = _form("console_return", number)
    liaison.fill(f"{hand_back} [name=reason]", reason)
    liaison.locator(f"{hand_back} [type=submit]").click()
    expect(liaison).to_have_url(reverse("workflow:unit_inbox"))
    expect(liaison.locator(f'tr[data-number="{number}"]')).to_have_count(0)
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED
    returned = Dispatch.objects.get(complaint=complaint, unit=pupr)
    assert (returned.status, returned.return_reason) == (DispatchStatus.RETURNED, reason)
    assert _events(complaint)[-1] == EventKind.DISPATCH_RETURNED

    # The coordinator sees it back in the inbox, with the reason, and sends it to Dinkes.
    coordinator = sign_in(admin)
    _open_from_inbox(coordinator, reverse("workflow:coordinator_inbox"), number, check=False)
    expect(coordinator.locator(f'tr[data-dispatch-unit="{pupr.code}"]')).to_contain_text(reason)
    verify = _form("console_verify", number)
    coordinator.uncheck(f"{verify} [name=verify-units][value='{pupr.pk}']")
    coordinator.check(f"{verify} [name=verify-units][value='{dinkes.pk}']")
    coordinator.locator(f"{verify} [type=submit]").click()
    expect(coordinator).to_have_url(reverse("workflow:coordinator_inbox"))
    expect(coordinator.locator(f'tr[data-number="{number}"]')).to_have_count(0)
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED
    assert dict(
        Dispatch.objects.filter(complaint=complaint).values_list("unit__code", "status")
    ) == {pupr.code: DispatchStatus.RETURNED, dinkes.code: DispatchStatus.PENDING}

    # Dinkes's liaison, with JavaScript off, finds it and accepts it.
    clinic = sign_in(other_officer, javascript=False)
    _open_from_inbox(clinic, reverse("workflow:unit_inbox"), number)
    clinic.locator(f"{_form('console_accept', number)} [type=submit]").click()
    expect(clinic.locator("[data-status]")).to_have_attribute("data-status", Status.IN_PROGRESS)
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS
    assert Dispatch.objects.get(complaint=complaint, unit=dinkes).status == (
        DispatchStatus.ACCEPTED
    )

    # PUPR's inbox stays empty of it.
    liaison.goto(reverse("workflow:unit_inbox"))
    expect(liaison.locator(f'tr[data-number="{number}"]')).to_have_count(0)
