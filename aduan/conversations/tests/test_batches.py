"""Messages worked in batches (`inbound_process_batch`, one transaction for many) behave as
when they are worked one by one: each sender's messages in order, a failing message rolled
back alone and tried again, a provider's retry never acted on twice, every report's events
in the log."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError

from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.conversations.choices import ChatChannel, InboundKind, Step
from aduan.conversations.engine import Reply
from aduan.conversations.models import Conversation, InboundMessage
from aduan.conversations.services import (
    MAX_MEDIA_ATTEMPTS,
    MEDIA_RETRY_SECONDS,
    Delivered,
    inbound_claim,
    inbound_process_batch,
    inbound_store,
)
from aduan.conversations.tests.chat import Phone
from aduan.core import clock

pytestmark = pytest.mark.django_db

STORY = "Jalan di depan SD Kanna berlubang besar sejak sebulan, dua motor jatuh."
REPORT = ("halo", "1", STORY, "Basse Sangtempe", "Kanna", "0", "2", "2", "1")


class Outbox:
    """The worker's `deliver`: the answers to each message (one string per message), by
    sender, in the order they were handed over. `refuse`: the texts whose delivery raises, as
    an outbox that cannot take them would."""

    def __init__(self, refuse: Exception | None = None, texts: tuple[str, ...] = ()) -> None:
        self.answers: dict[str, list[str]] = {}
        self.refuse = refuse
        self.texts = set(texts)

    def __call__(
        self, conversation: Conversation, row: InboundMessage, replies: list[Reply]
    ) -> None:
        if self.refuse is not None and row.text in self.texts:
            raise self.refuse
        self.answers.setdefault(row.address, []).append("\n".join(r.text for r in replies))


def work_all(outbox: Outbox) -> int:
    """Claim everything due and work it as one batch (one transaction)."""
    done = 0
    while batch := inbound_claim(limit=100):
        done += inbound_process_batch(batch=batch, deliver=outbox)
        if done == 0:
            break
    return done


def interleaved(*phones_and_texts: tuple[Phone, tuple[str, ...]]) -> None:
    """Store the phones' messages as they would arrive: turn by turn, senders mixed."""
    for turn in range(max(len(texts) for _, texts in phones_and_texts)):
        for phone, texts in phones_and_texts:
            if turn < len(texts):
                phone.put(texts[turn])


def test_one_batch_keeps_each_sender_s_messages_in_order(luwu):
    ani, budi = Phone(address="+6281200000001"), Phone(address="+6281200000002")
    interleaved((ani, ("halo", "1", STORY)), (budi, ("halo", "2", "Lampu jalan di pasar mati.")))
    outbox = Outbox()
    batch = inbound_claim(limit=100)
    assert len(batch) == 6
    assert inbound_process_batch(batch=batch, deliver=outbox) == 6
    # Each sender's answers come in the order of their messages: greeting, type, story.
    ani_answers = outbox.answers["+6281200000001"]
    assert "Apa yang ingin Anda sampaikan?" in ani_answers[0]
    assert "Apa yang terjadi?" in ani_answers[1]
    assert "Di kecamatan mana kejadiannya?" in ani_answers[-1]
    assert ani.conversation.step == Step.KECAMATAN
    assert ani.conversation.data["description"] == STORY
    assert budi.conversation.step == Step.KECAMATAN
    assert budi.conversation.data["type"] == "aspiration"
    assert not InboundMessage.objects.filter(processed_at=None).exists()
    assert set(InboundMessage.objects.values_list("conversation__address", flat=True)) == {
        ani.address,
        budi.address,
    }


def test_a_later_message_waits_for_an_earlier_one_another_worker_holds(luwu):
    phone = Phone()
    phone.say("halo")
    phone.put("1")
    held = inbound_claim(limit=1)  # another worker claimed "1" and has not worked it yet
    phone.put(STORY)
    outbox = Outbox()
    assert inbound_process_batch(batch=inbound_claim(limit=100), deliver=outbox) == 0
    assert outbox.answers == {}
    assert phone.conversation.step == Step.TYPE  # the story was not taken as the type
    assert inbound_process_batch(batch=held, deliver=outbox) == 1
    with time_machine.travel(clock.now() + timedelta(seconds=2), tick=False):
        assert work_all(outbox) == 1
    assert phone.conversation.step == Step.KECAMATAN
    assert "Di kecamatan mana kejadiannya?" in outbox.answers[phone.address][-1]


def test_a_failing_message_is_rolled_back_alone_and_tried_again(luwu):
    ani, budi, citra = (Phone(address=f"+628120000000{n}") for n in (1, 2, 3))
    interleaved((ani, ("halo", "1")), (budi, ("halo", "2")), (citra, ("halo", "3")))
    # Budi's "2" is worked (the engine moves his chat on), then its answers cannot be handed
    # over: that message's work must be undone, and nobody else's.
    outbox = Outbox(RuntimeError("outbox refused"), texts=("2",))
    assert work_all(outbox) == 5
    assert ani.conversation.step == Step.WHAT
    assert citra.conversation.step == Step.WHAT
    assert budi.conversation.step == Step.TYPE
    assert "type" not in budi.conversation.data
    failed = InboundMessage.objects.get(address=budi.address, text="2")
    assert failed.processed_at is None
    assert failed.conversation is None
    assert failed.attempts == 1
    assert failed.error == "RuntimeError: outbox refused"
    assert len(outbox.answers[budi.address]) == 1  # the greeting only
    # Tried again after the pause, as a message failing alone is; then it goes through.
    outbox.refuse = None
    assert work_all(outbox) == 0  # not due yet
    with time_machine.travel(clock.now() + timedelta(seconds=MEDIA_RETRY_SECONDS + 1)):
        assert work_all(outbox) == 1
    retried = InboundMessage.objects.get(pk=failed.pk)
    assert retried.processed_at is not None
    assert retried.error == ""
    assert budi.conversation.step == Step.WHAT
    assert budi.conversation.data["type"] == "aspiration"


def test_a_message_failing_every_time_is_given_up_and_the_sender_s_next_one_goes_on(luwu):
    phone = Phone()
    phone.put("halo")
    phone.put("1")
    outbox = Outbox(RuntimeError("outbox refused"), texts=("halo",))
    now = clock.now()
    for attempt in range(1, MAX_MEDIA_ATTEMPTS + 1):
        later = now + timedelta(seconds=attempt * (MEDIA_RETRY_SECONDS + 1))
        with time_machine.travel(later, tick=False):
            # "1" waits while "halo" is still to be tried again.
            assert work_all(outbox) == (1 if attempt == MAX_MEDIA_ATTEMPTS else 0)
    given_up = InboundMessage.objects.get(text="halo")
    assert given_up.processed_at is not None
    assert given_up.attempts == MAX_MEDIA_ATTEMPTS
    assert given_up.error == "RuntimeError: outbox refused"
    # "1" went on as the first message of the chat: greeting and the type question.
    assert "Apa yang ingin Anda sampaikan?" in outbox.answers[phone.address][0]
    assert InboundMessage.objects.get(text="1").processed_at is not None


def test_a_database_error_in_a_batch_is_worked_again_one_by_one(luwu):
    ani, budi, citra = (Phone(address=f"+628120000000{n}") for n in (1, 2, 3))
    interleaved((ani, ("halo",)), (budi, ("halo", "2")), (citra, ("halo",)))
    outbox = Outbox(IntegrityError("duplicate key"), texts=("2",))
    with pytest.raises(IntegrityError):
        inbound_process_batch(batch=inbound_claim(limit=100), deliver=outbox)
    # The batch was rolled back and worked again one per transaction: the others went
    # through; only "2" is left, claimed, for the worker to try again after the lease, as
    # before batches.
    left = InboundMessage.objects.filter(processed_at=None)
    assert list(left.values_list("address", "text")) == [(budi.address, "2")]
    for phone in (ani, budi, citra):
        assert phone.conversation.step == Step.TYPE
    assert InboundMessage.objects.exclude(conversation=None).count() == 3


def test_a_provider_s_retries_are_acted_on_once(luwu):
    phone = Phone()
    again = [Delivered(ChatChannel.WHATSAPP, "wamid.same", phone.address, InboundKind.TEXT, "halo")]
    inbound_store(again + again)  # the same message twice in one webhook call
    inbound_store(again)  # and once more in a later call
    outbox = Outbox()
    assert work_all(outbox) == 1
    inbound_store(again)  # a retry after it was worked
    assert work_all(outbox) == 0
    assert InboundMessage.objects.count() == 1
    assert len(outbox.answers[phone.address]) == 1
    assert Conversation.objects.count() == 1


def test_a_batch_another_worker_finished_after_the_lease_is_not_worked_twice(luwu, settings):
    phone = Phone()
    phone.put("halo")
    stale = inbound_claim(limit=100)  # worker A claims it, then stalls past its lease
    later = clock.now() + timedelta(seconds=settings.ADUAN_WORKER_LEASE_SECONDS + 1)
    outbox = Outbox()
    with time_machine.travel(later, tick=False):
        assert work_all(outbox) == 1  # worker B takes it over and works it
        assert inbound_process_batch(batch=stale, deliver=outbox) == 1  # A wakes up: done
    assert len(outbox.answers[phone.address]) == 1
    assert phone.conversation.step == Step.TYPE


def test_reports_filed_in_one_batch_have_the_events_of_reports_filed_one_by_one(luwu):
    alone = Phone(address="+6281200000009")
    for text in REPORT:
        alone.say(text)
    ani, budi = Phone(address="+6281200000001"), Phone(address="+6281200000002")
    interleaved((ani, REPORT), (budi, REPORT))
    outbox = Outbox()
    assert work_all(outbox) == 2 * len(REPORT)

    def log_of(phone: Phone) -> list[tuple[object, ...]]:
        complaint = Complaint.objects.get(reporter__phone=phone.address)
        return [
            (e.seq, e.kind, e.actor_kind, sorted(e.old), sorted(e.new))
            for e in ComplaintEvent.objects.filter(complaint=complaint).order_by("seq")
        ]

    expected = log_of(alone)
    assert expected  # the report was filed and logged
    assert log_of(ani) == expected
    assert log_of(budi) == expected
    for phone in (ani, budi):
        number = Complaint.objects.get(reporter__phone=phone.address).tracking_number
        assert number in outbox.answers[phone.address][-1]
