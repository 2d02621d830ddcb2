"""Email through Django's backend: the message, its idempotent Message-ID, typed failures."""

from __future__ import annotations

import socket

import pytest
from django.core import mail

from aduan.integrations.email.transport import send_email
from aduan.integrations.errors import TransportError


def test_an_email_is_sent_with_the_notification_id_as_message_id():
    send_email(to="warga@example.id", subject="Laporan", body="Isi", idempotency_key="n-42")
    (message,) = mail.outbox
    assert message.to == ["warga@example.id"]
    assert message.extra_headers["Message-ID"].startswith("<n-42@")
    assert message.extra_headers["X-Aduan-Idempotency-Key"] == "n-42"


def test_the_file_backend_writes_the_message(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    send_email(to="warga@example.id", subject="Laporan", body="Isi", idempotency_key="n-1")
    (written,) = list((tmp_path / "mail").iterdir())
    assert "n-1@" in written.read_text()


def test_an_unreachable_smtp_server_is_a_transient_error(settings):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 1
    with pytest.raises(TransportError) as caught:
        send_email(to="warga@example.id", subject="s", body="b", idempotency_key="n-2")
    assert caught.value.permanent is False
