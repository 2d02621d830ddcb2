"""The conversation in English ("EN"), every step, with wrong answers along the way."""

from __future__ import annotations

import pytest

from aduan.complaints.choices import Channel, ReportType
from aduan.complaints.models import Attachment, Complaint
from aduan.complaints.selectors import complaint_get_for_reporter
from aduan.conversations.choices import Step
from aduan.conversations.tests.chat import Phone

pytestmark = pytest.mark.django_db


def test_english_report_from_first_word_to_tracking_number(luwu):
    phone = Phone()
    phone.say("halo")
    answer = phone.say("EN")
    assert "Now in English." in answer
    assert "What do you want to send?" in answer
    assert "Please answer with 1, 2 or 3." in phone.say("7")
    assert "What happened?" in phone.say("1")
    assert "too short" in phone.say("road")
    answer = phone.say("The road in front of SD Kanna has a deep hole since last month.")
    assert "In which kecamatan did it happen?" in answer
    assert "1. Bajo" in answer
    assert "not found" in phone.say("Atlantis")
    answer = phone.say("Basse Sangtempe")
    assert "Which desa or kelurahan?" in answer
    answer = phone.say("desa kann")  # part of two names: the two are offered
    assert "Did you mean one of these?" in answer
    assert "1. Kanna\n2. Kanna Utara" in answer
    assert "Send photos" in phone.say("1")
    assert "Photo 1 received." in phone.photo()
    assert "Please send a photo, or write SELESAI." in phone.say("what?")
    assert "Hide your identity (anonim)?" in phone.say("done")
    assert "Please answer with 1 (yes) or 2 (no)." in phone.say("maybe")
    assert "rahasia" in phone.say("2")
    answer = phone.say("1")
    assert "Please check your report:" in answer
    assert "Where: Kanna, Basse Sangtempe" in answer
    assert "Photos: 1" in answer
    assert "Rahasia: yes" in answer
    answer = phone.say("1")
    assert "Thank you, your report was received." in answer
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.WHATSAPP
    assert complaint.type == ReportType.COMPLAINT
    assert complaint.title == "The road in front of SD Kanna has a deep hole since last month"
    assert complaint.region is not None
    assert complaint.region.name == "Kanna"
    assert complaint.is_confidential
    assert not complaint.is_anonymous
    assert complaint.reporter is not None
    assert complaint.reporter.phone == "+6281234567890"
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    code = answer.split("Access code: ")[1].split()[0]
    # The citizen can follow the same report on the web with the number and code.
    found = complaint_get_for_reporter(tracking_number=complaint.tracking_number, access_code=code)
    assert found.pk == complaint.pk
    assert phone.conversation.step == Step.IDLE
    assert phone.conversation.language == "en"


def test_english_suggestion_without_place_or_photos(luwu):
    phone = Phone()
    phone.say("ENGLISH")
    phone.say("hello")
    assert "Write your suggestion." in phone.say("suggestion")
    assert "In which kecamatan do you live?" in phone.say(
        "Please open the library on Saturdays too."
    )
    assert "Send photos" in phone.say("0")
    phone.say("0")
    phone.say("1")
    answer = phone.say("2")
    assert "Where: -" in answer
    assert "Anonim: yes" in answer
    assert "Thank you" in phone.say("yes")
    complaint = Complaint.objects.get()
    assert complaint.type == ReportType.ASPIRATION
    assert complaint.region is None
    assert complaint.is_anonymous


def test_cancel_and_help_in_english(luwu):
    phone = Phone()
    phone.say("EN")
    phone.say("hi")
    answer = phone.say("HELP")
    assert "CEK <tracking number>" in answer
    assert "What do you want to send?" in answer  # the open question is asked again
    phone.say("1")
    assert "Cancelled. Nothing was sent." in phone.say("cancel")
    assert phone.conversation.step == Step.IDLE
    assert Complaint.objects.count() == 0
