"""Everyday use (issue 15), in a real browser: what a citizen on a 360x640 phone and a busy
civil servant at a desk meet.

- No page scrolls sideways at 320 px (a wide table scrolls inside its own box), and exactly
  one navigation item is the current page: every public page and every console page.
- On a phone the header is compact (the report form's first field above the fold at 360x640),
  the feed folds its filters away, and the page frame keeps text off the screen's edge.
- A browser set to English still gets Indonesian.
- The dispatch picker by keyboard and by touch; a failed action stays on the report's address
  (a reload shows the report, no blank 405) with every error at once; a liaison sees the
  confirmation after acting.
- The walkthrough: a coordinator's first sign-in to a dispatched report, counting actions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize, expect

from aduan.accounts.models import User
from aduan.complaints.choices import DispatchStatus, Status
from aduan.complaints.models import Complaint, Dispatch
from aduan.complaints.services import Submitted
from aduan.organisation.models import Category, Instansi, Unit
from aduan.workflow import services
from tests.e2e.conftest import TIMEOUT_MS, assert_accessible

PHONE: ViewportSize = {"width": 360, "height": 640}
DESK: ViewportSize = {"width": 1280, "height": 800}
NARROWEST: ViewportSize = {"width": 320, "height": 640}

SignIn = Callable[..., Page]

# The navigation landmarks of the site: the header's, the console's, the oversight pages'.
NAV_CURRENT = (
    ".site-nav [aria-current='page'], .console-nav [aria-current='page'], "
    ".oversight-nav [aria-current='page']"
)


def _goto(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url


def _sideways(page: Page) -> int:
    """How far the page is wider than the window (0: no sideways scroll)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _check_narrow(page: Page, url: str, *, nav_item: bool) -> None:
    _goto(page, url)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROWEST["width"], url
    current = page.locator(NAV_CURRENT).count()
    if nav_item:
        assert current == 1, url
    else:
        assert current <= 1, url


@pytest.fixture
def published(submit: Callable[..., Submitted], admin: User, pupr: Unit) -> Complaint:
    complaint = submit(title="Jalan berlubang di depan SD Kanna").complaint
    return services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])


def test_no_page_scrolls_sideways_at_320_px_and_one_item_is_current(
    browser: Browser,
    live_server: Any,
    sign_in: SignIn,
    published: Complaint,
    admin: User,
    officer: User,
    operator: User,
    auditor: User,
) -> None:
    number = published.tracking_number
    context = browser.new_context(base_url=live_server.url, viewport=NARROWEST, locale="id-ID")
    context.set_default_timeout(TIMEOUT_MS)
    citizen = context.new_page()
    public = {
        reverse("complaints:report"): True,
        reverse("workflow:track_lookup"): True,
        reverse("workflow:track", args=[number]): True,
        reverse("complaints:feed"): True,
        reverse("complaints:public_report", args=[number]): True,
        reverse("reporting:statistics"): True,
        reverse("accounts:login"): True,
    }
    for url, nav_item in public.items():
        _check_narrow(citizen, url, nav_item=nav_item)
    context.close()

    staff_pages = {
        admin: {
            reverse("workflow:console_home"): True,
            reverse("workflow:coordinator_inbox"): True,
            reverse("workflow:console_report", args=[number]): False,
            reverse("reporting:oversight"): True,
            reverse("reporting:oversight_overdue"): True,
            reverse("reporting:oversight_units"): True,
            reverse("notifications:console_list"): True,
            reverse("notifications:escalations"): False,
        },
        officer: {
            reverse("workflow:unit_inbox"): True,
            reverse("workflow:console_report", args=[number]): False,
        },
        operator: {reverse("complaints:operator_entry"): True},
        auditor: {
            reverse("reporting:audit_events"): True,
            reverse("reporting:audit_identity_views"): True,
        },
    }
    for user, pages in staff_pages.items():
        page = sign_in(user)
        page.set_viewport_size(NARROWEST)
        for url, nav_item in pages.items():
            _check_narrow(page, url, nav_item=nav_item)


def test_statistics_tables_scroll_in_their_own_box(page: Page, published: Complaint) -> None:
    page.set_viewport_size(NARROWEST)
    _goto(page, reverse("reporting:statistics"))
    assert _sideways(page) <= 0
    box = page.locator(".table-wrap").first
    expect(box).to_be_visible()
    # The table is wider than its box, and the box (not the page) scrolls.
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"
    assert_accessible(page)


@pytest.mark.parametrize("size", [PHONE, DESK], ids=["360x640", "1280x800"])
def test_the_page_frame_keeps_text_off_the_edge(
    page: Page, published: Complaint, size: ViewportSize
) -> None:
    page.set_viewport_size(size)
    for url in (
        reverse("complaints:feed"),
        reverse("complaints:public_report", args=[published.tracking_number]),
        reverse("reporting:statistics"),
    ):
        _goto(page, url)
        left = page.locator("main h1").evaluate("h => h.getBoundingClientRect().left")
        assert left >= 12, url  # the frame's padding (1rem), not the screen's edge
        assert_accessible(page)


def test_on_a_phone_the_header_is_compact_and_the_first_field_above_the_fold(
    page: Page, luwu: Instansi
) -> None:
    page.set_viewport_size(PHONE)
    _goto(page, reverse("complaints:report"))
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    assert header["height"] <= 80
    first = page.locator(
        "form[data-report-form] :is(input:not([type=hidden]), select, textarea):visible"
    ).first
    box = first.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"]
    # The navigation is one tap away and works by keyboard too.
    menu = page.locator(".header-menu > summary")
    expect(menu).to_be_visible()
    expect(page.locator(".site-nav")).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".site-nav")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size(DESK)
    _goto(page, reverse("complaints:report"))
    expect(page.locator(".site-nav")).to_be_visible()
    expect(page.locator(".header-menu > summary")).to_be_hidden()


def test_the_feed_folds_its_filters_on_a_phone(page: Page, published: Complaint) -> None:
    page.set_viewport_size(PHONE)
    _goto(page, reverse("complaints:feed"))
    expect(page.locator("[name=q]")).to_be_visible()
    for name in ("status", "category", "unit", "district", "date_from"):
        expect(page.locator(f"[name={name}]")).to_be_hidden()
    first = page.locator(".feed-item").first.bounding_box()
    assert first is not None
    assert first["y"] < 2 * PHONE["height"]
    page.locator(".feed-more-filters > summary").click()
    expect(page.locator("[name=status]")).to_be_visible()
    assert_accessible(page)

    # A filter that is set keeps them open; on a desk they are always shown.
    _goto(page, f"{reverse('complaints:feed')}?status=dispatched")
    expect(page.locator("[name=status]")).to_be_visible()
    page.set_viewport_size(DESK)
    _goto(page, reverse("complaints:feed"))
    expect(page.locator("[name=status]")).to_be_visible()
    expect(page.locator(".feed-more-filters > summary")).to_be_hidden()


def test_a_browser_set_to_english_gets_indonesian(
    browser: Browser, live_server: Any, luwu: Instansi
) -> None:
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    page = context.new_page()
    _goto(page, reverse("complaints:report"))
    assert page.locator("html").get_attribute("lang") == "id"
    expect(page.locator(".header-menu > summary")).to_have_text("Menu")
    page.locator(".header-menu > summary").click()
    page.locator("button[name=language][value=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def _report_for_coordinator(submit: Callable[..., Submitted], category: Category | None) -> str:
    complaint = submit(title="Lampu jalan mati di Belopa", category=category).complaint
    return str(complaint.tracking_number)


@pytest.mark.parametrize("size", [PHONE, DESK], ids=["360x640", "1280x800"])
def test_the_dispatch_picker_by_keyboard_and_touch(
    browser: Browser,
    live_server: Any,
    sign_in: SignIn,
    submit: Callable[..., Submitted],
    admin: User,
    pupr: Unit,
    dinkes: Unit,
    road_category: Category,
    size: ViewportSize,
) -> None:
    number = _report_for_coordinator(submit, road_category)
    page = sign_in(admin)
    page.set_viewport_size(size)
    _goto(page, reverse("workflow:console_report", args=[number]))
    verify = f'form[action="{reverse("workflow:console_verify", args=[number])}"]'
    picker = page.locator(f"{verify} [data-unit-picker]")
    # The category's unit is checked and marked as the suggestion.
    expect(picker.locator(f"input[value='{pupr.pk}']")).to_be_checked()
    expect(picker.locator("label", has_text="saran dari kategori")).to_contain_text(
        "Pekerjaan Umum"
    )
    assert_accessible(page)

    # Keyboard: type part of a name, Enter goes to the first match, Space checks it.
    search = picker.locator("[data-unit-picker-search]")
    search.focus()
    page.keyboard.type("kesehatan")
    visible = picker.locator("[data-unit-option]:visible")
    expect(visible.filter(has_text="Dinas Kesehatan")).to_have_count(1)
    expect(visible.filter(has_text="Dinas Pekerjaan Umum")).to_have_count(1)  # checked: kept
    expect(picker.locator("[data-unit-option]:visible")).not_to_have_count(
        picker.locator("[data-unit-option]").count()
    )
    page.keyboard.press("Enter")
    expect(picker.locator(f"input[value='{dinkes.pk}']")).to_be_focused()
    page.keyboard.press("Space")
    expect(picker.locator(f"input[value='{dinkes.pk}']")).to_be_checked()
    expect(picker.locator("[data-unit-picker-count]")).to_contain_text("Dipilih: 2")

    # Touch: a tap on the label (a large target) unchecks PUPR.
    search.fill("")
    pupr_label = picker.locator("label", has=page.locator(f"input[value='{pupr.pk}']"))
    label_box = pupr_label.bounding_box()
    assert label_box is not None
    assert label_box["height"] >= 44
    pupr_label.dispatch_event("click")
    expect(picker.locator(f"input[value='{pupr.pk}']")).not_to_be_checked()
    page.locator(f"{verify} [type=submit]").click()
    expect(page).to_have_url(reverse("workflow:coordinator_inbox"))
    assert set(
        Dispatch.objects.filter(complaint__tracking_number=number).values_list("unit", flat=True)
    ) == {dinkes.pk}


def test_the_picker_without_javascript_is_a_grouped_list_of_checkboxes(
    sign_in: SignIn, submit: Callable[..., Submitted], admin: User, dinkes: Unit
) -> None:
    number = _report_for_coordinator(submit, None)
    page = sign_in(admin, javascript=False)
    _goto(page, reverse("workflow:console_report", args=[number]))
    verify = f'form[action="{reverse("workflow:console_verify", args=[number])}"]'
    expect(page.locator(f"{verify} [data-unit-picker-tools]")).to_be_hidden()
    expect(page.locator(f"{verify} .unit-group legend").first).to_have_text(
        "Perangkat daerah (OPD)"
    )
    page.check(f"{verify} input[value='{dinkes.pk}']")
    page.select_option(f"{verify} [name=verify-category]", index=1)
    page.locator(f"{verify} [type=submit]").click()
    expect(page).to_have_url(reverse("workflow:coordinator_inbox"))
    assert Complaint.objects.get(tracking_number=number).status == Status.DISPATCHED


def test_a_failed_action_stays_on_the_report_with_every_error(
    sign_in: SignIn, submit: Callable[..., Submitted], admin: User
) -> None:
    number = _report_for_coordinator(submit, None)
    report = reverse("workflow:console_report", args=[number])
    page = sign_in(admin)
    page.set_viewport_size(PHONE)
    _goto(page, report)
    verify = f'form[action="{reverse("workflow:console_verify", args=[number])}"]'
    expect(page.locator(f"{verify} label", has_text="Kategori")).to_contain_text("(wajib)")
    page.locator(f"{verify} [type=submit]").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Pilih paling sedikit satu unit.")
    expect(summary).to_contain_text("Pilih kategori sebelum memverifikasi.")
    expect(page).to_have_url(report)  # the report's own address, not the action's
    assert_accessible(page)
    response = page.reload()
    assert response is not None
    assert response.status == 200
    expect(page.locator("h1")).to_have_text("Lampu jalan mati di Belopa")

    # A GET on the action's address (a bookmark, JavaScript off) lands on the report too.
    _goto(page, reverse("workflow:console_verify", args=[number]))
    expect(page).to_have_url(report)


def test_the_liaison_sees_the_confirmation_after_acting(
    sign_in: SignIn, submit: Callable[..., Submitted], admin: User, officer: User, pupr: Unit
) -> None:
    complaint = submit().complaint
    services.complaint_verify(actor=admin, complaint=complaint, units=[pupr])
    number = complaint.tracking_number
    page = sign_in(officer)
    page.set_viewport_size(PHONE)
    _goto(page, reverse("workflow:console_report", args=[number]))
    accept = f'form[action="{reverse("workflow:console_accept", args=[number])}"]'
    page.locator(f"{accept} [type=submit]").click()
    message = page.locator("#messages")
    expect(message).to_contain_text("Unit Anda sudah menerima laporan ini.")
    expect(message).to_be_in_viewport()

    followup = f'form[action="{reverse("workflow:console_followup", args=[number])}"]'
    page.fill(f"{followup} [name=text]", "Tim sudah meninjau lokasi.")
    page.locator(f"{followup} [type=submit]").click()
    expect(page.locator("#messages")).to_be_in_viewport()
    assert Dispatch.objects.get(complaint=complaint).status == DispatchStatus.ACCEPTED
    assert_accessible(page)


def test_walkthrough_from_first_sign_in_to_a_dispatched_report_in_four_actions(
    sign_in: SignIn,
    submit: Callable[..., Submitted],
    admin: User,
    pupr: Unit,
    road_category: Category,
) -> None:
    """The coordinator signs in (landing on the console), opens the new report from the
    inbox, and verifies and dispatches it: every click, key press and field filled after
    opening the report counts as one action; at most four."""
    complaint = submit(title="Lampu jalan mati di Belopa", category=road_category).complaint
    page = sign_in(admin)  # the password, then the authenticator code, on the real pages
    expect(page).to_have_url(reverse("workflow:console_home"))
    page.locator(".console-nav a", has_text="Perlu diverifikasi").click()
    page.locator(f'tr[data-number="{complaint.tracking_number}"] a').first.click()
    expect(page).to_have_url(reverse("workflow:console_report", args=[complaint.tracking_number]))

    actions = 0
    verify = (
        f'form[action="{reverse("workflow:console_verify", args=[complaint.tracking_number])}"]'
    )
    # The category came with the report, its unit is checked: one click sends it.
    expect(page.locator(f"{verify} input[value='{pupr.pk}']")).to_be_checked()
    page.locator(f"{verify} [type=submit]").click()
    actions += 1
    expect(page.locator("#messages")).to_contain_text("Laporan sudah diverifikasi")
    assert actions <= 4
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED
    assert list(Dispatch.objects.filter(complaint=complaint).values_list("unit", flat=True)) == [
        pupr.pk
    ]
