"""The console pages of issue 11 in a real browser: a coordinator issues a personal API token
(shown once), and opens the webhook and SP4N-LAPOR! pages; each passes axe-core."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from aduan.accounts.models import User
from tests.e2e.conftest import assert_accessible


def test_a_coordinator_issues_a_token_and_opens_the_link_pages(
    sign_in: Callable[..., Page], admin: User
) -> None:
    page = sign_in(admin)
    base = page.url.split("/konsol/")[0].split("/masuk")[0].rstrip("/")

    page.goto(f"{base}/konsol/token/")
    assert_accessible(page)
    page.get_by_label("Nama").fill("Skrip ekspor")
    page.get_by_role("button", name="Terbitkan token").click()
    token = page.locator("[data-token]")
    expect(token).to_contain_text("adn_")
    assert_accessible(page)

    for path in ("/konsol/webhook/", "/konsol/lapor/"):
        page.goto(f"{base}{path}")
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
