"""Open311 test helpers: answers checked against the GeoReport v2 schemas (tests/schemas),
published reports, and a partner key."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import jsonschema
import pytest
from django.test import Client

from aduan.accounts.models import User
from aduan.complaints.models import Complaint
from aduan.complaints.services import Submitted
from aduan.integrations.open311.models import PartnerKey
from aduan.integrations.open311.services import partner_key_issue
from aduan.organisation.models import Instansi, Unit
from aduan.workflow import services as workflow

SCHEMAS = Path(__file__).parent / "schemas"


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def checked_json(response: Any, name: str) -> Any:
    """The JSON body, validated against the named schema (the errors schema for a 4xx)."""
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    jsonschema.validate(body, schema("errors" if response.status_code >= 400 else name))
    return body


def parsed_xml(response: Any) -> ElementTree.Element:
    assert response["Content-Type"].startswith("text/xml")
    # Our own server's answer, built by ElementTree: no entity or DTD to defuse.
    return ElementTree.fromstring(response.content)  # noqa: S314


@pytest.fixture
def published(
    submit: Callable[..., Submitted], admin: User, pupr: Unit
) -> Callable[..., Complaint]:
    """A report filed and then verified and dispatched to PUPR by the coordinator: what the
    public may see once a coordinator has looked at it."""

    def _published(**overrides: Any) -> Complaint:
        complaint = submit(**overrides).complaint
        return workflow.complaint_verify(actor=admin, complaint=complaint, units=[pupr])

    return _published


@pytest.fixture
def partner(luwu: Instansi, sysadmin: User) -> tuple[PartnerKey, str]:
    return partner_key_issue(actor=sysadmin, name="Aplikasi Kota", instansi=luwu, per_hour=3)


@pytest.fixture
def client_get(anon_client: Client) -> Callable[..., Any]:
    def _get(path: str, **params: Any) -> Any:
        return anon_client.get(path, params, HTTP_ACCEPT_LANGUAGE="id")

    return _get
