"""Open data (DOMAIN.md section 6): a daily dataset of the published reports, CSV and JSON,
described by a data dictionary and listed in a DCAT catalogue (data.json, DCAT-US 1.1 / Project
Open Data, which CKAN's harvesters read), under CC BY 4.0.

Reports are read ONLY through `complaints.selectors.complaints_public()`: whatever that door
lets through (never a rahasia report, never spam) is what is published, and nothing else.
No reporter identity, no address text, no coordinates: a row names the report's desa, not a
house. The report's words come from one function, `public_text`: the public text, with
personal data masked.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aduan.complaints.choices import DispatchStatus
from aduan.complaints.models import Complaint, Dispatch
from aduan.complaints.selectors import complaints_public
from aduan.core import clock
from aduan.organisation.choices import RegionLevel
from aduan.organisation.models import Instansi

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "CC BY 4.0"
FORMATS = ("csv", "json")
# aduan-luwu-2026-12-04.csv, aduan-luwu-latest.json
_FILE_NAME = re.compile(r"^aduan-[a-z0-9-]+-(\d{4}-\d{2}-\d{2}|latest)\.(csv|json)$")


@dataclass(frozen=True)
class Field:
    """One column of the dataset, as the data dictionary describes it."""

    name: str
    kind: str  # string, date, integer
    description: Promise
    example: str


FIELDS: tuple[Field, ...] = (
    Field("tracking_number", "string", _("The report's public tracking number."), "LWU-7K3M-9QXR"),
    Field("type", "string", _("complaint, aspiration (suggestion) or info_request."), "complaint"),
    Field("status", "string", _("Where the report stands (code; see the status list)."), "closed"),
    Field("channel", "string", _("How the report came in (web, sms, letter, …)."), "web"),
    Field("category_code", "string", _("The category's code."), "infrastruktur-jalan"),
    Field("category_name", "string", _("The category's name."), "Jalan dan jembatan"),
    Field("units", "string", _("The units it was dispatched to, separated by “; ”."), "Dinas PUPR"),
    Field("kecamatan_code", "string", _("Kemendagri code of the kecamatan."), "73.17.01"),
    Field("kecamatan_name", "string", _("Name of the kecamatan."), "Larompong"),
    Field("desa_code", "string", _("Kemendagri code of the desa/kelurahan."), "73.17.01.2005"),
    Field("desa_name", "string", _("Name of the desa/kelurahan."), "Bilante"),
    Field("submitted_on", "date", _("Day it was received (local date)."), "2026-03-02"),
    Field("verified_on", "date", _("Day it was verified and dispatched."), "2026-03-03"),
    Field("first_followup_on", "date", _("Day of the first follow-up."), "2026-03-05"),
    Field("resolved_on", "date", _("Day it was resolved."), "2026-03-10"),
    Field("closed_on", "date", _("Day it was closed."), "2026-03-24"),
    Field("title", "string", _("The report's published title."), "Jalan berlubang di depan SD"),
    Field("description", "string", _("The report's published text."), "Lubang besar sejak…"),
)


def public_text(complaint: Complaint) -> tuple[str, str]:
    """The words of a report that may be published: (title, description), as the public
    reads them, personal data masked (complaints.screening, the coordinator's masks).

    The one place the dataset takes text from."""
    return complaint.public_title, complaint.public_description


def _day(value: datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).date().isoformat() if value else ""


def published_reports(instansi: Instansi) -> Iterator[dict[str, Any]]:
    """Every published report of the instansi as a row of FIELDS, oldest first."""
    zone = ZoneInfo(instansi.time_zone)
    dispatches = Prefetch(
        "dispatches",
        queryset=Dispatch.objects.exclude(status=DispatchStatus.RETURNED)
        .select_related("unit")
        .order_by("pk"),
    )
    rows = (
        complaints_public()
        .filter(instansi=instansi)
        .select_related("category", "region__parent")
        .prefetch_related(dispatches)
        .order_by("pk")
    )
    for c in rows.iterator(chunk_size=2000):
        region = c.region
        desa = region if region is not None and region.level == RegionLevel.VILLAGE else None
        kecamatan = desa.parent if desa is not None else region
        title, description = public_text(c)
        yield {
            "tracking_number": c.tracking_number,
            "type": c.type,
            "status": c.status,
            "channel": c.channel,
            "category_code": c.category.code if c.category else "",
            "category_name": c.category.name if c.category else "",
            "units": "; ".join(dict.fromkeys(str(d.unit) for d in c.dispatches.all())),
            "kecamatan_code": kecamatan.code if kecamatan else "",
            "kecamatan_name": kecamatan.name if kecamatan else "",
            "desa_code": desa.code if desa else "",
            "desa_name": desa.name if desa else "",
            "submitted_on": _day(c.submitted_at, zone),
            "verified_on": _day(c.verified_at, zone),
            "first_followup_on": _day(c.first_followup_at, zone),
            "resolved_on": _day(c.resolved_at, zone),
            "closed_on": _day(c.closed_at, zone),
            "title": title,
            "description": description,
        }


# ---------------------------------------------------------------- files


def open_data_dir() -> Path:
    return Path(settings.ADUAN_OPEN_DATA_DIR)


def file_name(instansi: Instansi, day: date | str, fmt: str) -> str:
    stamp = day if isinstance(day, str) else day.isoformat()
    return f"aduan-{instansi.code}-{stamp}.{fmt}"


def file_path(instansi: Instansi, name: str) -> Path | None:
    """The stored file of this name, or None (a name not of our pattern is never looked up)."""
    if not _FILE_NAME.match(name) or not name.startswith(f"aduan-{instansi.code}-"):
        return None
    path = open_data_dir() / instansi.code / name
    return path if path.is_file() else None


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet would run a cell starting with these as a formula ("CSV injection").
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _temp_beside(target: Path) -> tuple[Any, Path]:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    # Public files: readable by a web server running as another user (mkstemp makes 0600).
    os.chmod(temp, 0o644)
    return os.fdopen(handle, "w", encoding="utf-8", newline=""), Path(temp)


@dataclass(frozen=True)
class Exported:
    instansi: Instansi
    day: date
    records: int
    paths: list[Path]


def open_data_export(*, instansi: Instansi, day: date | None = None) -> Exported:
    """Write the instansi's CSV and JSON of `day` (default today) and their `latest` copies.

    One pass over the reports, streamed to both files (no list of a million rows in memory);
    each file is written beside its target and moved into place, so a reader sees the old
    file or the whole new one. Not a state change of any report.
    """
    now = clock.now()
    day = day or now.astimezone(ZoneInfo(instansi.time_zone)).date()
    folder = open_data_dir() / instansi.code
    names = [f.name for f in FIELDS]
    csv_target = folder / file_name(instansi, day, "csv")
    json_target = folder / file_name(instansi, day, "json")
    csv_out, csv_temp = _temp_beside(csv_target)
    json_out, json_temp = _temp_beside(json_target)
    records = 0
    try:
        with csv_out, json_out:
            writer = csv.writer(csv_out)
            writer.writerow(names)
            head = {
                "instansi": instansi.code,
                "publisher": instansi.name,
                "generated_at": now.isoformat(),
                "license": LICENSE_URL,
                "fields": names,
            }
            # The header object without its closing brace, then the records one by one.
            json_out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "records": [')
            for row in published_reports(instansi):
                writer.writerow([_csv_cell(row[n]) for n in names])
                json_out.write((",\n" if records else "\n") + json.dumps(row, ensure_ascii=False))
                records += 1
            json_out.write("\n]}\n")
        os.replace(csv_temp, csv_target)
        os.replace(json_temp, json_target)
    except BaseException:
        csv_temp.unlink(missing_ok=True)
        json_temp.unlink(missing_ok=True)
        raise
    paths = [csv_target, json_target]
    for source, fmt in ((csv_target, "csv"), (json_target, "json")):
        latest = folder / file_name(instansi, "latest", fmt)
        out, temp = _temp_beside(latest)
        out.close()
        shutil.copyfile(source, temp)
        os.replace(temp, latest)
        paths.append(latest)
    return Exported(instansi=instansi, day=day, records=records, paths=paths)


def open_data_export_due(*, now: datetime | None = None) -> list[Exported]:
    """Export every instansi whose file of today (its local date) is not written yet: the
    worker calls this on each turn, so the dataset is made once a day."""
    now = now or clock.now()
    done = []
    for instansi in Instansi.objects.order_by("pk"):
        day = now.astimezone(ZoneInfo(instansi.time_zone)).date()
        if not (open_data_dir() / instansi.code / file_name(instansi, day, "json")).exists():
            done.append(open_data_export(instansi=instansi, day=day))
    return done


def dataset_files(instansi: Instansi) -> dict[str, Any]:
    """What the /data/ page lists for an instansi: the latest files, when made, and size."""
    found: dict[str, Any] = {}
    for fmt in FORMATS:
        path = file_path(instansi, file_name(instansi, "latest", fmt))
        if path is not None:
            stat = path.stat()
            found[fmt] = {
                "name": path.name,
                "size": stat.st_size,
                "modified": datetime.fromtimestamp(stat.st_mtime, tz=ZoneInfo(instansi.time_zone)),
            }
    return found
