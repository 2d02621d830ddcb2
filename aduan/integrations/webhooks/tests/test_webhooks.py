"""Outbound webhooks against a receiving server on 127.0.0.1: signed deliveries checked with
the reference Standard Webhooks verifier, retries with backoff and their log, replay from
the console, scope by unit and kind, and identity only where granted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from standardwebhooks.webhooks import Webhook

from aduan.accounts.testing import sign_in_verified
from aduan.complaints.services import ReporterInput
from aduan.integrations.webhooks.models import Attempt, Delivery, DeliveryStatus, Subscription
from aduan.integrations.webhooks.services import (
    delivery_replay,
    subscription_create,
    webhooks_from_events,
    webhooks_pass,
)
from aduan.integrations.webhooks.tests.receiver import Receiver, receiver
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as state:
        yield state


def _verified(subscription: Subscription, received: Any) -> dict[str, Any]:
    """The body, after the reference implementation checked its signature."""
    payload: dict[str, Any] = Webhook(subscription.secret).verify(received.body, received.headers)
    return payload


def _subscribe(hook: Receiver, luwu: Any, **extra: Any) -> Subscription:
    return subscription_create(actor=None, name="SIM", url=hook.url, instansi=luwu, **extra)


def test_an_event_is_delivered_signed(hook, luwu, submit, admin, pupr):
    subscription = _subscribe(hook, luwu)
    report = submit().complaint

    result = webhooks_pass(worker_id="w1")

    assert (result.enqueued, result.delivered) == (1, 1)
    (got,) = hook.received
    payload = _verified(subscription, got)
    assert payload["type"] == "report.submitted"
    assert payload["data"]["tracking_number"] == report.tracking_number
    assert payload["data"]["event"]["kind"] == "submitted"
    assert got.headers["webhook-id"].startswith("msg_")
    assert got.headers["webhook-signature"].startswith("v1,")
    assert "reporter" not in payload["data"]  # not granted
    assert "Andi" not in got.body.decode()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert list(Attempt.objects.values_list("status_code", flat=True)) == [200]
    # A tampered body fails the reference verifier.
    with pytest.raises(Exception, match="signature"):
        Webhook(subscription.secret).verify(got.body + b" ", got.headers)


def test_a_failing_receiver_gets_retries_with_backoff_and_one_success(hook, luwu, submit):
    _subscribe(hook, luwu)
    hook.answers = [500, 503]
    submit()

    with time_machine.travel("2026-12-07 02:00:00+00:00", tick=False) as traveller:
        webhooks_pass(worker_id="w1")  # 500
        webhooks_pass(worker_id="w1")  # not due yet: nothing sent
        assert len(hook.received) == 1
        traveller.shift(timedelta(seconds=61))
        webhooks_pass(worker_id="w1")  # 503
        traveller.shift(timedelta(seconds=61))
        webhooks_pass(worker_id="w1")  # the second backoff (120 s) has not passed
        assert len(hook.received) == 2
        traveller.shift(timedelta(seconds=60))
        webhooks_pass(worker_id="w1")  # 200

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 3
    assert [a.status_code for a in Attempt.objects.order_by("pk")] == [500, 503, 200]
    assert len({r.headers["webhook-id"] for r in hook.received}) == 1


def test_after_the_last_attempt_it_fails_and_a_coordinator_replays_it(
    hook, luwu, submit, admin, settings
):
    settings.ADUAN_WORKER_MAX_ATTEMPTS = 2
    subscription = _subscribe(hook, luwu)
    hook.answers = [500, 500]
    submit()
    with time_machine.travel("2026-12-07 02:00:00+00:00", tick=False) as traveller:
        webhooks_pass(worker_id="w1")
        traveller.shift(timedelta(seconds=61))
        webhooks_pass(worker_id="w1")
    failed = Delivery.objects.get()
    assert failed.status == DeliveryStatus.FAILED
    assert failed.last_error == "HTTP 500"

    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    sign_in_verified(client, admin)
    page = client.get("/konsol/webhook/")
    replayed = client.post(f"/konsol/webhook/{failed.pk}/kirim-ulang/")
    webhooks_pass(worker_id="w1")

    assert page.status_code == 200
    assert failed.message_id in page.content.decode()
    assert replayed.status_code == 302
    replay = Delivery.objects.exclude(pk=failed.pk).get()
    assert replay.replay_of == failed
    assert replay.status == DeliveryStatus.DELIVERED
    assert hook.received[-1].headers["webhook-id"] == failed.message_id
    _verified(subscription, hook.received[-1])


def test_replay_refuses_a_delivery_still_being_sent(hook, luwu, submit, admin):
    _subscribe(hook, luwu)
    submit()
    webhooks_from_events()

    with pytest.raises(Exception, match=r"masih|still"):
        delivery_replay(actor=admin, delivery=Delivery.objects.get())
    assert Delivery.objects.count() == 1


def test_only_coordinators_open_the_webhook_page(officer, admin, luwu):
    liaison = Client()
    sign_in_verified(liaison, officer)

    assert liaison.get("/konsol/webhook/").status_code == 404
    assert liaison.post("/konsol/webhook/1/kirim-ulang/").status_code == 404


def test_identity_only_where_granted_and_never_an_anonim_reporters(hook, luwu, submit):
    plain = _subscribe(hook, luwu)
    granted = _subscribe(hook, luwu, include_identity=True)
    submit(reporter=ReporterInput(name="Andi Baso", phone="0812 3456 7890"))
    submit(is_anonymous=True, reporter=ReporterInput(name="Rahmawati Said", phone="0813 1111 2222"))

    webhooks_pass(worker_id="w1")

    by_subscription: dict[int, list[dict[str, Any]]] = {plain.pk: [], granted.pk: []}
    for got in hook.received:
        for subscription in (plain, granted):
            try:
                by_subscription[subscription.pk].append(_verified(subscription, got))
            except Exception:  # noqa: S112 (signed with the other subscription's secret)
                continue
    assert len(by_subscription[plain.pk]) == len(by_subscription[granted.pk]) == 2
    assert all("reporter" not in p["data"] for p in by_subscription[plain.pk])
    named = [p["data"].get("reporter") for p in by_subscription[granted.pk]]
    assert {"name": "Andi Baso", "phone": "+6281234567890"}.items() <= (named[0] or {}).items()
    assert named[1] is None  # the anonim one
    assert "Rahmawati" not in b"".join(r.body for r in hook.received).decode()


def test_a_unit_subscription_gets_only_its_reports_and_kinds(
    hook, luwu, submit, admin, pupr, dinkes
):
    subscription = _subscribe(hook, luwu, unit=pupr, event_kinds=["dispatched", "followup"])
    ours = submit().complaint
    theirs = submit().complaint
    workflow.complaint_verify(actor=admin, complaint=ours, units=[pupr])
    workflow.complaint_verify(actor=admin, complaint=theirs, units=[dinkes])

    webhooks_pass(worker_id="w1")

    payloads = [_verified(subscription, r) for r in hook.received]
    assert [(p["data"]["tracking_number"], p["type"]) for p in payloads] == [
        (ours.tracking_number, "report.dispatched")
    ]


def test_events_become_deliveries_once(hook, luwu, submit):
    _subscribe(hook, luwu)
    submit()

    first = webhooks_from_events()
    again = webhooks_from_events()

    assert (first, again) == (1, 0)
    assert Delivery.objects.count() == 1


def test_a_receiver_that_does_not_answer_is_retried(luwu, submit):
    with receiver() as gone:
        url = gone.url
    subscription_create(actor=None, name="mati", url=url, instansi=luwu)
    submit()

    result = webhooks_pass(worker_id="w1")

    assert result.retried == 1
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_error.startswith("no answer")
    assert Attempt.objects.get().status_code is None


def test_the_worker_loop_sends_webhooks_too(hook, luwu, submit):
    from aduan.notifications.services import worker_pass

    _subscribe(hook, luwu)
    submit()

    result = worker_pass(worker_id="w1", sweep=False)

    assert result.webhooks is not None
    assert result.webhooks.delivered == 1
    assert json.loads(hook.received[0].body)["type"] == "report.submitted"
