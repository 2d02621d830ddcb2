"""The conversation in Indonesian (the default): every path, wrong answers, photos at the
wrong time, duplicate deliveries, timeouts and a worker that stops half-way."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from aduan.complaints.choices import Channel, ReportType, Status
from aduan.complaints.models import Attachment, Complaint
from aduan.conversations.choices import ChatChannel, InboundKind, Step
from aduan.conversations.models import InboundMessage
from aduan.conversations.services import (
    conversation_expect,
    conversations_expire,
    inbound_claim_next,
)
from aduan.conversations.tests.chat import Phone
from aduan.core import clock
from aduan.workflow.services import (
    complaint_hold,
    complaint_resolve,
    complaint_verify,
    dispatch_accept,
)

pytestmark = pytest.mark.django_db

STORY = "Jalan di depan SD Kanna berlubang besar sejak sebulan, dua motor jatuh."


def file_report(phone: Phone) -> tuple[Complaint, str]:
    phone.say("halo")
    phone.say("1")
    phone.say(STORY)
    phone.say("Basse Sangtempe")
    phone.say("Kanna")
    phone.say("0")
    phone.say("2")
    phone.say("2")
    answer = phone.say("1")
    return Complaint.objects.get(), answer


def test_indonesian_report_with_wrong_answers_at_every_step(luwu):
    phone = Phone()
    answer = phone.say("selamat pagi")
    assert "Selamat datang di layanan pengaduan Pemerintah Kabupaten Luwu" in answer
    assert "Apa yang ingin Anda sampaikan?\n1. Pengaduan\n2. Aspirasi" in answer
    assert "Mohon jawab dengan 1, 2 atau 3." in phone.say("laporan")
    assert "Apa yang terjadi?" in phone.say("pengaduan")
    assert "Terlalu singkat" in phone.say("jalan rusak")
    assert "Di kecamatan mana kejadiannya?" in phone.say(STORY)
    assert "Tempat itu tidak ditemukan." in phone.say("Makassar")
    assert "Di kecamatan mana" in phone.say("99")  # a number not on the list
    assert "Di desa atau kelurahan mana?" in phone.say("kecamatan basse sangtempe")
    assert "Tempat itu tidak ditemukan." in phone.say("Jakarta")
    assert "Kirim foto bila ada" in phone.say("Kana")  # a typo of Kanna
    assert "Mohon kirim foto, atau ketik SELESAI." in phone.say("nanti")
    assert "Sembunyikan identitas Anda (anonim)?" in phone.say("0")
    assert "Mohon jawab dengan 1 (ya) atau 2 (tidak)." in phone.say("mungkin")
    assert "Rahasiakan isi laporan?" in phone.say("ya")
    answer = phone.say("tidak")
    assert "Periksa laporan Anda:" in answer
    assert "Lokasi: Kanna, Basse Sangtempe" in answer
    assert "Anonim: ya" in answer
    assert "Rahasia: tidak" in answer
    assert "Mohon jawab dengan 1 (ya) atau 2 (tidak)." in phone.say("kirim dong")
    answer = phone.say("1")
    assert "Terima kasih, laporan Anda sudah diterima." in answer
    complaint = Complaint.objects.get()
    assert f"Nomor laporan: {complaint.tracking_number}" in answer
    assert complaint.channel == Channel.WHATSAPP
    assert complaint.type == ReportType.COMPLAINT
    assert complaint.is_anonymous
    assert not complaint.is_confidential
    assert complaint.reporter is not None
    assert complaint.reporter.phone == "+6281234567890"
    assert phone.conversation.step == Step.IDLE


def test_a_photo_at_the_wrong_time(luwu):
    phone = Phone()
    phone.say("halo")
    # While the type is asked: the photo is kept for the report and the question repeated.
    answer = phone.photo()
    assert "Foto 1 diterima." in answer
    assert "Apa yang ingin Anda sampaikan?" in answer
    # A file that is not a photo is refused with the web form's message, and not kept.
    assert "Hanya foto" in phone.photo(b"MZ\x90\x00 not an image at all")
    assert len(phone.conversation.data["photos"]) == 1
    complaint, _answer = file_report(phone)  # continues from the open question
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    # After filing, while a staff question waits for an answer: a photo cannot be used.
    conversation_expect(
        channel=ChatChannel.WHATSAPP, address=phone.address, complaint=complaint, step=Step.ANSWER
    )
    assert "Foto atau lokasi tidak bisa dipakai di sini" in phone.photo()
    assert phone.conversation.step == Step.ANSWER


def test_a_duplicate_delivery_makes_no_second_report_and_no_second_answer(luwu):
    phone = Phone()
    for text in ("halo", "1", STORY, "0", "0", "2", "2"):
        phone.say(text)
    phone.put("1", provider_id="wamid.final")
    phone.put("1", provider_id="wamid.final")  # the provider delivers it again
    answers = phone.work()
    phone.put("1", provider_id="wamid.final")  # and again, after it was worked
    answers += phone.work()
    assert Complaint.objects.count() == 1
    assert InboundMessage.objects.filter(provider_id="wamid.final").count() == 1
    assert len([a for a in answers if "Nomor laporan" in a]) == 1


def test_a_worker_stopped_half_way_leaves_the_message_to_the_next_one(luwu, settings):
    phone = Phone()
    phone.say("halo")
    phone.put("1")
    claimed = inbound_claim_next()  # a worker claims it and is killed before acting on it
    assert claimed is not None
    assert phone.work() == []  # another worker leaves it alone while the lease runs
    assert phone.conversation.step == Step.TYPE
    later = clock.now() + timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert any("Apa yang terjadi?" in a for a in phone.work())
    assert phone.conversation.step == Step.WHAT
    assert InboundMessage.objects.get(pk=claimed.pk).attempts == 2


def test_a_pause_of_hours_is_fine_and_a_long_one_times_out_politely(luwu, settings):
    settings.ADUAN_CONVERSATION_TIMEOUT_MINUTES = 24 * 60
    phone = Phone()
    phone.say("halo")
    phone.say("1")
    with time_machine.travel(clock.now() + timedelta(hours=5), tick=False):
        assert "Di kecamatan mana" in phone.say(STORY)
    with time_machine.travel(clock.now() + timedelta(hours=30), tick=False):
        answer = phone.say("Basse Sangtempe")
    assert "Laporan Anda yang belum selesai dibatalkan" in answer
    assert "Apa yang ingin Anda sampaikan?" in answer  # a fresh start
    assert "description" not in phone.conversation.data
    assert Complaint.objects.count() == 0


def test_the_sweep_drops_stale_drafts_and_the_citizen_hears_of_it(luwu, settings):
    settings.ADUAN_CONVERSATION_TIMEOUT_MINUTES = 60
    phone = Phone()
    phone.say("halo")
    phone.photo()
    with time_machine.travel(clock.now() + timedelta(hours=2), tick=False):
        assert conversations_expire() == 1
        assert phone.conversation.step == Step.IDLE
        assert "photos" not in phone.conversation.data
        assert "dibatalkan karena lama tidak ada balasan" in phone.say("halo lagi")


def test_cancel_and_help(luwu):
    phone = Phone()
    phone.say("halo")
    phone.say("1")
    answer = phone.say("BANTUAN")
    assert "CEK <nomor laporan>" in answer
    assert "Apa yang terjadi?" in answer
    assert "Dibatalkan. Tidak ada yang terkirim." in phone.say("batal")
    assert phone.conversation.step == Step.IDLE
    assert Complaint.objects.count() == 0


def test_cek_answers_own_and_public_reports_and_never_a_rahasia_one(luwu, submit, admin, pupr):
    phone = Phone()
    complaint, _answer = file_report(phone)
    number = complaint.tracking_number.lower().replace("-", " ")
    assert "menunggu verifikasi" in phone.say(f"CEK {number}").lower()
    public = submit()
    complaint_verify(actor=admin, complaint=public.complaint, units=[pupr])
    other = Phone(address="+6285200000000")
    assert f"Laporan {public.complaint.tracking_number}: Didisposisi" in other.say(
        f"cek {public.complaint.tracking_number}"
    )
    secret = submit(is_confidential=True)
    assert "tidak ditemukan" in other.say(f"CEK {secret.complaint.tracking_number}")
    assert "tidak ditemukan" in other.say("CEK LWU-0000-0000")


def test_answering_a_staff_question_resumes_the_report(luwu, admin):
    phone = Phone()
    complaint, _answer = file_report(phone)
    complaint_hold(actor=admin, complaint=complaint, question="Di depan rumah nomor berapa?")
    conversation_expect(
        channel=ChatChannel.WHATSAPP, address=phone.address, complaint=complaint, step=Step.ANSWER
    )
    answer = phone.say("Depan rumah nomor 12, dekat masjid.")
    assert f"laporan {complaint.tracking_number} dilanjutkan" in answer
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED
    assert phone.conversation.step == Step.IDLE


def test_a_question_while_writing_a_new_report_keeps_the_draft(luwu, admin):
    phone = Phone()
    complaint, _answer = file_report(phone)
    complaint_hold(actor=admin, complaint=complaint, question="Sejak kapan?")
    phone.say("halo")
    phone.say("2")  # writing a suggestion when the question arrives
    conversation_expect(
        channel=ChatChannel.WHATSAPP, address=phone.address, complaint=complaint, step=Step.ANSWER
    )
    answer = phone.say("Sejak awal bulan lalu.")
    assert "dilanjutkan" in answer
    assert "Tuliskan aspirasi Anda." in answer  # the draft's question again
    assert phone.conversation.step == Step.WHAT


def _resolved(complaint: Complaint, admin, pupr, officer, category) -> None:
    complaint_verify(actor=admin, complaint=complaint, units=[pupr], category=category)
    dispatch_accept(actor=officer, complaint=complaint)
    complaint_resolve(actor=officer, complaint=complaint, summary="Lubang sudah ditambal.")


def test_confirming_a_resolution_closes_and_rates_the_report(
    luwu, admin, pupr, officer, road_category
):
    phone = Phone()
    complaint, _answer = file_report(phone)
    _resolved(complaint, admin, pupr, officer, road_category)
    conversation_expect(
        channel=ChatChannel.WHATSAPP, address=phone.address, complaint=complaint, step=Step.RESOLVED
    )
    assert "Mohon jawab dengan 1 (ya) atau 2 (tidak)." in phone.say("hmm")
    answer = phone.say("1")
    assert f"laporan {complaint.tracking_number} ditutup" in answer
    assert "Beri nilai" in answer
    assert "Mohon jawab dengan angka 1 sampai 5." in phone.say("9")
    assert "Terima kasih" in phone.say("5")
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.rating == 5


def test_not_yet_solved_reopens_the_report(luwu, admin, pupr, officer, road_category):
    phone = Phone()
    complaint, _answer = file_report(phone)
    _resolved(complaint, admin, pupr, officer, road_category)
    conversation_expect(
        channel=ChatChannel.WHATSAPP, address=phone.address, complaint=complaint, step=Step.RESOLVED
    )
    assert "Apa yang belum selesai?" in phone.say("belum")
    assert "dibuka kembali" in phone.say("Lubangnya masih ada di sisi kiri.")
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS


def test_sms_is_compact_and_starts_with_lapor(luwu):
    phone = Phone(channel=ChatChannel.SMS, address="081234567890")
    answer = phone.say(f"LAPOR {STORY}")
    assert answer == "Di kecamatan mana kejadiannya? Ketik namanya; 0 untuk melewati."
    answer = phone.say("Basse Sangtempe")
    assert "1. " in answer  # desa of one kecamatan: a short numbered list
    assert "Sembunyikan identitas" in phone.say("0")  # no photo step on SMS
    phone.say("2")
    answer = phone.say("2")
    assert "Foto" not in answer
    phone.say("1")
    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.SMS
    assert complaint.reporter is not None
    assert complaint.reporter.phone == "+6281234567890"


def test_a_photo_that_cannot_be_fetched_is_answered_after_the_last_try(luwu):
    phone = Phone()
    phone.say("halo")
    phone.media_down = True
    phone.put(kind=InboundKind.IMAGE, media_id="m-1")
    for minutes in (0, 1, 2):
        with time_machine.travel(clock.now() + timedelta(minutes=minutes), tick=False):
            answers = phone.work()
    assert any("Mohon kirim lagi" in a for a in answers)
