"""Browser tests (marker `e2e`): Playwright driving Debian's chromium against a live server.

We never use Playwright's own browser builds (their download fails on these machines): the
browser is the system Chromium, `/usr/bin/chromium`, or the binary named by ADUAN_CHROMIUM;
`make browser` installs it. Every test in this folder gets the `e2e` marker, so
`pytest -m "not e2e"` runs the rest of the suite without a browser.

Fixtures:
- `browser`: one headless Chromium for the session.
- `page`: a fresh context (cookies, storage) per test, JavaScript on, 1280 px wide.
- `page_nojs`: the same with JavaScript disabled, as on a phone with scripts blocked.
- `luwu`: Kabupaten Luwu's reference data, committed, so the live server's thread sees it
  (the root conftest's cast, `admin`, `officer`, …, builds on it).

- `sign_in(user, javascript=True)`: a page of a new browser context where a staff member of
  the cast has signed in through the real pages (password, then the authenticator code).

`assert_accessible(page)` runs axe-core at 1280 px and at 320 px and fails on any violation of
impact serious or critical, listing each.
"""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT  # type: ignore[import-untyped]  # bundled axe-core
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)

from aduan.accounts.models import User
from aduan.organisation.models import Instansi
from aduan.organisation.reference import luwu_load

CHROMIUM = os.environ.get("ADUAN_CHROMIUM") or "/usr/bin/chromium"
# What works on these machines: without the networking flags Chromium keeps dialling Google's
# hosts through a closed network. Playwright gives each launch a fresh --user-data-dir.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDE: ViewportSize = {"width": 1280, "height": 900}
NARROW: ViewportSize = {"width": 320, "height": 640}
TIMEOUT_MS = 10_000
BLOCKING_IMPACTS = ("serious", "critical")

_NOJS_CONTEXTS: weakref.WeakSet[BrowserContext] = weakref.WeakSet()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make browser` or set ADUAN_CHROMIUM")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told that this is deliberate (only while it runs).
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as driver:
            yield driver
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    launched = playwright_driver.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
    )
    yield launched
    launched.close()


@pytest.fixture(autouse=True)
def _e2e_settings(settings: Any) -> None:
    # Every report in a test comes from 127.0.0.1; the per-IP and per-phone limits have their
    # own tests, and would otherwise refuse the later submissions here.
    settings.ADUAN_INTAKE_PER_IP_PER_HOUR = 0
    settings.ADUAN_INTAKE_PER_PHONE_PER_DAY = 0
    settings.ADUAN_TRACK_CODE_ATTEMPTS_PER_HOUR = 0
    settings.LANGUAGE_CODE = "id"


@pytest.fixture
def luwu(transactional_db: None) -> Instansi:
    """Kabupaten Luwu in committed rows: the live server answers from another thread, so the
    root conftest's `luwu` (and the cast built on it: `admin`, `officer`, …) must not sit in
    an uncommitted test transaction."""
    return luwu_load()


def _new_page(browser: Browser, base_url: str, *, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        base_url=base_url, viewport=WIDE, locale="id-ID", java_script_enabled=javascript
    )
    if not javascript:
        _NOJS_CONTEXTS.add(context)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser, live_server: Any, luwu: Instansi) -> Iterator[Page]:
    yield from _new_page(browser, live_server.url, javascript=True)


@pytest.fixture
def page_nojs(browser: Browser, live_server: Any, luwu: Instansi) -> Iterator[Page]:
    yield from _new_page(browser, live_server.url, javascript=False)


def _describe(violation: dict[str, Any]) -> str:
    targets = ", ".join(
        " ".join(str(t) for t in node.get("target", [])) for node in violation["nodes"][:5]
    )
    more = len(violation["nodes"]) - 5
    suffix = f" (+{more} more)" if more > 0 else ""
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']} at {targets}{suffix}"


def _blocking(page: Page) -> list[str]:
    # Inject axe-core once per document (half a megabyte of script), then run it.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    response = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [_describe(v) for v in response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def _scriptless_twin(page: Page) -> tuple[BrowserContext, Page]:
    """axe needs JavaScript: open what a no-JS page shows in a JS-enabled page at the same
    address (so styles load the same), with the page's own scripts left out."""
    html = page.content()
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL | re.IGNORECASE)
    html = re.sub(r"</?noscript\b[^>]*>", "", html, flags=re.IGNORECASE)
    browser = page.context.browser
    assert browser is not None
    context = browser.new_context(viewport=page.viewport_size or WIDE, locale="id-ID")
    twin = context.new_page()
    url = page.url
    twin.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    twin.goto(url)
    return context, twin


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation at 1280 px, nor at 320 px."""
    twin_context = None
    target = page
    if page.context in _NOJS_CONTEXTS:
        twin_context, target = _scriptless_twin(page)
    original = target.viewport_size or WIDE
    found: list[str] = []
    try:
        for size in (WIDE, NARROW):
            target.set_viewport_size(size)
            found += [f"{size['width']} px {line.strip()}" for line in _blocking(target)]
    finally:
        target.set_viewport_size(original)
        if twin_context is not None:
            twin_context.close()
    if found:
        listing = "\n".join(found)
        pytest.fail(f"axe-core: serious or critical violations on {page.url}:\n{listing}")


# ---------------------------------------------------------------- staff signed in (test_staff_path)
#
# Staff sign in through the real pages: the password on /masuk/, then the code of an
# authenticator app on /masuk/verifikasi/. django-otp refuses a code used twice within its
# 30-second step, so each person signs in once, in a browser context of their own, and stays
# signed in for the rest of the test.

STAFF_PASSWORD = "test-pass-123"  # the cast's password (root conftest.py)


def authenticator_code(device: TOTPDevice) -> str:
    """The 6 digits the user's app shows now (as aduan/accounts/tests/conftest.py app_code)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _signed_in(browser: Browser, base_url: str, user: User, *, javascript: bool) -> Page:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    context = browser.new_context(
        base_url=base_url, viewport=WIDE, locale="id-ID", java_script_enabled=javascript
    )
    if not javascript:
        _NOJS_CONTEXTS.add(context)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    home = reverse("workflow:console_home")
    page.goto(f"{reverse('accounts:login')}?next={home}")
    page.fill("[name=identifier]", user.username)
    page.fill("[name=password]", STAFF_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"**{reverse('accounts:verify')}")
    page.fill("[name=code]", authenticator_code(device))
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"**{home}")
    return page


@pytest.fixture
def sign_in(browser: Browser, live_server: Any, luwu: Instansi) -> Iterator[Callable[..., Page]]:
    """`sign_in(user, javascript=True)`: a page of a new browser context where `user` has
    passed both factors on the sign-in pages, open at the console's start page."""
    pages: list[Page] = []

    def _sign_in(user: User, *, javascript: bool = True) -> Page:
        page = _signed_in(browser, live_server.url, user, javascript=javascript)
        pages.append(page)
        return page

    yield _sign_in
    for page in pages:
        page.context.close()
