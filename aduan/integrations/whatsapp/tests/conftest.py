from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from aduan.integrations.whatsapp.tests.fake_graph import PHONE_ID, TOKEN, FakeGraph, running_graph
from aduan.integrations.whatsapp.transport import signature_of

APP_SECRET = "test-app-secret"
CITIZEN = "6281234567890"
_ids = itertools.count(1)


@pytest.fixture
def graph(settings: Any) -> Iterator[FakeGraph]:
    with running_graph() as fake:
        settings.ADUAN_WHATSAPP_API_URL = fake.url
        settings.ADUAN_WHATSAPP_PHONE_NUMBER_ID = PHONE_ID
        settings.ADUAN_WHATSAPP_TOKEN = TOKEN
        settings.ADUAN_WHATSAPP_APP_SECRET = APP_SECRET
        settings.ADUAN_WHATSAPP_VERIFY_TOKEN = "test-verify-token"
        settings.ADUAN_WHATSAPP_TIMEOUT = 2
        yield fake


def document(*messages: dict[str, Any], statuses: tuple[dict[str, Any], ...] = ()) -> bytes:
    """A webhook call as WhatsApp sends it."""
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6282100000000", "phone_number_id": PHONE_ID},
    }
    if messages:
        value["contacts"] = [{"profile": {"name": "Andi"}, "wa_id": messages[0]["from"]}]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    change = {"field": "messages", "value": value}
    return json.dumps(
        {"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [change]}]}
    ).encode()


def text(body: str, sender: str = CITIZEN, wamid: str | None = None) -> dict[str, Any]:
    return {
        "from": sender,
        "id": wamid or f"wamid.in.{next(_ids)}",
        "timestamp": "1764800000",
        "type": "text",
        "text": {"body": body},
    }


def post(client: Client, body: bytes, secret: str = APP_SECRET) -> Any:
    return client.post(
        "/integrasi/whatsapp/webhook/",
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature_of(body, secret),
    )
