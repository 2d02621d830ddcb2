"""The demo's fake SP4N-LAPOR! started as `make run` starts it (`aduan lapor_demo`, its own
process, with ADUAN_DEMO on), driven through the real adapter: its dispositions are pulled
into the inbox, a forwarded report gets a national id, and the national status and follow-ups
come back. Without the demo setting it refuses to start."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aduan.complaints.choices import Channel, Status
from aduan.complaints.models import Complaint
from aduan.integrations.lapor.client import HttpLapor
from aduan.integrations.lapor.models import Direction, LaporLink
from aduan.integrations.lapor.services import lapor_pass, lapor_pull, lapor_refresh
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db

TOKEN = "demo-test-token"  # given to the fake as make run's settings would


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "django", "lapor_demo", *args]


def _env(*, demo: bool, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADUAN_LAPOR")}
    env.update(
        DJANGO_SETTINGS_MODULE="aduan.settings",
        ADUAN_DEMO="1" if demo else "0",
        ADUAN_DEMO_LAPOR_PORT=str(port),
        ADUAN_LAPOR_TOKEN=TOKEN,
    )
    return env


@pytest.fixture
def demo_lapor(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = _free_port()
    state = tmp_path / "lapor-demo.json"
    process = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
        [*_command(), "--state-file", str(state), "--progress-seconds", "1"],
        env=_env(demo=True, port=port),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # printed once it listens
        assert line.strip() == f"demo SP4N-LAPOR! on http://127.0.0.1:{port}", line + (
            process.stderr.read() if process.stderr else ""
        )
        yield f"http://127.0.0.1:{port}", state
    finally:
        process.terminate()
        assert process.wait(timeout=20) == 0  # SIGTERM stops it cleanly, as make run does


def test_the_demo_fake_serves_a_pull_and_a_forward_through_the_real_adapter(
    demo_lapor, luwu, submit, admin, pupr, officer, road_category
):
    url, state_file = demo_lapor
    api = HttpLapor(url, TOKEN)

    pulled = lapor_pull(api=api, instansi=luwu)

    assert len(pulled.filed) == 2  # the two national reports it disposes at its first start
    inbox = Complaint.objects.filter(tracking_number__in=pulled.filed).order_by("pk")
    assert [c.channel for c in inbox] == [Channel.LAPOR, Channel.LAPOR]
    assert [c.status for c in inbox] == [Status.SUBMITTED, Status.SUBMITTED]
    assert [c.is_anonymous for c in inbox] == [False, True]
    assert lapor_pull(api=api, instansi=luwu).filed == []  # once only

    # Out: forwarded from the console, a national id comes back, then LAPOR!'s progress.
    forwarded = workflow.complaint_forward(
        actor=admin, complaint=submit().complaint, reason="Jalan nasional", to_lapor=True
    )
    # In and back: a follow-up on a disposed report reaches its national twin.
    disposed = inbox[0]
    workflow.complaint_verify(actor=admin, complaint=disposed, units=[pupr], category=road_category)
    workflow.dispatch_accept(actor=officer, complaint=disposed)
    workflow.followup_add(actor=officer, complaint=disposed, text="Petugas PLN dihubungi")
    for _ in range(5):
        lapor_pass(api=api, worker_id="demo-test")

    link = LaporLink.objects.get(complaint=forwarded, direction=Direction.OUT)
    assert link.national_id.startswith("LAPOR-")
    time.sleep(2.2)  # --progress-seconds 1: two national steps
    assert lapor_refresh(api=api) == 1
    link.refresh_from_db()
    assert link.national_status == "Sedang Diproses"
    assert len(link.national_followups) == 2
    saved = json.loads(state_file.read_text())  # a restarted demo still knows both
    assert link.national_id in saved["reports"]
    disposed_there = api.report_get(national_id="LAPOR-DEMO-1")
    assert [f["isi"] for f in disposed_there["tindak_lanjut"]] == ["Petugas PLN dihubungi"]
    assert disposed_there["status"] == "Sedang Diproses"


def test_the_demo_fake_refuses_to_start_without_the_demo_setting(tmp_path):
    port = _free_port()
    done = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [*_command(), "--state-file", str(tmp_path / "s.json")],
        env=_env(demo=False, port=port),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode != 0
    assert "ADUAN_DEMO" in done.stderr
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
