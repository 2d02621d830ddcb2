"""The coordinator's publication step in the browser (issue 14): a report full of personal
data arrives; the coordinator sees each piece highlighted, masks one more by hand, verifies
and publishes it with one of its two photos; the public reads the masked text; the coordinator
undoes the hand mask and finally withdraws the report, which leaves every public page.

axe-core checks the report page (with its closed sections opened) and the public pages.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from aduan.accounts.models import User
from aduan.complaints.choices import Audience, EventKind
from aduan.complaints.models import Complaint
from aduan.complaints.services import Submitted
from aduan.complaints.tests.leaks import assert_no_leak
from aduan.organisation.models import Unit
from tests.e2e.conftest import assert_accessible

DESCRIPTION = (
    "Jalan poros di depan warung Sinar Jaya berlubang besar. Nama saya Rahmat Hidayat, "
    "NIK 7317014501900003, WA 0813-9876-5432, email rahmat.h@gmail.com."
)


def _png(colour: tuple[int, int, int]) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), colour).save(out, format="PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


def _form(name: str, number: str) -> str:
    return f'form[action="{reverse(f"workflow:{name}", args=[number])}"]'


def _stranger_status(browser: Browser, origin: str, url: str) -> int:
    context = browser.new_context()
    try:
        return context.request.get(origin + url).status
    finally:
        context.close()


def test_coordinator_masks_verifies_publishes_and_withdraws(
    sign_in: Callable[..., Page],
    page: Page,
    browser: Browser,
    admin: User,
    pupr: Unit,
    submit: Callable[..., Submitted],
) -> None:
    complaint = submit(
        title="Jalan poros berlubang di Kanna",
        description=DESCRIPTION,
        attachments=[_png((200, 40, 40)), _png((40, 200, 40))],
    ).complaint
    number = complaint.tracking_number
    road_photo, face_photo = complaint.attachments.order_by("pk")
    report_url = reverse("workflow:console_report", args=[number])
    public_url = reverse("complaints:public_report", args=[number])

    coordinator = sign_in(admin)
    coordinator.goto(report_url)
    section = coordinator.locator("#publication")
    expect(section).to_have_attribute("data-publication", "awaiting")
    for kind in ("nik", "phone", "email", "name"):
        expect(section.locator(f'[data-found="{kind}"]')).to_have_count(1)
    expect(section.locator('mark[data-mask="nik"]')).to_have_text("7317014501900003")
    coordinator.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true })")
    assert_accessible(coordinator)

    # Mask the shop's name by hand: it points at one family.
    mask = _form("console_mask", number)
    coordinator.fill(f"{mask} [name=mask-text]", "Sinar Jaya")
    coordinator.locator(f"{mask} [type=submit]").click()
    expect(coordinator.locator(".messages")).to_be_visible()
    expect(coordinator.locator("[data-public-text]")).to_contain_text("warung [disamarkan]")
    expect(coordinator.locator("[data-added-mask]")).to_have_count(1)

    # Verify, publish, and make only the road photo public.
    verify = _form("console_verify", number)
    coordinator.check(f"{verify} [name=verify-units][value='{pupr.pk}']")
    expect(coordinator.locator(f"{verify} [name=verify-publish][value=yes]")).to_be_checked()
    coordinator.check(f"{verify} [name=verify-public_attachments][value='{road_photo.pk}']")
    coordinator.locator(f"{verify} [type=submit]").click()
    expect(coordinator).to_have_url(reverse("workflow:coordinator_inbox"))

    complaint.refresh_from_db()
    assert complaint.is_published
    verified = complaint.events.get(kind=EventKind.VERIFIED)
    assert verified.new == {"published": True, "public_attachments": [road_photo.pk]}

    # The public reads the masked text and sees one photo.
    page.goto(reverse("complaints:feed"))
    expect(page.locator(f'a[href="{public_url}"]')).to_have_count(1)
    page.goto(public_url)
    body = page.locator("main")
    for marker in ("[NIK disamarkan]", "[nomor telepon disamarkan]", "[e-mail disamarkan]",
                   "[nama disamarkan]", "warung [disamarkan]"):  # fmt: skip
        expect(body).to_contain_text(marker)
    expect(page.locator('a[href*="/lampiran/"]')).to_have_count(1)
    assert_no_leak(page.content(), complaint)
    assert_accessible(page)
    origin = "/".join(page.url.split("/")[:3])
    face_url = reverse("complaints:public_attachment", args=[number, face_photo.pk])
    assert _stranger_status(browser, origin, face_url) == 404

    # Undo the hand mask: the shop's name is readable again, the personal data is not.
    coordinator.goto(report_url)
    coordinator.locator("[data-added-mask] [type=submit]").click()
    expect(coordinator.locator("[data-added-mask]")).to_have_count(0)
    page.goto(public_url)
    expect(page.locator("main")).to_contain_text("warung Sinar Jaya")
    expect(page.locator("main")).not_to_contain_text("7317014501900003")

    # Withdraw it: every public page forgets it.
    coordinator.goto(report_url)
    unpublish = _form("console_unpublish", number)
    coordinator.locator("#action-unpublish summary").click()
    coordinator.fill(f"{unpublish} [name=unpublish-reason]", "Foto memperlihatkan wajah warga")
    coordinator.locator(f"{unpublish} [type=submit]").click()
    expect(coordinator.locator("#publication")).to_have_attribute("data-publication", "unpublished")
    assert _stranger_status(browser, origin, public_url) == 404
    page.goto(reverse("complaints:feed"))
    expect(page.locator(f'a[href="{public_url}"]')).to_have_count(0)

    kinds = list(complaint.events.order_by("seq").values_list("kind", "audience"))
    assert (EventKind.MASKED, Audience.STAFF) in kinds
    assert (EventKind.UNMASKED, Audience.STAFF) in kinds
    assert (EventKind.UNPUBLISHED, Audience.STAFF) in kinds
    assert Complaint.objects.get(pk=complaint.pk).is_published is False
