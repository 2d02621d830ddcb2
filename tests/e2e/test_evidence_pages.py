"""Issue 12's pages in a real browser, each checked by axe-core at 1280 px and 320 px: the
survey form answered with JavaScript off at 320 px, its poster and thank-you page, the public
results, the open data page and its dictionary, the maklumat, the units' standing, the GESI
statistics; and, signed in, the console's survey results and GESI page.

Pages: /survei/<unit>/ (+ /terima-kasih/, /cetak/), /hasil-survei/, /data/, /data/kamus/,
/maklumat/, /kinerja/, /kinerja/<unit>/, /statistik/gesi/, /konsol/survei/,
/konsol/pengawasan/gesi/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from aduan.surveys.models import SurveyResponse
from aduan.surveys.services import Respondent, survey_response_record
from tests.e2e.conftest import NARROW, assert_accessible


def test_the_survey_is_answered_at_320_px_without_javascript(page_nojs: Page, luwu: Any) -> None:
    page = page_nojs
    page.set_viewport_size(NARROW)
    page.goto("/survei/pupr/")
    assert_accessible(page)
    # Every answer is a real radio with its label: tap the labels, as on a phone.
    for element in ("u1", "u2", "u3", "u5", "u6", "u7", "u8", "u9"):
        page.locator(f"label[for=id_{element}_3]").click()
    page.select_option("[name=gender]", "female")
    page.select_option("[name=has_disability]", "yes")
    page.locator("form.survey [type=submit]").click()

    page.wait_for_url("**/survei/pupr/terima-kasih/")
    assert_accessible(page)
    saved = SurveyResponse.objects.get()
    assert (saved.u1, saved.u4, saved.u9) == (4, None, 4)
    assert saved.gender == "female"
    # The page is no wider than the phone: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


def test_a_survey_sent_empty_says_what_to_do_in_indonesian(page: Page, luwu: Any) -> None:
    page.goto("/survei/pupr/")
    page.locator("form.survey [type=submit]").click()

    expect(page.locator(".error-summary")).to_contain_text("Jawab paling sedikit satu pertanyaan")
    assert_accessible(page)
    assert SurveyResponse.objects.count() == 0


def test_the_public_evidence_pages_are_accessible(page: Page, luwu: Any, pupr: Any) -> None:
    for _ in range(5):
        survey_response_record(
            unit=pupr,
            answers={f"u{i}": 4 for i in range(1, 10)},
            respondent=Respondent(gender="male"),
            source="web",  # type: ignore[arg-type]
        )
    for path, heading in [
        ("/survei/pupr/cetak/", "Bagaimana pelayanan kami?"),
        ("/hasil-survei/", "Indeks Kepuasan Masyarakat"),
        ("/data/", "Data terbuka"),
        ("/data/kamus/", "Kamus data"),
        ("/maklumat/", "Maklumat pelayanan pengaduan"),
        ("/kinerja/", "Kinerja penanganan pengaduan"),
        ("/kinerja/pupr/", "penanganan pengaduan tahun"),
        ("/statistik/gesi/", "Siapa yang melapor"),
    ]:
        page.goto(path)
        expect(page.locator("h1")).to_contain_text(heading)
        assert_accessible(page)


def test_the_console_evidence_pages_are_accessible(
    sign_in: Callable[..., Page], admin: Any, leader: Any
) -> None:
    for user, javascript in ((admin, True), (leader, False)):
        page = sign_in(user, javascript=javascript)
        for path, heading in [
            ("/konsol/survei/", "Survei kepuasan (IKM)"),
            ("/konsol/pengawasan/gesi/", "GESI"),
            ("/konsol/pengawasan/", ""),
        ]:
            page.goto(path)
            expect(page.locator("h1")).to_contain_text(heading)
            assert_accessible(page)
