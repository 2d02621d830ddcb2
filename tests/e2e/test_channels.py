"""The chat channels end to end: a citizen writes in the channel simulator (the real, signed
WhatsApp webhook underneath), the coordinator dispatches the report in the console, the
liaison's follow-up and the resolution arrive on a fake WhatsApp Cloud API on 127.0.0.1, the
citizen confirms in the chat, and the report is closed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from aduan.accounts.models import User
from aduan.complaints.choices import Status
from aduan.complaints.models import Complaint
from aduan.conversations import services as conversation_services
from aduan.integrations.whatsapp.tests.fake_graph import PHONE_ID, TOKEN, FakeGraph, running_graph
from aduan.notifications.services import worker_pass
from aduan.organisation.models import Category, Unit
from aduan.workflow import services
from tests.e2e.conftest import assert_accessible

SignIn = Callable[..., Page]


@pytest.fixture
def graph(settings: Any) -> Iterator[FakeGraph]:
    conversation_services._instansi_cache.clear()
    with running_graph() as fake:
        settings.ADUAN_DEMO = True
        settings.ADUAN_WHATSAPP_API_URL = fake.url
        settings.ADUAN_WHATSAPP_PHONE_NUMBER_ID = PHONE_ID
        settings.ADUAN_WHATSAPP_TOKEN = TOKEN
        settings.ADUAN_WHATSAPP_APP_SECRET = "e2e-app-secret"
        settings.ADUAN_WHATSAPP_TIMEOUT = 2
        yield fake


def _chat(page: Page, text: str, expected: str) -> None:
    """The citizen sends one message; the worker answers; the answer shows in the window."""
    sent = page.locator("#sim-chat .simulator-sent")
    before = sent.count()
    page.fill("#sim-text", text)
    page.click("#simulator [type=submit]")
    expect(sent).to_have_count(before + 1)  # the webhook answered: the message is stored
    worker_pass(worker_id="e2e", sweep=False)
    expect(page.locator("#sim-chat .simulator-answer").last).to_contain_text(
        expected, timeout=15_000
    )


def test_whatsapp_report_dispatched_followed_up_and_confirmed(
    graph: FakeGraph,
    sign_in: SignIn,
    admin: User,
    officer: User,
    pupr: Unit,
    road_category: Category,
) -> None:
    coordinator = sign_in(admin)
    coordinator.goto(reverse("simulator:page"))
    assert_accessible(coordinator)
    chat = coordinator
    _chat(chat, "LAPOR Jalan poros Belopa berlubang dalam di depan pasar.", "Di kecamatan mana")
    _chat(chat, "Belopa", "Di desa atau kelurahan mana?")
    _chat(chat, "0", "Kirim foto bila ada")
    _chat(chat, "0", "Sembunyikan identitas")
    _chat(chat, "2", "Rahasiakan isi laporan?")
    _chat(chat, "2", "Periksa laporan Anda")
    _chat(chat, "1", "Kode akses")
    complaint = Complaint.objects.get()
    number = complaint.tracking_number

    # The coordinator dispatches it in the console.
    coordinator.goto(reverse("workflow:console_report", args=[number]))
    verify = f'form[action="{reverse("workflow:console_verify", args=[number])}"]'
    coordinator.check(f"{verify} [name=verify-units][value='{pupr.pk}']")
    coordinator.select_option(f"{verify} [name=verify-category]", str(road_category.pk))
    coordinator.locator(f"{verify} [type=submit]").click()
    expect(coordinator).to_have_url(reverse("workflow:coordinator_inbox"))
    complaint.refresh_from_db()
    assert complaint.status == Status.DISPATCHED

    # The liaison follows up and resolves; both reach the citizen's WhatsApp.
    services.dispatch_accept(actor=officer, complaint=complaint)
    services.followup_add(actor=officer, complaint=complaint, text="Tim PUPR sudah meninjau.")
    worker_pass(worker_id="e2e", sweep=False)
    assert any("Tim PUPR sudah meninjau." in t for t in graph.texts())
    services.complaint_resolve(actor=officer, complaint=complaint, summary="Lubang ditambal.")
    worker_pass(worker_id="e2e", sweep=False)
    assert "Lubang ditambal." in graph.texts()[-1]

    # The citizen confirms in the chat; the report closes, the rating is asked, and then the
    # unit's satisfaction survey (issue 12) arrives in the same chat.
    chat.goto(reverse("simulator:page"))
    _chat(chat, "1", "/survei/pupr/")
    expect(chat.locator("#sim-chat .simulator-answer", has_text="Beri nilai")).to_have_count(1)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    # The console's report page shows the messages to the reporter and how far they got.
    coordinator.goto(reverse("workflow:console_report", args=[number]))
    expect(coordinator.locator("#deliveries")).to_be_visible()
    assert_accessible(coordinator)


def test_the_simulator_shares_a_location_and_presses_a_button(
    graph: FakeGraph, sign_in: SignIn, admin: User
) -> None:
    """WhatsApp's own gestures in the simulator: the prefilled point of a desa is shared at
    the "where" question, and the proposal's "Ya" button answers it as an interactive reply."""
    chat = sign_in(admin)
    chat.goto(reverse("simulator:page"))
    _chat(chat, "LAPOR Jembatan gantung putus di kampung kami.", "Di kecamatan mana")
    sent = chat.locator("#sim-chat .simulator-sent")
    chat.click("#sim-share")
    expect(sent).to_have_count(2)
    worker_pass(worker_id="e2e", sweep=False)
    proposal = chat.locator("#sim-chat .simulator-answer").last
    expect(proposal).to_contain_text("Lokasi Anda", timeout=15_000)
    proposal.get_by_role("button", name="Ya").click()
    expect(sent).to_have_count(3)
    worker_pass(worker_id="e2e", sweep=False)
    expect(chat.locator("#sim-chat .simulator-answer").last).to_contain_text(
        "Kirim foto bila ada", timeout=15_000
    )
    assert_accessible(chat)
    chat.locator("#sim-chat .simulator-answer").last.get_by_role(
        "button"
    ).first.click()  # no photos
    expect(sent).to_have_count(4)
    worker_pass(worker_id="e2e", sweep=False)
    expect(chat.locator("#sim-chat .simulator-answer").last).to_contain_text(
        "Sembunyikan identitas", timeout=15_000
    )
