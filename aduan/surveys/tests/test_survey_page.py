"""The public survey page (/survei/<unit>/): answer, thanks, bad input, limits, invitations,
and the printable page with its QR code."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from aduan.complaints.choices import EventKind
from aduan.complaints.models import ComplaintEvent
from aduan.surveys.choices import Source
from aduan.surveys.invitations import invitation_complaint, invitation_token, invitation_url
from aduan.surveys.models import SurveyResponse

pytestmark = pytest.mark.django_db


def _url(unit_code: str = "pupr", **query: str) -> str:
    base = reverse("surveys:form", kwargs={"unit_code": unit_code})
    if query:
        base += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return base


def _answers(**overrides: str) -> dict[str, str]:
    data = {f"u{i}": "3" for i in range(1, 10)}
    data.update(overrides)
    return data


def test_the_form_shows_the_nine_questions_in_indonesian(anon_client, pupr):
    response = anon_client.get(_url(), HTTP_ACCEPT_LANGUAGE="id")
    text = response.content.decode()

    assert response.status_code == 200
    assert "Survei kepuasan masyarakat" in text
    labels = (
        *("Tidak sesuai", "Sangat sesuai", "Tidak mudah", "Sangat cepat", "Gratis"),
        *("Sangat kompeten", "Sopan dan ramah", "Dikelola dengan baik", "Sangat baik"),
    )
    for label in labels:
        assert label in text, label
    assert text.count('type="radio"') == 9 * 4


def test_an_answer_is_recorded_with_its_profile_and_thanks(anon_client, pupr):
    data = _answers(u3="", u4="4", gender="female", age_group="30_44", has_disability="yes")

    response = anon_client.post(_url(), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", kwargs={"unit_code": "pupr"})
    saved = SurveyResponse.objects.get()
    assert saved.unit == pupr
    assert (saved.u1, saved.u3, saved.u4) == (3, None, 4)
    assert saved.gender == "female"
    assert saved.has_disability is True
    assert saved.source == Source.WEB
    assert saved.complaint is None


@pytest.mark.parametrize(
    "data",
    [
        {},  # nothing answered
        _answers(u1="5"),  # out of range
        _answers(u2="x"),
        _answers(gender="robot"),
    ],
)
def test_bad_input_is_refused_in_indonesian_and_changes_nothing(anon_client, pupr, data):
    response = anon_client.post(_url(), data, HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 400
    assert "Mohon periksa kembali formulir" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_the_hidden_field_refuses_bots(anon_client, pupr):
    response = anon_client.post(_url(), _answers(website="http://spam.example"))

    assert response.status_code == 400
    assert SurveyResponse.objects.count() == 0


def test_an_unknown_unit_is_404(anon_client, luwu):
    assert anon_client.get(_url("no-such-unit")).status_code == 404
    assert anon_client.get(_url("pupr", instansi="nowhere")).status_code == 404


def test_answers_per_address_are_limited_and_zero_turns_the_limit_off(anon_client, pupr, settings):
    settings.ADUAN_SURVEY_PER_IP_PER_HOUR = 2
    codes = [anon_client.post(_url(), _answers()).status_code for _ in range(3)]

    assert codes == [302, 302, 429]
    assert SurveyResponse.objects.count() == 2

    settings.ADUAN_SURVEY_PER_IP_PER_HOUR = 0
    assert anon_client.post(_url(), _answers()).status_code == 302


def test_an_invitation_ties_the_answer_to_its_report_once(anon_client, closed, pupr):
    url = invitation_url(closed)
    assert url is not None
    link = urlsplit(url)
    token = parse_qs(link.query)["undangan"][0]
    assert link.path == _url()

    first = anon_client.post(f"{link.path}?{link.query}", _answers())
    again = anon_client.get(f"{link.path}?{link.query}")
    twice = anon_client.post(f"{link.path}?{link.query}", _answers())

    assert first.status_code == 302
    assert again.status_code == 409
    assert twice.status_code == 409
    saved = SurveyResponse.objects.get()
    assert saved.complaint == closed
    assert saved.source == Source.INVITATION
    event = ComplaintEvent.objects.get(complaint=closed, kind=EventKind.SURVEYED)
    assert event.is_public is False
    assert event.unit == pupr
    assert "u1" not in event.new  # the answers stay anonymous
    assert invitation_complaint(token) == closed


def test_a_forged_invitation_is_ignored_and_counts_for_the_unit_only(anon_client, closed):
    token = invitation_token(closed)[:-2] + "xx"

    page = anon_client.get(_url(undangan=token), HTTP_ACCEPT_LANGUAGE="id")
    response = anon_client.post(_url(undangan=token), _answers())

    assert "tidak berlaku" in page.content.decode()
    assert response.status_code == 302
    assert SurveyResponse.objects.get().complaint is None


def test_an_invitation_of_a_report_not_closed_is_not_honoured(anon_client, submit, pupr):
    complaint = submit().complaint
    token = invitation_token(complaint)

    anon_client.post(_url(undangan=token), _answers())

    assert SurveyResponse.objects.get().complaint is None


def test_the_poster_carries_a_qr_code_of_the_survey_address(anon_client, pupr, settings):
    settings.SITE_URL = "https://lapor.luwukab.example"
    response = anon_client.get(reverse("surveys:poster", kwargs={"unit_code": "pupr"}))
    text = response.content.decode()

    assert response.status_code == 200
    assert "<svg" in text  # drawn on the server: printable with JavaScript off
    assert "https://lapor.luwukab.example/survei/pupr/" in text
    assert "testserver" not in text  # never the Host the page was asked with
