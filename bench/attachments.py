"""`python -m bench.attachments`: does posting huge photos stall the site? (issue 14, item 3)

    python -m bench.attachments --db sqlite
    python -m bench.attachments --db postgres --format jpeg --rounds 2

Serves the site as `make run` does (gunicorn, 2 sync workers, 127.0.0.1 on a free port)
against the benchmark database of `bench.run` (20,000 reports by default, loaded when missing).
Five clients each open the report form (/lapor/) and post it with five 7000 x 7000 photos,
`--rounds` times, while a sixth client fetches the feed page (/laporan/) one request after
another. It reports the sixth client's latencies (goal: p99 under 500 ms), every post's
outcome and time, and the peak resident memory of each gunicorn worker (VmHWM; goal: under
300 MB). The photos: WebP (refused from its header: 49 megapixels is over
ADUAN_IMAGE_MAX_PIXELS) and JPEG (decoded at 1/4 scale and re-encoded); and as the baseline,
"none": the same posts without photos, since the sync workers are busy rendering the form
either way. Bounded: each format stops after its posts, or after `--timeout` seconds; the
reports it filed are deleted at the end. Figures go to
var/bench/attachments-<database>.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from bench.database import VAR_DIR, Target, configure_environment

CLIENTS = 5
PHOTOS = 5
SIDE = 7000
GOALS = {"feed_p99_ms": 500.0, "worker_peak_mb": 300.0}
UNLIMITED = "1000000000"
FORM = {
    "type": "complaint",
    "title": "Jalan berlubang di depan SD Kanna",
    "description": "Lubang besar sejak sebulan, sudah dua motor jatuh. Foto terlampir.",
    "incident_date": "",
    "kecamatan": "73.17.01",
    "desa": "73.17.01.2005",
    "address": "Depan SD Kanna",
    "phone": "0812 3456 7890",
    "website": "",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.attachments", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--reports", type=int, default=20_000, help="size of the dataset")
    parser.add_argument(
        "--format",
        default="none,webp,jpeg",
        help="photo formats, in turn; none: the same posts without photos (the baseline)",
    )
    parser.add_argument("--rounds", type=int, default=1, help="posts per client (1 to 10)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per format at most")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn worker (1: sync workers, as make run serves; more: gthread)",
    )
    args = parser.parse_args(argv)
    formats = [f for f in args.format.split(",") if f]
    if set(formats) - {"none", "webp", "jpeg"}:
        parser.error("--format takes none, webp and/or jpeg")
    if not 1 <= args.rounds <= 10 or not 10 <= args.timeout <= 900 or not 1 <= args.threads <= 16:
        parser.error("--rounds is 1 to 10, --timeout 10 to 900 seconds, --threads 1 to 16")
    target = Target(args.db, args.reports)
    configure_environment(target)
    os.environ["ADUAN_INTAKE_PER_IP_PER_HOUR"] = UNLIMITED
    os.environ["ADUAN_INTAKE_PER_PHONE_PER_DAY"] = UNLIMITED
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from bench import load, measure
    from bench.database import prepare_schema_and_reference

    staff = prepare_schema_and_reference()
    load.load(total=target.reports, staff=staff, vendor=target.vendor)
    prepare()
    marks = measure._high_water_marks()
    figures: dict[str, Any] = {
        "database": target.vendor,
        "reports": target.reports,
        "threads": args.threads,
        "runs": {},
    }
    try:
        for fmt in formats:
            photo = make_photo(fmt) if fmt != "none" else b""
            print(f"== {target.vendor}: {fmt}, {len(photo) // 1024} KB each", flush=True)
            port = free_port()
            server = serve(port, threads=args.threads)
            try:
                wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
                run = measure_run(port, photo, fmt, rounds=args.rounds, timeout=args.timeout)
                run["worker_peak_mb"] = worker_peaks(server.pid)
            finally:
                server.terminate()
                server.wait(timeout=30)
            figures["runs"][fmt] = run
            print(summary(run), flush=True)
    finally:
        remove_attachments_above(marks)
        measure._remove_rows_above(marks)
    checks = {
        f"{fmt} {goal}": ok
        for fmt, run in figures["runs"].items()
        for goal, ok in (
            ("feed_p99", run["feed"]["p99_ms"] < GOALS["feed_p99_ms"]),
            ("worker_peak", max(run["worker_peak_mb"].values()) < GOALS["worker_peak_mb"]),
        )
    }
    figures["checks"] = checks
    suffix = "" if args.threads == 1 else f"-threads{args.threads}"
    out = VAR_DIR / f"attachments-{target.vendor}{suffix}.json"
    out.write_text(json.dumps(figures, indent=2))
    print(f"  checks: {checks}\n  written to var/bench/{out.name}")
    return 0 if all(checks.values()) else 1


def prepare() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)


def remove_attachments_above(marks: dict[type, int]) -> None:
    """The files and rows of the run's attachments, before the reports they point to go."""
    from django.core.files.storage import default_storage

    from aduan.complaints.models import Attachment, Complaint

    rows = Attachment.objects.filter(complaint_id__gt=marks[Complaint])
    for name in rows.values_list("file", flat=True):
        default_storage.delete(name)
    rows._raw_delete(rows.db)  # no signals, no cascade: as bench.measure removes its rows


def make_photo(fmt: str) -> bytes:
    """A 7000 x 7000 photo that compresses well (a gradient): small to send, 49 MP to decode."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((SIDE, SIDE))
    image = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.ROTATE_90), gradient))
    out = io.BytesIO()
    image.save(out, format=fmt.upper(), quality=80)
    return out.getvalue()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(port: int, *, threads: int = 1) -> subprocess.Popen[bytes]:
    """gunicorn as `make run` starts it (with `threads` > 1, gthread workers instead)."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn), "aduan.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
        "--access-logfile", "-", "--log-level", "warning",
    ]  # fmt: skip
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
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
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, filename, data in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_report(base: str, photo: bytes, fmt: str) -> tuple[str, float]:
    """One citizen: open the form (CSRF cookie and token), post it with five photos."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/lapor/", timeout=60) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("the report form has no CSRF token")
    body, content_type = _multipart(
        {**FORM, "csrfmiddlewaretoken": token.group(1)},
        [("attachments", f"foto{i}.{fmt}", photo) for i in range(PHOTOS if photo else 0)],
    )
    request = urllib.request.Request(  # noqa: S310 (127.0.0.1)
        f"{base}/lapor/",
        data=body,
        headers={"Content-Type": content_type, "Referer": f"{base}/lapor/"},
    )
    began = time.perf_counter()
    try:
        with opener.open(request, timeout=120) as response:
            page = response.read().decode()
            # Filed: redirected to the confirmation; refused: the form again, with the error.
            status = "filed" if "/lapor/terkirim/" in response.geturl() else "refused"
            if status == "refused" and "megapi" not in page:
                status = "refused (other reason)"
    except urllib.error.HTTPError as error:
        status = str(error.code)
    return status, time.perf_counter() - began


def measure_run(port: int, photo: bytes, fmt: str, *, rounds: int, timeout: int) -> dict[str, Any]:
    base = f"http://127.0.0.1:{port}"
    posts: list[tuple[str, float]] = []
    feed: list[float] = []
    feed_errors: list[int] = []
    stop = threading.Event()
    deadline = time.monotonic() + timeout

    def uploader() -> None:
        for _ in range(rounds):
            if time.monotonic() > deadline:
                return
            posts.append(post_report(base, photo, fmt))

    def reader() -> None:
        while not stop.is_set() and time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(f"{base}/laporan/", timeout=60) as response:  # noqa: S310
                    response.read()
            except urllib.error.HTTPError as error:
                feed_errors.append(error.code)
            feed.append(time.perf_counter() - began)

    # Warm both workers (templates, connections) before measuring.
    for _ in range(4):
        with urllib.request.urlopen(f"{base}/laporan/", timeout=60) as response:  # noqa: S310
            response.read()
    began = time.perf_counter()
    sixth = threading.Thread(target=reader)
    sixth.start()
    clients = [threading.Thread(target=uploader) for _ in range(CLIENTS)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    stop.set()
    sixth.join()
    ms = sorted(x * 1000 for x in feed)
    return {
        "seconds": round(time.perf_counter() - began, 1),
        # The machine is shared: its load (1 minute) at the end says how busy it was.
        "load_average": round(os.getloadavg()[0], 2),
        "photo_bytes": len(photo),
        "posts": {
            "count": len(posts),
            "outcomes": {s: sum(1 for p in posts if p[0] == s) for s in {p[0] for p in posts}},
            "median_s": round(statistics.median(p[1] for p in posts), 2) if posts else None,
            "max_s": round(max(p[1] for p in posts), 2) if posts else None,
        },
        "feed": {
            "requests": len(ms),
            "errors": len(feed_errors),
            "p50_ms": round(ms[len(ms) // 2], 1) if ms else None,
            "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 1) if ms else 0.0,
            "max_ms": round(ms[-1], 1) if ms else None,
        },
    }


def worker_peaks(master: int) -> dict[str, float]:
    """Peak resident memory (VmHWM) of each gunicorn worker, in MB, read while they live."""
    peaks: dict[str, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmHWM" in fields:
            peaks[entry.name] = round(int(fields["VmHWM"].split()[0]) / 1024, 1)
    return peaks


def summary(run: dict[str, Any]) -> str:
    feed, posts = run["feed"], run["posts"]
    return (
        f"  posts: {posts['count']} {posts['outcomes']}, median {posts['median_s']} s, "
        f"max {posts['max_s']} s\n"
        f"  feed (sixth client): {feed['requests']} requests, p50 {feed['p50_ms']} ms, "
        f"p99 {feed['p99_ms']} ms, max {feed['max_ms']} ms\n"
        f"  worker peak RSS (MB): {run['worker_peak_mb']}; load average {run['load_average']}"
    )


if __name__ == "__main__":
    sys.exit(main())
