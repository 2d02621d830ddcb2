"""The HTTP gateway adapter against a real server on 127.0.0.1 (no mocks of our code)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from aduan.integrations.errors import TransportError
from aduan.integrations.sms.tests.fake_gateway import FakeGateway, running_gateway
from aduan.integrations.sms.transport import send_message


@pytest.fixture
def gateway(settings) -> Iterator[FakeGateway]:
    with running_gateway() as gw:
        settings.ADUAN_SMS_GATEWAY_URL = gw.url
        settings.ADUAN_SMS_GATEWAY_TOKEN = "tok-123"
        settings.ADUAN_SMS_GATEWAY_TIMEOUT = 0.5
        gw.hang_seconds = 1.5
        yield gw


def _send(channel: str = "sms") -> None:
    send_message(to="+6281234567890", message="Halo", channel=channel, idempotency_key="n-7")


def test_a_message_goes_out_as_json_with_token_and_idempotency_key(gateway):
    _send("whatsapp")
    (request,) = gateway.requests
    assert request.body == {
        "to": "+6281234567890",
        "message": "Halo",
        "channel": "whatsapp",
        "idempotency_key": "n-7",
    }
    assert request.headers["Authorization"] == "Bearer tok-123"
    assert request.headers["Idempotency-Key"] == "n-7"


@pytest.mark.parametrize(
    ("answer", "permanent"), [(500, False), (503, False), (429, False), (400, True), (404, True)]
)
def test_gateway_errors_are_typed(gateway, answer, permanent):
    gateway.script(answer)
    with pytest.raises(TransportError) as caught:
        _send()
    assert caught.value.permanent is permanent
    assert str(answer) in str(caught.value)


def test_a_hanging_gateway_times_out_as_transient(gateway):
    gateway.script("hang")
    started = time.monotonic()
    with pytest.raises(TransportError) as caught:
        _send()
    assert time.monotonic() - started < 1.4
    assert caught.value.permanent is False


def test_an_unreachable_gateway_is_transient(settings):
    with running_gateway() as gw:
        url = gw.url
    settings.ADUAN_SMS_GATEWAY_URL = url  # the server is gone: connection refused
    with pytest.raises(TransportError) as caught:
        _send()
    assert caught.value.permanent is False


def test_without_a_gateway_nothing_is_sent(settings):
    settings.ADUAN_SMS_GATEWAY_URL = ""
    with pytest.raises(TransportError):
        _send()
