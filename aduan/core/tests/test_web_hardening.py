"""Web hardening (issue 14, item 6): the Content Security Policy, HTTPS behind one setting, and
an API that takes only JSON bodies and checks e-mail addresses as the web form does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

from aduan.complaints.models import Complaint

REPO = Path(__file__).resolve().parents[3]
TEMPLATE_DIRS = [REPO / "templates", *sorted((REPO / "aduan").glob("**/templates"))]

# ---------------------------------------------------------------- Content Security Policy


@pytest.mark.parametrize("path", ["/lapor/", "/laporan/", "/transparansi/", "/masuk/"])
def test_every_page_carries_a_policy_without_inline_code(luwu, anon_client, path):
    response = anon_client.get(path, follow=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


def test_the_map_tiles_are_the_only_other_image_origin(luwu, anon_client):
    policy = anon_client.get("/lapor/")["Content-Security-Policy"]
    img = next(p.split()[1:] for p in policy.split(";") if p.split()[0] == "img-src")
    assert img == ["'self'", "data:", "https://tile.openstreetmap.org"]


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def _templates() -> list[Path]:
    return [p for d in TEMPLATE_DIRS for p in d.rglob("*.html")]


def test_no_template_has_inline_script_style_or_handlers():
    found = _templates()
    assert len(found) > 30  # the scan sees the templates
    offenders = []
    for path in found:
        text = path.read_text()
        for attributes, body in _SCRIPT.findall(text):
            data_only = 'type="application/json"' in attributes
            if body.strip() and not data_only:
                offenders.append(f"{path}: inline <script>")
        if re.search(r"<style\b", text, re.IGNORECASE):
            offenders.append(f"{path}: <style>")
        if re.search(r"\sstyle\s*=", text, re.IGNORECASE):
            offenders.append(f"{path}: style=")
        if _INLINE_HANDLER.search(text):
            offenders.append(f"{path}: on...= handler")
    assert offenders == []


# ---------------------------------------------------------------- HTTPS=true


def _deploy_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aduan.settings",
        "ADUAN_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "aduan.luwukab.go.id",
        "DEBUG": "0",
        **env,
    }
    environment.pop("SECURE_COOKIES", None)
    # The browser tests' conftest sets this for Playwright in the test process; a deployment
    # never has it (Django's async.E001).
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "-m", "aduan", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_https_true_makes_the_deploy_check_clean(tmp_path):
    done = _deploy_check(tmp_path, HTTPS="true")
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_without_https_the_deploy_check_warns(tmp_path):
    done = _deploy_check(tmp_path, HTTPS="false")
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "aduan.W001"):
        assert warning in done.stderr


def test_https_settings_redirect_and_send_hsts(luwu, anon_client, settings):
    # What HTTPS=true sets (settings.py), applied to the running site.
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    plain = anon_client.get("/laporan/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/laporan/"
    secure = anon_client.get("/laporan/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert anon_client.get("/healthz").status_code == 200


# ---------------------------------------------------------------- the API takes JSON only

API = "/api/v1/reports"
REPORT = (
    '{"type": "complaint", "title": "Jalan rusak", "description": "Berlubang.", '
    '"region_code": "73.17.01.2005"}'
)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", REPORT),  # what a cross-site form sends with enctype="text/plain"
        ("application/x-www-form-urlencoded", "type=complaint&title=Jalan"),
        ("multipart/form-data; boundary=x", "--x--"),
    ],
)
def test_a_body_that_is_not_json_is_refused_with_415(luwu, anon_client, content_type, body):
    response = anon_client.generic("POST", API, body, content_type=content_type)
    assert response.status_code == 415
    error = response.json()["error"]
    assert error["code"] == "unsupported_media_type"
    assert "JSON" in error["message"]
    assert error["message"].startswith("Kirim")  # Indonesian first
    assert Complaint.objects.count() == 0


def test_the_same_body_as_json_is_filed(luwu, anon_client):
    response = anon_client.generic("POST", API, REPORT, content_type="application/json")
    assert response.status_code == 201
    assert Complaint.objects.count() == 1


def _web_form_email_error(value: str) -> str:
    try:
        forms.EmailField().clean(value)
    except forms.ValidationError as error:
        return str(error.messages[0])
    raise AssertionError(f"{value!r} passed the web form")


@pytest.mark.parametrize("email", ["andi@", "andi baso@mail.id", "andi@mail", "@mail.co.id"])
def test_the_api_refuses_an_email_the_web_form_refuses(luwu, anon_client, email):
    body = REPORT[:-1] + f', "reporter": {{"email": "{email}"}}}}'
    response = anon_client.generic("POST", API, body, content_type="application/json")
    assert response.status_code == 400
    with translation.override("id"):
        expected = _web_form_email_error(email)
    assert response.json()["error"]["fields"]["reporter.email"] == expected
    assert Complaint.objects.count() == 0


def test_the_api_keeps_an_email_the_web_form_accepts(luwu, anon_client):
    body = REPORT[:-1] + ', "reporter": {"email": " Andi.Baso@Mail.co.id "}}'
    response = anon_client.generic("POST", API, body, content_type="application/json")
    assert response.status_code == 201
    reporter = Complaint.objects.get().reporter
    assert reporter is not None
    assert reporter.email == "andi.baso@mail.co.id"
