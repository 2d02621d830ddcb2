"""Open data: the daily CSV and JSON of published reports (never a rahasia report, never an
identity), the command and the worker's daily run, the /data/ page, the data dictionary, the
file downloads and the DCAT catalogue (data.json)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from aduan.complaints.services import ReporterInput
from aduan.complaints.tests.leaks import assert_no_leak
from aduan.reporting.opendata import FIELDS, open_data_export, open_data_export_due
from aduan.workflow import services as workflow

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
DAY = datetime(2026, 3, 4, 9, 0, tzinfo=WITA)
REPORTER = ReporterInput(
    name="Siti Rahmawati",
    nik="7317014101900001",
    phone="0813 5555 1234",
    email="siti.rahma@example.id",
    address="Dusun Salu Induk RT 02",
)
IDENTITY = ("Siti Rahmawati", "7317014101900001", "81355551234", "siti.rahma@example.id",
            "Salu Induk")  # fmt: skip


@pytest.fixture
def reports(submit: Any, admin: Any, officer: Any, pupr: Any) -> dict[str, Any]:
    with time_machine.travel(DAY, tick=False):
        public = submit(reporter=REPORTER, title='=HYPERLINK("x") Jalan rusak').complaint
        workflow.complaint_verify(actor=admin, complaint=public, units=[pupr])
        secret = submit(
            reporter=REPORTER, title="Pungutan liar di kantor desa", is_confidential=True
        ).complaint
        anonymous = submit(reporter=REPORTER, title="Lampu jalan mati", is_anonymous=True).complaint
        # Published at verification (issue 14): an unverified report is in no open data.
        workflow.complaint_verify(actor=admin, complaint=anonymous, units=[pupr])
    return {"public": public, "secret": secret, "anonymous": anonymous}


def _files(luwu: Any) -> tuple[list[dict[str, str]], dict[str, Any], str]:
    with time_machine.travel(DAY, tick=False):
        exported = open_data_export(instansi=luwu)
    by_name = {p.name: p for p in exported.paths}
    csv_text = by_name["aduan-luwu-2026-03-04.csv"].read_text(encoding="utf-8")
    json_text = by_name["aduan-luwu-2026-03-04.json"].read_text(encoding="utf-8")
    assert by_name["aduan-luwu-latest.csv"].read_text(encoding="utf-8") == csv_text
    return list(csv.DictReader(io.StringIO(csv_text))), json.loads(json_text), csv_text + json_text


def test_the_dataset_holds_the_published_reports_and_nothing_of_a_rahasia_one(luwu, reports):
    rows, document, _text = _files(luwu)

    numbers = {r["tracking_number"] for r in rows}
    assert numbers == {reports["public"].tracking_number, reports["anonymous"].tracking_number}
    assert [r["tracking_number"] for r in document["records"]] == [
        r["tracking_number"] for r in rows
    ]
    assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["fields"] == [f.name for f in FIELDS]
    public = next(r for r in rows if r["tracking_number"] == reports["public"].tracking_number)
    assert public["units"] == "Dinas PUPR"
    assert public["submitted_on"] == public["verified_on"] == "2026-03-04"
    assert public["desa_code"] == "73.17.01.2005"
    assert public["kecamatan_code"] == "73.17.01"


def test_no_identity_and_no_rahasia_text_anywhere_in_the_files(luwu, reports):
    _rows, _document, text = _files(luwu)

    for piece in IDENTITY:
        assert piece not in text
    assert reports["secret"].tracking_number not in text
    assert "Pungutan liar" not in text


def test_a_title_like_a_formula_stays_text_in_the_csv(luwu, reports):
    rows, document, _text = _files(luwu)

    public = next(r for r in rows if r["tracking_number"] == reports["public"].tracking_number)
    assert public["title"].startswith("'=HYPERLINK")
    record = next(
        r for r in document["records"] if r["tracking_number"] == reports["public"].tracking_number
    )
    assert record["title"].startswith("=HYPERLINK")  # JSON is data, not a spreadsheet


def test_the_command_writes_the_files_and_refuses_an_unknown_instansi(luwu, reports, settings):
    out = io.StringIO()
    call_command("export_open_data", "--instansi", "luwu", stdout=out)

    assert "luwu: 2 reports" in out.getvalue()
    assert (settings.ADUAN_OPEN_DATA_DIR / "luwu" / "aduan-luwu-latest.json").is_file()
    with pytest.raises(CommandError):
        call_command("export_open_data", "--instansi", "nowhere")


def test_the_worker_exports_once_a_day(luwu, reports):
    with time_machine.travel(DAY, tick=False):
        first = open_data_export_due()
        again = open_data_export_due()
    with time_machine.travel(datetime(2026, 3, 5, 0, 5, tzinfo=WITA), tick=False):
        next_day = open_data_export_due()

    assert [e.instansi.code for e in first] == ["luwu"]
    assert again == []
    assert [e.day.isoformat() for e in next_day] == ["2026-03-05"]


def test_the_data_page_lists_the_files_and_the_licence(anon_client, luwu, reports):
    before = anon_client.get("/data/", HTTP_ACCEPT_LANGUAGE="id")
    _files(luwu)
    after = anon_client.get("/data/", HTTP_ACCEPT_LANGUAGE="id")

    assert before.status_code == after.status_code == 200
    assert "aduan-luwu-latest.csv" not in before.content.decode()
    text = after.content.decode()
    assert "aduan-luwu-latest.csv" in text
    assert "aduan-luwu-latest.json" in text
    assert "CC BY 4.0" in text


def test_the_dictionary_describes_every_column(anon_client, luwu):
    text = anon_client.get("/data/kamus/").content.decode()

    for field in FIELDS:
        assert f"<code>{field.name}</code>" in text


def test_the_files_download_and_other_names_are_404(anon_client, luwu, reports):
    _files(luwu)

    response = anon_client.get("/data/luwu/aduan-luwu-latest.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert b"tracking_number" in b"".join(response.streaming_content)
    bad_names = (
        *("/data/luwu/..%2Fsecret_key", "/data/luwu/aduan-luwu-latest.txt"),
        *("/data/palopo/aduan-luwu-latest.csv", "/data/luwu/aduan-luwu-2020-01-01.csv"),
    )
    for bad in bad_names:
        assert anon_client.get(bad).status_code == 404, bad


# The required fields of Project Open Data v1.1 (DCAT-US) for a catalogue and a dataset, and
# the shape of a distribution, from the schema's own definitions.
POD_SCHEMA = {
    "type": "object",
    "required": ["conformsTo", "dataset"],
    "properties": {
        "conformsTo": {"const": "https://project-open-data.cio.gov/v1.1/schema"},
        "dataset": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "title",
                    "description",
                    "keyword",
                    "modified",
                    "publisher",
                    "contactPoint",
                    "identifier",
                    "accessLevel",
                ],
                "properties": {
                    "@type": {"const": "dcat:Dataset"},
                    "accessLevel": {"enum": ["public", "restricted public", "non-public"]},
                    "keyword": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "modified": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}"},
                    "publisher": {"type": "object", "required": ["name"]},
                    "contactPoint": {
                        "type": "object",
                        "required": ["fn", "hasEmail"],
                        "properties": {"hasEmail": {"pattern": "^mailto:"}},
                    },
                    "license": {"type": "string", "format": "uri"},
                    "distribution": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["downloadURL", "mediaType"],
                            "properties": {"@type": {"const": "dcat:Distribution"}},
                        },
                    },
                },
            },
        },
    },
}


def test_data_json_is_a_dcat_us_catalogue_of_the_files(anon_client, luwu, reports):
    empty = anon_client.get("/data.json").json()
    _files(luwu)
    catalog = anon_client.get("/data.json").json()

    assert empty["dataset"] == []
    jsonschema.validate(catalog, POD_SCHEMA)
    (dataset,) = catalog["dataset"]
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    urls = {d["downloadURL"] for d in dataset["distribution"]}
    assert urls == {
        "http://testserver/data/luwu/aduan-luwu-latest.csv",
        "http://testserver/data/luwu/aduan-luwu-latest.json",
    }
    for url in urls:
        assert anon_client.get(url.removeprefix("http://testserver")).status_code == 200


def test_the_files_are_readable_by_a_web_server(luwu, reports):
    with time_machine.travel(DAY, tick=False):
        exported = open_data_export(instansi=luwu)

    for path in exported.paths:
        assert path.stat().st_mode & 0o777 == 0o644, path.name


def test_the_dataset_reads_the_masked_text_and_leaks_nothing(luwu, submit, admin, pupr):
    """The shared leak checks (complaints/tests/leaks.py) over the files: identity, personal
    data typed into the text, staff-only notes, and no unpublished report."""
    with time_machine.travel(DAY, tick=False):
        typed = submit(
            reporter=REPORTER,
            title="Air PDAM mati",
            description="Hubungi saya di 0812-3456-7890 atau siti.rahma@example.id, nama saya "
            "Siti Rahmawati.",
        ).complaint
        workflow.complaint_verify(
            actor=admin, complaint=typed, units=[pupr], instruction="Cek pipa induk (internal)"
        )
        unpublished = submit(title="Belum diverifikasi, jangan terbit").complaint
    typed.refresh_from_db()
    _rows, _catalogue, text = _files(luwu)
    assert "Air PDAM mati" in text
    assert "[nomor telepon disamarkan]" in text
    assert_no_leak(text, typed)
    assert unpublished.tracking_number not in text
    assert "jangan terbit" not in text
