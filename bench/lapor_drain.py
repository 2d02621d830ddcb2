"""`python -m bench.lapor_drain`: how long the worker takes to send 10,000 queued SP4N-LAPOR!
messages to the fake national server (tests/fake_lapor.py, on 127.0.0.1).

    python -m bench.lapor_drain --db sqlite --reports 50000 --messages 10000

Uses a benchmark database loaded by `python -m bench.run --load-only` (its events give the
messages something to point at), queues the messages as `lapor_from_events` would (one per
event, each with its idempotency key), drains them with `lapor_pass` in one process, as
`aduan worker` does, and removes them again. Target: under 60 s.
"""

from __future__ import annotations

import argparse
import os
import time

from bench.database import FULL_SIZE, Target, configure_environment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lapor_drain")
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--reports", type=int, default=FULL_SIZE)
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args(argv)
    configure_environment(Target(args.db, args.reports))
    os.environ["DJANGO_SETTINGS_MODULE"] = "aduan.settings"
    import django

    django.setup()
    from aduan.complaints.models import ComplaintEvent
    from aduan.core import clock
    from aduan.integrations.lapor.client import HttpLapor
    from aduan.integrations.lapor.models import LaporMessage, MessageKind, MessageStatus
    from aduan.integrations.lapor.services import lapor_pass
    from aduan.integrations.lapor.tests.fake_lapor import fake_lapor

    events = list(
        ComplaintEvent.objects.order_by("pk").values_list("pk", "complaint_id")[: args.messages]
    )
    if len(events) < args.messages:
        print(f"only {len(events):,} events: load more reports first")
        return 2
    now = clock.now()
    LaporMessage.objects.all().delete()
    LaporMessage.objects.bulk_create(
        [
            LaporMessage(
                kind=MessageKind.FORWARD,
                complaint_id=complaint_id,
                event_id=event_id,
                idempotency_key=f"bench-{event_id}",
                payload={
                    "judul": "Jalan berlubang",
                    "isi": "Lubang besar sejak sebulan.",
                    "anonim": False,
                    "rahasia": False,
                    "nomor_lokal": str(complaint_id),
                },
                next_attempt_at=now,
                created_at=now,
            )
            for event_id, complaint_id in events
        ],
        batch_size=2000,
    )
    # The events were turned into these messages: the cursor stands after them.
    from aduan.integrations.lapor.models import Cursor

    last = ComplaintEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    Cursor.objects.update_or_create(name="lapor", defaults={"last_event_id": last, "gaps": {}})
    with fake_lapor() as fake:
        api = HttpLapor(fake.url, fake.token)
        began = time.perf_counter()
        sent = 0
        while True:
            result = lapor_pass(api=api, worker_id="bench", max_messages=1000)
            sent += result.sent
            if result.sent + result.retried + result.failed == 0:
                break
        seconds = time.perf_counter() - began
        national = len(fake.reports)
    left = LaporMessage.objects.exclude(status=MessageStatus.SENT).count()
    LaporMessage.objects.all().delete()
    from aduan.integrations.lapor.models import LaporLink

    LaporLink.objects.all().delete()
    Cursor.objects.all().delete()
    print(
        f"== {args.db}: {sent:,} messages sent in {seconds:.1f} s "
        f"({sent / seconds:,.0f}/s); national reports {national:,}; not sent {left}"
    )
    return 0 if seconds < 60 and left == 0 and national == args.messages else 1


if __name__ == "__main__":
    raise SystemExit(main())
