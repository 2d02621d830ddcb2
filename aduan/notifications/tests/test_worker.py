"""The worker: claims safely, sends outside transactions, retries with backoff, survives a
killed peer, and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.db import connection

from aduan.complaints.choices import Status
from aduan.core import clock
from aduan.notifications.choices import NotificationStatus, NotifyChannel, RecipientKind
from aduan.notifications.models import Notification
from aduan.notifications.services import (
    notification_claim_next,
    notification_send,
    notifications_claim,
    notifications_from_events,
    worker_pass,
)
from aduan.notifications.tests.conftest import at


def _sms(n: int = 1) -> list[Notification]:
    now = clock.now()
    return Notification.objects.bulk_create(
        Notification(
            recipient_kind=RecipientKind.REPORTER,
            channel=NotifyChannel.SMS,
            address=f"+62812000{i:04d}",
            template_key="receipt",
            subject=f"Laporan {i}",
            body="Diterima",
            dedupe_key=f"test:{i}",
            next_attempt_at=now,
            created_at=now,
        )
        for i in range(n)
    )


@pytest.mark.django_db
def test_a_worker_killed_after_claiming_leaves_the_message_to_another_once(gateway, settings):
    settings.ADUAN_WORKER_LEASE_SECONDS = 300
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False) as traveller:
        (row,) = _sms()
        claimed = notification_claim_next(worker_id="a")  # ... and worker "a" dies here
        assert claimed is not None
        assert claimed.pk == row.pk
        assert notification_claim_next(worker_id="b") is None  # "a" still holds the lease
        traveller.move_to(at(2026, 11, 2, 9, 4, 59))
        assert notification_claim_next(worker_id="b") is None
        traveller.move_to(at(2026, 11, 2, 9, 5, 1))
        assert worker_pass(worker_id="b", sweep=False).sent == 1
        assert worker_pass(worker_id="b", sweep=False).sent == 0
    row.refresh_from_db()
    assert (row.status, row.claimed_by, row.attempts) == (NotificationStatus.SENT, "b", 2)
    assert [r.body["idempotency_key"] for r in gateway.requests] == [f"aduan-notification-{row.pk}"]


@pytest.mark.django_db
def test_failures_are_retried_with_backoff_then_recorded_failed(gateway, settings):
    settings.ADUAN_WORKER_MAX_ATTEMPTS = 4
    settings.ADUAN_WORKER_BACKOFF_SECONDS = 60
    gateway.script(500, 429, "hang", 503)
    with time_machine.travel(at(2026, 11, 2, 9, 0), tick=False) as traveller:
        (row,) = _sms()
        waits = []
        for _ in range(4):
            result = worker_pass(worker_id="w", sweep=False)
            row.refresh_from_db()
            if row.status == NotificationStatus.PENDING:
                assert result.retried == 1
                waits.append(row.next_attempt_at - clock.now())
                assert worker_pass(worker_id="w", sweep=False).retried == 0  # not due yet
                traveller.move_to(row.next_attempt_at)
    assert waits == [timedelta(seconds=60), timedelta(seconds=120), timedelta(seconds=240)]
    assert row.status == NotificationStatus.FAILED
    assert row.attempts == 4
    assert "503" in row.last_error
    assert len(gateway.requests) == 4


@pytest.mark.django_db
def test_a_permanent_refusal_fails_at_once(gateway):
    gateway.script(400)
    (row,) = _sms()
    assert worker_pass(worker_id="w", sweep=False).failed == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (NotificationStatus.FAILED, 1)
    assert "400" in row.last_error


@pytest.mark.django_db
def test_email_goes_through_django_s_backend(reach, mailoutbox):
    from aduan.notifications.tests.conftest import REPORTER

    reach(Status.SUBMITTED, reporter=REPORTER)
    notifications_from_events()
    assert worker_pass(worker_id="w", sweep=False).sent == 1
    (message,) = mailoutbox
    assert message.to == [REPORTER.email]
    row = Notification.objects.get(recipient_kind=RecipientKind.REPORTER)
    assert row.status == NotificationStatus.SENT
    assert row.sent_at is not None


@pytest.mark.django_db
def test_workers_claim_separate_batches_oldest_first(gateway):
    rows = _sms(5)
    first = notifications_claim(worker_id="a", limit=3)
    second = notifications_claim(worker_id="b", limit=10)
    assert [n.pk for n in first] == [r.pk for r in rows[:3]]
    assert [n.pk for n in second] == [r.pk for r in rows[3:]]
    assert notifications_claim(worker_id="c", limit=10) == []
    claims = Notification.objects.order_by("pk").values_list("status", "claimed_by", "attempts")
    assert (
        list(claims)
        == [(NotificationStatus.SENDING, "a", 1)] * 3 + [(NotificationStatus.SENDING, "b", 1)] * 2
    )


@pytest.mark.django_db
def test_a_stopping_worker_gives_back_what_it_claimed_and_did_not_send(gateway):
    rows = _sms(5)
    result = worker_pass(worker_id="a", sweep=False, should_stop=lambda: len(gateway.requests) >= 2)
    assert result.sent == 2
    states = Notification.objects.order_by("pk").values_list("status", "claimed_by", "attempts")
    assert (
        list(states)
        == [(NotificationStatus.SENT, "a", 1)] * 2 + [(NotificationStatus.PENDING, "", 0)] * 3
    )
    # Another worker takes them at once, without waiting for the lease.
    assert [n.pk for n in notifications_claim(worker_id="b", limit=10)] == [r.pk for r in rows[2:]]


@pytest.mark.django_db
def test_a_worker_gives_back_what_it_cannot_send_within_half_its_lease(gateway, settings):
    settings.ADUAN_WORKER_LEASE_SECONDS = 1
    gateway.script("hang")  # the first send lasts the whole gateway timeout (0.5 s)
    rows = _sms(3)
    result = worker_pass(worker_id="a", sweep=False)
    assert (result.sent, result.retried) == (0, 1)
    states = Notification.objects.order_by("pk").values_list("status", "claimed_by", "attempts")
    assert list(states)[1:] == [(NotificationStatus.PENDING, "", 0)] * 2
    assert worker_pass(worker_id="b", sweep=False).sent == 2  # the first one is backing off
    keys = [r.body["idempotency_key"] for r in gateway.requests]
    assert keys == [f"aduan-notification-{r.pk}" for r in rows]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("batch", [1, 7])
def test_two_workers_at_once_never_send_the_same_message_twice(gateway, batch):
    rows = _sms(40)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            while claimed := notifications_claim(worker_id=name, limit=batch):
                for notification in claimed:
                    notification_send(notification=notification, worker_id=name)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    keys = Counter(r.body["idempotency_key"] for r in gateway.requests)
    assert len(keys) == len(rows)
    assert set(keys.values()) == {1}
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == len(rows)
    by_worker = Counter(Notification.objects.values_list("claimed_by", flat=True))
    assert sum(by_worker.values()) == len(rows)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_sigterm_stops_the_worker_cleanly(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "LOG_LEVEL": "INFO",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "aduan", "worker", "--poll", "0.2", "--worker-id", "t"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 20
        line = ""
        while "started" not in line and time.monotonic() < deadline:
            line = process.stderr.readline()
        assert "started" in line
        time.sleep(0.5)  # a few turns of the loop
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
        assert "stopped" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
