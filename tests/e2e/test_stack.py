"""The browser stack itself: Chromium starts, reaches the live server, and axe-core runs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible

BROKEN_PAGE = "<html><body><img src='x.png'><button></button></body></html>"


def test_healthz_answers_in_the_browser(page: Page) -> None:
    response = page.goto("/healthz")

    assert response is not None
    assert response.status == 200


@pytest.mark.parametrize("fixture", ["page", "page_nojs"])
def test_an_empty_lookup_shows_its_errors_accessibly(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    browser_page: Page = request.getfixturevalue(fixture)
    browser_page.goto(reverse("workflow:track_lookup"))
    browser_page.locator("main [type=submit]").first.click()

    expect(browser_page.locator("#error-summary")).to_be_visible()
    assert_accessible(browser_page)


@pytest.mark.parametrize("fixture", ["page", "page_nojs"])
def test_assert_accessible_lists_serious_and_critical_violations(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    browser_page: Page = request.getfixturevalue(fixture)
    browser_page.goto("/healthz")
    browser_page.set_content(BROKEN_PAGE)

    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(browser_page)

    message = str(failure.value)
    assert "[critical] image-alt" in message
    assert "[critical] button-name" in message
    assert "320 px" in message
