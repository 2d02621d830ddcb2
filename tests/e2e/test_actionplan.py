"""The action plan's pages in a real browser: the coordinator opens every page of Luwu's loaded
plan, enters a year's assessment and a priority through the forms, and publishes the summary,
which the public then reads. axe-core checks every page at 1280 px and at 320 px."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Page, expect

from aduan.accounts.models import User
from aduan.actionplan.models import Plan
from aduan.actionplan.reference import luwu_plan_load
from aduan.organisation.models import Instansi
from tests.e2e.conftest import assert_accessible

PAGES = [
    "overview",
    "assessment",
    "assessment_entry",
    "priorities",
    "indicators",
    "programmes",
    "monev",
    "capacity",
    "evidence",
]


def _visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


def test_every_plan_page_is_accessible_and_the_forms_work(
    sign_in: Callable[..., Page], luwu: Instansi, admin: User, page: Page
) -> None:
    plan = luwu_plan_load(luwu)
    console = sign_in(admin)
    _visit(console, reverse("actionplan:list"))
    for name in PAGES:
        _visit(console, reverse(f"actionplan:{name}", args=[plan.pk]))
    _visit(console, reverse("actionplan:minutes_print", args=[plan.pk]))
    _visit(console, f"{reverse('actionplan:monev', args=[plan.pk])}?year=2022&quarter=3")

    # The chart: an image with a title and a description, with its table beside it.
    console.goto(reverse("actionplan:assessment", args=[plan.pk]))
    chart = console.locator("svg[role=img]")
    expect(chart).to_have_count(1)
    expect(chart.locator("title")).to_have_text("Nilai per aspek, setiap tahun penilaian")
    expect(
        console.locator('[data-testid="aspect-scores"] tr[data-aspect="data"] td').first
    ).to_have_text("2,71")

    # Enter 2022's assessment: every statement scored 3.
    console.goto(reverse("actionplan:assessment_entry", args=[plan.pk]))
    console.select_option("[name=year]", "2022")
    console.fill("[name=assessed_on]", "2022-09-05")
    for number in range(1, 23):
        console.check(f"#id_score_{number}_2")  # the third choice: 3
    console.locator("main form [type=submit]").click()
    expect(console).to_have_url(reverse("actionplan:assessment", args=[plan.pk]))
    assert plan.assessments.filter(year=2022).exists()
    expect(console.locator('[data-testid="aspect-scores"] thead th')).to_have_count(4)
    assert_accessible(console)

    # Set a priority, then publish the summary.
    console.goto(reverse("actionplan:priorities", args=[plan.pk]))
    form = console.locator(f'form[action="{reverse("actionplan:priority_set", args=[plan.pk])}"]')
    form.locator("[name=aspect]").select_option("data")
    form.locator("[name=level]").select_option("5")
    form.locator("[name=reason]").fill("Integrasi aplikasi lokal belum selesai")
    form.locator("[type=submit]").click()
    expect(console.locator('[data-testid="priorities"] tr[data-aspect="data"]')).to_contain_text(
        "Integrasi aplikasi lokal belum selesai"
    )
    console.goto(reverse("actionplan:overview", args=[plan.pk]))
    console.locator(
        f'form[action="{reverse("actionplan:publish", args=[plan.pk])}"] button'
    ).click()
    expect(console.locator(".messages")).to_contain_text("Ringkasan sudah diterbitkan")
    assert Plan.objects.get(pk=plan.pk).published

    _visit(page, reverse("actionplan:public", args=[luwu.code]))
    expect(page.locator('[data-testid="public-strategic"]')).to_contain_text(
        "Jumlah pengaduan dari masyarakat"
    )
