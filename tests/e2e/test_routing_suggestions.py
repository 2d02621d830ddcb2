"""The routing assistant in the browser (issue 16): the coordinator opens a fresh report from
the verification inbox, sees the suggested units, accepts the first with one click, and the
report is verified and dispatched to that unit. axe-core checks the report page with the
suggestions at 1280, 360 and 320 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from aduan.accounts.models import User
from aduan.complaints.choices import EventKind, Status
from aduan.complaints.services import Submitted
from aduan.routing.models import SuggestionDecision
from aduan.routing.selectors import suggestion_for
from tests.e2e.conftest import WIDE, _blocking, assert_accessible

PHONE: ViewportSize = {"width": 360, "height": 740}


def test_the_coordinator_accepts_the_first_suggestion(
    sign_in: Callable[..., Page], submit: Callable[..., Submitted], admin: User
) -> None:
    complaint = submit(
        title="Jalan berlubang di depan SD Kanna",
        description="Aspal jalan kabupaten rusak berlubang, sudah dua motor jatuh.",
    ).complaint
    number = complaint.tracking_number
    best = suggestion_for(complaint).units[0].unit

    page = sign_in(admin)
    inbox = reverse("workflow:coordinator_inbox")
    page.goto(inbox)
    page.locator(f'tr[data-number="{number}"] a').first.click()
    expect(page).to_have_url(reverse("workflow:console_report", args=[number]))

    section = page.locator("#suggestions")
    expect(section).to_be_visible()
    expect(section.locator("h2")).to_have_text("Saran unit")
    first = section.locator("li[data-suggestion]").first
    expect(first).to_have_attribute("data-suggestion", best.code)
    expect(section.locator("li[data-suggestion]")).to_have_count(3)

    assert_accessible(page)  # 1280 px and 320 px
    page.set_viewport_size(PHONE)
    expect(section).to_be_visible()
    if found := _blocking(page):
        pytest.fail("axe-core at 360 px:\n" + "\n".join(found))
    page.set_viewport_size(WIDE)

    first.locator("button[type=submit]").click()  # the one click
    page.wait_for_url(f"**{inbox}")
    expect(page.locator(f'tr[data-number="{number}"]')).to_have_count(0)

    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED
    assert complaint.verified_at is not None
    assert list(complaint.dispatches.values_list("unit__code", flat=True)) == [best.code]
    assert complaint.events.filter(kind=EventKind.DISPATCHED, actor=admin).count() == 1
    decision = SuggestionDecision.objects.get(complaint=complaint)
    assert (decision.accepted, decision.chosen) == (True, [best.code])

    # The report page now shows it sent, and no longer suggests anything.
    page.goto(reverse("workflow:console_report", args=[number]))
    expect(page.locator(f'[data-status="{Status.DISPATCHED}"]')).to_have_count(1)
    expect(page.locator("#suggestions")).to_have_count(0)
