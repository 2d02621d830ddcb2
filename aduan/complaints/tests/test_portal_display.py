"""Text size, high contrast and language: chosen with plain forms, kept across pages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_indonesian_is_the_default_language(luwu, anon_client):
    html = anon_client.get("/lapor/").content.decode()
    assert '<html lang="id" class="text-0">' in html


def test_english_can_be_chosen(luwu, anon_client):
    response = anon_client.post("/i18n/setlang/", {"language": "en", "next": "/lapor/"})
    assert response.status_code == 302
    html = anon_client.get("/lapor/").content.decode()
    assert '<html lang="en"' in html
    assert "Send a report" in html


def test_text_size_steps_up_and_persists(luwu, anon_client):
    for _ in range(5):  # beyond the largest step it stays at the largest
        response = anon_client.post("/tampilan/", {"text_size": "larger", "next": "/lapor/"})
        assert response.status_code == 302
        assert response["Location"] == "/lapor/"
    assert response.cookies["aduan_text"].value == "3"
    assert response.cookies["aduan_text"]["max-age"] == 365 * 24 * 60 * 60

    html = anon_client.get("/lacak/").content.decode()
    assert 'class="text-3"' in html

    anon_client.post("/tampilan/", {"text_size": "smaller", "next": "/lacak/"})
    assert 'class="text-2"' in anon_client.get("/lacak/").content.decode()
    anon_client.post("/tampilan/", {"text_size": "reset", "next": "/lacak/"})
    assert 'class="text-0"' in anon_client.get("/lacak/").content.decode()


def test_high_contrast_persists_and_renders_a_class(luwu, anon_client):
    anon_client.post("/tampilan/", {"contrast": "high", "next": "/lapor/"})
    html = anon_client.get("/lapor/").content.decode()
    assert 'class="text-0 contrast-high"' in html
    assert 'name="contrast" value="normal" aria-pressed="true"' in html

    anon_client.post("/tampilan/", {"contrast": "normal", "next": "/lapor/"})
    assert "contrast-high" not in anon_client.get("/lapor/").content.decode()


def test_a_forged_cookie_is_ignored(luwu, anon_client):
    anon_client.cookies["aduan_text"] = '9" onload="x'
    html = anon_client.get("/lapor/").content.decode()
    assert 'class="text-0"' in html


def test_display_redirects_only_to_this_site(anon_client):
    response = anon_client.post(
        "/tampilan/", {"text_size": "larger", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_display_needs_post(anon_client):
    assert anon_client.get("/tampilan/").status_code == 405


def test_pages_have_landmarks_and_a_skip_link(luwu, anon_client):
    for url in ("/lapor/", "/lacak/"):
        html = anon_client.get(url).content.decode()
        assert '<a class="skip-link" href="#main">' in html
        assert '<main id="main"' in html
        assert "<header" in html
        assert "<nav" in html
        assert "<footer" in html
        assert 'href="/laporan/"' in html
        assert 'href="/statistik/"' in html
        assert "style=" not in html
        assert "onclick" not in html


def test_error_pages_render(luwu, anon_client):
    response = anon_client.get("/lacak/LWU-0000-0000/")
    assert response.status_code == 404
    assert '<main id="main"' in response.content.decode()
