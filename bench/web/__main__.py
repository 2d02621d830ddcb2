"""`python -m bench.web`: requests per second and p99 of the public pages under gunicorn.

    python -m bench.web --db sqlite --duration 20
    python -m bench.web --db postgres --duration 20
    python -m bench.web --db sqlite --duration 15 --only bare_list,feed   # the feed part only

Serves the site as `make run` does (gunicorn, 2 sync workers, 127.0.0.1) against the database
that `python -m bench.run --load-only` built (1,000,000 reports by default), with the settings
of bench/web/settings.py (production's, plus the bare app). Then wrk, on 127.0.0.1 with 16
connections, measures in turn: the bare insert view, the API submission (POST /api/v1/reports),
the bare list view, the feed page (/laporan/) and the coordinator's inbox (/konsol/verifikasi/,
as the benchmark's coordinator, signed in with both factors: `staff_session`). The reports the
run filed are deleted at the end, and the coordinator's session too, so the database stays as
loaded. Figures go to var/bench/web-<database>-<reports>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench.database import FULL_SIZE, ROOT, VAR_DIR, Target, configure_environment

HERE = Path(__file__).resolve().parent
CONNECTIONS = 16
THREADS = 2
TARGETS = {
    "submit_ratio": 0.30,
    "feed_ratio": 0.50,
    "open311_ratio": 0.50,
    "p99_ms": 100.0,
    "inbox_p99_ms": 150.0,
}
# The limits stay on, so each submission pays for its counters, but far above the load.
UNLIMITED = "1000000000"
REPORT_BODY = {
    "type": "complaint",
    "title": "Jalan berlubang di depan SD Kanna",
    "description": "Lubang besar sejak sebulan, sudah dua motor jatuh. Mohon segera diperbaiki.",
    "region_code": "73.17.01.2005",
    "address": "Depan SD Kanna",
    "category_code": "infrastruktur-jalan",
    "reporter": {"name": "Andi Baso", "phone": "0812 3456 7890"},
}
SCENARIOS = ("bare_insert", "api_submit", "bare_list", "feed", "inbox", "open311")
# Open311's first page, as many rows as the bare list, in a fixed window before the data's "now"
# (bench/load.py NOW), so every run reads the same reports.
OPEN311_PATH = (
    "/open311/v2/requests.json?page_size=20"
    "&start_date=2026-08-05T00:00:00Z&end_date=2026-11-03T00:00:00Z"
)
INBOX_PATH = "/konsol/verifikasi/"
BARE_BODY = {"title": REPORT_BODY["title"], "description": REPORT_BODY["description"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--duration", type=int, default=20, help="seconds per measurement")
    parser.add_argument("--reports", type=int, default=FULL_SIZE, help="size of the dataset")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument(
        "--only",
        default="",
        help=f"comma-separated scenarios to measure, of {', '.join(SCENARIOS)} (default: all)",
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=16,
        help="concurrent clients (default 16, the issues' figure)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.connections <= 64:
        parser.error("--connections is 1 to 64")
    globals()["CONNECTIONS"] = args.connections  # one run, one setting
    only = [name for name in args.only.split(",") if name] or list(SCENARIOS)
    if unknown := set(only) - set(SCENARIOS):
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if not 1 <= args.duration <= 120:
        parser.error("--duration is 1 to 120 seconds")
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is missing: `make bench-web` installs it (apt-get install wrk)")
        return 2
    target = Target(args.db, args.reports)
    configure_environment(target)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.web.settings"
    os.environ["ADUAN_INTAKE_PER_IP_PER_HOUR"] = UNLIMITED
    os.environ["ADUAN_INTAKE_PER_PHONE_PER_DAY"] = UNLIMITED
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from bench.web import results

    if not prepare(target):
        return 2
    marks = results.high_water_marks()
    base = f"http://127.0.0.1:{args.port}"
    cookie = staff_session() if "inbox" in only else ""
    server = serve(args.port)
    began = time.perf_counter()
    try:
        wait_until_up(f"{base}/healthz", server)
        runs = measure(wrk, base, args.duration, only, cookie=cookie)
    finally:
        server.terminate()
        server.wait(timeout=30)
        results.remove_rows_above(marks)
        if cookie:
            results.session_remove(cookie)
    figures = results.summarise(
        target=target, runs=runs, duration=args.duration, seconds=time.perf_counter() - began
    )
    # A partial run (--only) gets its own file, so it never replaces a full run's figures.
    part = "" if len(only) == len(SCENARIOS) else "-" + "+".join(only)
    part += "" if CONNECTIONS == 16 else f"-c{CONNECTIONS}"
    out = VAR_DIR / f"web-{target.vendor}-{target.reports}{part}.json"
    out.write_text(json.dumps(figures, indent=2))
    print(results.report(figures, TARGETS))
    print(f"  written to var/bench/{out.name}")
    return 0 if all(figures["checks"].values()) else 1


def prepare(target: Target) -> bool:
    """The benchmark database as `make run` leaves it: migrated, cache table, static files."""
    from django.core.management import call_command

    from aduan.complaints.models import Complaint
    from bench.web.bareapp.models import BareRow

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    loaded = Complaint.objects.count()
    if loaded < target.reports * 0.99:
        print(
            f"{target.name} holds {loaded:,} reports; load it first: "
            f"python -m bench.run --db {target.vendor} --reports {target.reports} --load-only"
        )
        return False
    if BareRow.objects.count() < 1000:
        BareRow.objects.bulk_create(
            BareRow(title=f"{BARE_BODY['title']} {i}", body=BARE_BODY["description"])
            for i in range(1000)
        )
    print(f"== {target.vendor}: {target.name} ({loaded:,} reports)", flush=True)
    return True


def staff_session() -> str:
    """The session cookie of the benchmark's coordinator, past both factors of the sign-in.

    What aduan.accounts.testing.sign_in_verified does for the tests: a confirmed TOTP device,
    then a session that holds the user and django_otp's device id. Returns "name=value".
    """
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from aduan.accounts.models import User

    user = User.objects.get(username="bench-coordinator")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def serve(port: int) -> subprocess.Popen[bytes]:
    """gunicorn exactly as `make run` starts it, but with the bench settings module."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn), "aduan.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
        "--access-logfile", "-", "--log-level", "warning",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, env=os.environ.copy())  # noqa: S603


def wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (127.0.0.1)
                if response.status == 200:
                    return
        except OSError:  # refused while gunicorn binds, or a slow first answer
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 s")


def measure(
    wrk: str, base: str, duration: int, only: list[str], *, cookie: str = ""
) -> dict[str, dict[str, Any]]:
    bodies = VAR_DIR / "web-bodies"
    bodies.mkdir(exist_ok=True)
    (bodies / "bare.json").write_text(json.dumps(BARE_BODY))
    (bodies / "report.json").write_text(json.dumps(REPORT_BODY))
    stamp = str(int(time.time()))
    post = str(HERE / "post.lua")
    # Each scenario: URL, wrk's options, and the arguments of its Lua script (after `--`).
    scenarios: dict[str, tuple[str, list[str], list[str]]] = {
        "bare_insert": (f"{base}/bench/insert/", ["-s", post], [str(bodies / "bare.json")]),
        "api_submit": (
            f"{base}/api/v1/reports",
            ["-s", post],
            [str(bodies / "report.json"), f"web-{stamp}"],
        ),
        "bare_list": (f"{base}/bench/newest/", [], []),
        "feed": (f"{base}/laporan/", [], []),
        "inbox": (f"{base}{INBOX_PATH}", ["-H", f"Cookie: {cookie}"], []),
        "open311": (f"{base}{OPEN311_PATH}", [], []),
    }
    runs: dict[str, dict[str, Any]] = {}
    for name, (url, options, script_args) in scenarios.items():
        if name not in only:
            continue
        if name == "inbox" and (status := _status_of(url, cookie)) != 200:
            # The page is not there yet (404), or the session does not pass the guard (302).
            print(f"  {name}: GET {INBOX_PATH} answers {status}, not measured", flush=True)
            continue
        # A short first run warms each worker's connection, caches and templates.
        wrk_run(wrk, url, options, script_args, duration=2)
        runs[name] = wrk_run(wrk, url, options, script_args, duration=duration)
        print(
            f"  {name}: {runs[name]['per_second']:,.0f} req/s, p99 {runs[name]['p99_ms']} ms",
            flush=True,
        )
    return runs


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _status_of(url: str, cookie: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 (127.0.0.1)
    try:
        with opener.open(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def wrk_run(
    wrk: str, url: str, options: list[str], script_args: list[str], *, duration: int
) -> dict[str, Any]:
    command = [
        wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", "5s",
        *options, url,
    ]  # fmt: skip
    if script_args:  # wrk's arguments for the Lua script go last, after `--`
        command += ["--", *script_args]
    done = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True, timeout=duration + 30
    )
    shown = " ".join(["wrk", *command[1:]]).replace(f"{ROOT}/", "")  # no machine paths
    shown = re.sub(r"Cookie: (\w+)=\S+", r"Cookie: \1=<session>", shown)  # no session key
    return parse_wrk(done.stdout, shown)


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return round(float(number) * _UNITS_MS[unit], 2)


def parse_wrk(output: str, command: str) -> dict[str, Any]:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if rate is None or total is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    percentiles = {p: _ms(v) for p, v in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.M)}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "per_second": float(rate.group(1)),
        "requests": int(total.group(1)),
        "p50_ms": percentiles.get("50"),
        "p90_ms": percentiles.get("90"),
        "p99_ms": percentiles.get("99"),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
        "command": command,
        "output": output,
    }


if __name__ == "__main__":
    sys.exit(main())
