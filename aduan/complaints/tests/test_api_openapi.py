"""The committed OpenAPI document is the one the code generates, and the API serves it."""

from __future__ import annotations

import json

from aduan.api import api
from aduan.core.tests.openapi import OPENAPI_PATH

REGENERATE = (
    "docs/openapi.json is out of date; regenerate it with: aduan export_openapi_schema "
    "--api aduan.api.api --indent 2 --sorted --output docs/openapi.json"
)


def test_docs_openapi_json_matches_the_code():
    committed = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    generated = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))

    assert committed == generated, REGENERATE


def test_the_api_serves_its_schema_and_docs_page(client):
    schema = client.get("/api/v1/openapi.json")
    docs = client.get("/api/v1/docs")

    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "aduan API"
    assert docs.status_code == 200
    # The docs page loads Swagger UI from our own static files, never from a CDN.
    assert b"/static/ninja/swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()


def test_every_operation_documents_its_errors_in_the_one_format():
    document = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    for path, operations in document["paths"].items():
        if path.startswith("/api/v1/statistics") or path.endswith("/types"):
            continue  # no input that can be refused (statistics: its own router)
        for method, operation in operations.items():
            errors = {c for c in operation["responses"] if c.startswith(("4", "5"))}
            assert "400" in errors, f"{method.upper()} {path}"
            for code in errors:
                schema = operation["responses"][code]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, f"{path} {code}"
