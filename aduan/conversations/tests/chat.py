"""A citizen's phone for the tests: messages go in through `inbound_store` as a webhook would
put them, the worker's two steps (claim, process) run, and the answers are collected."""

from __future__ import annotations

import io
import itertools
from typing import Any

from PIL import Image

from aduan.conversations.choices import ChatChannel, InboundKind
from aduan.conversations.engine import Reply
from aduan.conversations.models import Conversation, InboundMessage
from aduan.conversations.services import (
    Delivered,
    MediaUnavailable,
    inbound_claim_next,
    inbound_process,
    inbound_store,
)

_ids = itertools.count(1)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


class Phone:
    """One sender. `media` is what the provider would hand over for a media id."""

    def __init__(
        self, channel: ChatChannel = ChatChannel.WHATSAPP, address: str = "+6281234567890"
    ):
        self.channel = channel
        self.address = address
        self.media: dict[str, bytes] = {}
        self.media_down = False
        self.answers: list[Reply] = []

    def deliver(
        self, conversation: Conversation, row: InboundMessage, replies: list[Reply]
    ) -> None:
        self.answers += replies

    def fetch(self, row: InboundMessage) -> bytes:
        if self.media_down:
            raise MediaUnavailable("provider answered 503")
        try:
            return self.media[row.payload["media_id"]]
        except KeyError:
            raise MediaUnavailable("unknown media", permanent=True) from None

    def put(
        self,
        text: str = "",
        *,
        kind: InboundKind = InboundKind.TEXT,
        provider_id: str | None = None,
        **payload: Any,
    ) -> str:
        provider_id = provider_id or f"wamid.{next(_ids)}"
        inbound_store([Delivered(self.channel, provider_id, self.address, kind, text, payload)])
        return provider_id

    def work(self) -> list[str]:
        before = len(self.answers)
        while (row := inbound_claim_next()) is not None:
            inbound_process(inbound=row, deliver=self.deliver, fetch_media=self.fetch)
        return [r.text for r in self.answers[before:]]

    def say(self, text: str = "", **kwargs: Any) -> str:
        """Send one message and return every answer to it as one text."""
        self.put(text, **kwargs)
        return "\n".join(self.work())

    def photo(self, data: bytes | None = None) -> str:
        media_id = f"media-{next(_ids)}"
        self.media[media_id] = data if data is not None else jpeg()
        return self.say(kind=InboundKind.IMAGE, media_id=media_id)

    @property
    def conversation(self) -> Conversation:
        return Conversation.objects.get(channel=self.channel, address=self.address)
