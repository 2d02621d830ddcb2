"""The one module that knows the shape of SP4N-LAPOR!'s API.

The national API is documented only inside LAPOR!'s admin area for registered instansi, so
these shapes are aduan's assumption (the field names of LAPOR!'s own forms) and the fake
server in tests/fake_lapor.py speaks them. When the real documentation is at hand, this
module (and the paths in client.py) is what changes; nothing else reads LAPOR!'s fields.

Privacy is mapped, never widened: an anonim report is sent without any identity, a rahasia
one with `rahasia: true`; a disposition comes in with the flags it carries.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aduan.complaints.choices import EventKind, Status
from aduan.complaints.models import Complaint, ComplaintEvent, Reporter

# Our statuses as LAPOR!'s (the labels of its tracking page).
STATUS_OUT = {
    Status.SUBMITTED: "Belum Diverifikasi",
    Status.DISPATCHED: "Sudah Didisposisi",
    Status.IN_PROGRESS: "Sedang Diproses",
    Status.ON_HOLD: "Sedang Diproses",
    Status.RESOLVED: "Selesai",
    Status.CLOSED: "Selesai",
    Status.ARCHIVED: "Diarsipkan",
    Status.FORWARDED: "Bukan Wewenang",
}


# The national status of a disposition that nobody here has verified yet: LAPOR! disposed it.
DISPOSED = "Sudah Didisposisi"


def status_expected(status: str) -> str:
    """The national status a disposed report should have while it is `status` here."""
    return DISPOSED if status == Status.SUBMITTED else STATUS_OUT.get(Status(status), "")


def report_out(complaint: Complaint, reporter: Reporter | None) -> dict[str, Any]:
    """A report forwarded to LAPOR! (bukan wewenang)."""
    body: dict[str, Any] = {
        "judul": complaint.title,
        "isi": complaint.description,
        "kategori_id": complaint.category.lapor_topic_id if complaint.category else None,
        "tanggal_kejadian": complaint.incident_date.isoformat()
        if complaint.incident_date
        else None,
        "lokasi": complaint.address,
        "anonim": complaint.is_anonymous,
        "rahasia": complaint.is_confidential,
        "nomor_lokal": complaint.tracking_number,
    }
    if reporter is not None and not complaint.is_anonymous:
        body["pelapor"] = {
            "nama": reporter.name,
            "telepon": reporter.phone,
            "email": reporter.email,
        }
    return body


def followup_out(event: ComplaintEvent, status: str) -> dict[str, Any]:
    """A follow-up, resolution or closing pushed back to a disposition's national report."""
    return {
        "isi": event.note or str(EventKind(event.kind).label),
        "status": STATUS_OUT.get(Status(status), "Sedang Diproses"),
        "waktu": event.created_at.isoformat(),
    }


def status_out(status: str, at: datetime) -> dict[str, Any]:
    """A status change of a disposed report pushed back on its own (no follow-up text)."""
    return {"status": status_expected(status), "waktu": at.isoformat()}


def followup_print(text: str, at: str) -> str:
    """What the reconciler compares of one follow-up: its time and a hash of its text."""
    return f"{at}#{hashlib.sha256(text.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class Disposition:
    """A report LAPOR! disposed to the instansi, in our words."""

    national_id: str
    title: str
    description: str
    topic_id: str
    unit_lapor_id: str
    is_anonymous: bool
    is_confidential: bool
    reporter_name: str


def disposition_in(item: dict[str, Any]) -> Disposition:
    anonymous = bool(item.get("anonim"))
    pelapor = item.get("pelapor") or {}
    return Disposition(
        national_id=str(item["id"]),
        title=str(item.get("judul") or "")[:200],
        description=str(item.get("isi") or ""),
        topic_id=str(item.get("kategori_id") or ""),
        unit_lapor_id=str(item.get("unit_id") or ""),
        is_anonymous=anonymous,
        is_confidential=bool(item.get("rahasia")),
        # Never a name for an anonim report, even if one came along.
        reporter_name="" if anonymous else str(pelapor.get("nama") or "")[:120],
    )


def national_items(answer: Any) -> tuple[list[dict[str, Any]], int | None]:
    """One page of a national list (`data`) and the next page's number (`next_page`)."""
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
        raise ValueError("the answer has no data list")
    following = answer.get("next_page")
    return [i for i in answer["data"] if isinstance(i, dict)], int(following) if following else None


def national_state(item: dict[str, Any]) -> tuple[str, list[dict[str, str]]]:
    """The national status and follow-ups of a report as LAPOR! answers them."""
    followups = [
        {"text": str(f.get("isi", "")), "at": str(f.get("waktu", ""))}
        for f in item.get("tindak_lanjut") or []
    ]
    return str(item.get("status") or ""), followups
