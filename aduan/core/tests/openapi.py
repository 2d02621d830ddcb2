"""Check API responses in tests against the committed OpenAPI document (docs/openapi.json).

`assert_matches_openapi(response, "get", "/api/v1/reports/{tracking_number}")` validates the
JSON body against the schema documented for that operation and status code (JSON Schema
2020-12, which OpenAPI 3.1 uses), so a test fails when code and document disagree.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema

OPENAPI_PATH = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    return document


def response_schema(method: str, path: str, status: int) -> dict[str, Any]:
    document = openapi_document()
    operation = document["paths"][path][method.lower()]
    documented = operation["responses"]
    assert str(status) in documented, f"{method.upper()} {path} does not document {status}"
    schema = documented[str(status)]["content"]["application/json"]["schema"]
    # Refs point at "#/components/...": resolve them inside one root holding both.
    return {**schema, "components": document["components"]}


def assert_matches_openapi(response: Any, method: str, path: str) -> Any:
    """Validate the response's JSON against the documented schema; returns the parsed body."""
    body = json.loads(response.content)
    schema = response_schema(method, path, response.status_code)
    jsonschema.Draft202012Validator(schema).validate(body)
    return body
