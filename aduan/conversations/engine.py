"""The conversation engine: one citizen message in, the answers out, the state in the row.

Channel-agnostic: WhatsApp, SMS and email differ only in what they deliver (`Incoming`) and
how they show the answers (`Reply`: text, plus the choices a channel may show as buttons).
SMS is `compact`: no photo step and no long lists. Every report goes through
`complaints.services.complaint_submit` after the intake guard the web form uses; answers to
staff, confirmations and ratings through the workflow's reporter services. `Engine.handle`
runs inside `services.inbound_process`'s transaction: what it writes (the report, the
conversation's new state, the answers in the outbox) commits or rolls back together.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from aduan.complaints.choices import Channel, ReportType, Status
from aduan.complaints.intake import intake_guard
from aduan.complaints.models import Complaint
from aduan.complaints.selectors import complaint_get_public, public_events_of
from aduan.complaints.services import (
    MAX_ATTACHMENTS,
    ReporterInput,
    ReportInput,
    attachment_check,
    complaint_submit,
)
from aduan.conversations.choices import DRAFT_STEPS, ChatChannel, InboundKind, Step
from aduan.conversations.models import Conversation
from aduan.core import ratelimit
from aduan.core.errors import DomainError, RateLimited
from aduan.core.http import site_url
from aduan.organisation.choices import RegionLevel
from aduan.organisation.clocks import local_date
from aduan.organisation.models import Region
from aduan.organisation.selectors import village_nearest
from aduan.workflow.services import complaint_confirm, complaint_rate, complaint_reporter_reply

MIN_DESCRIPTION = 15
TITLE_LENGTH = 80
# Reports filed in one conversation that `CEK` answers as the reporter's own.
MAX_OWN_REPORTS = 20
# What a conversation keeps across reports: the sender's name, their reports, and for email
# the Message-ID each report's answers thread under.
KEPT = ("name", "own", "threads")

CANCEL = {"BATAL", "CANCEL"}
HELP = {"BANTUAN", "HELP", "MENU", "?"}
ENGLISH = {"EN", "ENGLISH", "INGGRIS"}
INDONESIAN = {"ID", "INDONESIA", "BAHASA"}
CHECK = {"CEK", "CHECK", "STATUS"}
REPORT = {"LAPOR", "REPORT"}
SKIP = {"0", "LEWATI", "SKIP", "SELESAI", "DONE", "TIDAK ADA", "NONE"}
YES = {"1", "YA", "Y", "YES", "IYA", "OK", "KIRIM", "SEND"}
NO = {"2", "TIDAK", "TDK", "T", "NO", "N", "BELUM", "NOT YET"}

_TYPE_WORDS = {
    ReportType.COMPLAINT: {"1", "PENGADUAN", "ADUAN", "KELUHAN", "COMPLAINT"},
    ReportType.ASPIRATION: {"2", "ASPIRASI", "SARAN", "USUL", "SUGGESTION"},
    ReportType.INFO_REQUEST: {"3", "INFORMASI", "INFO", "PERMINTAAN INFORMASI", "INFORMATION"},
}
# The questions a shared location answers: its nearest desa is proposed there.
WHERE_STEPS = (Step.KECAMATAN, Step.DESA, Step.PLACE)
_PLACE_WORDS = re.compile(r"^(kecamatan|kec\.?|desa|kelurahan|kel\.?|ds\.?)\s+", re.IGNORECASE)
_TRACKING = re.compile(r"^([A-Z]{2,6})-?([0-9A-Z]{4})-?([0-9A-Z]{4})$")


def tracking_number_of(raw: str) -> str:
    """A tracking number as typed on a phone ("lwu 7k3m 9qxr", "LWU7K3M9QXR") in its stored
    form (LWU-7K3M-9QXR); the input cleaned up when it does not look like one."""
    value = re.sub(r"[\s.]", "", raw.strip().upper())
    match = _TRACKING.match(value)
    if match is None:
        return value
    prefix, first, second = match.groups()

    def fix(part: str) -> str:
        # Crockford's alphabet has no O, I or L: they were meant as 0, 1 and 1.
        return part.replace("O", "0").replace("I", "1").replace("L", "1")

    return f"{prefix}-{fix(first)}-{fix(second)}"


@dataclass(frozen=True)
class Incoming:
    """One message as the channel delivered it; `media` is a photo's bytes, fetched already."""

    kind: InboundKind
    text: str = ""
    media: bytes | None = None
    # Why the channel could not fetch the photo (for the log; the citizen gets a sentence).
    media_error: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    place: str = ""
    profile_name: str = ""
    # Email: the subject, the mail's Message-ID and the ids it answers (In-Reply-To and
    # References), and its attachments as stored files.
    subject: str = ""
    message_id: str = ""
    references: str = ""
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """One answer; `options` are (answer, label) pairs a channel may show as buttons or a
    list. The text always carries them too, numbered, for channels that show none."""

    text: str
    options: tuple[tuple[str, str], ...] = ()
    # Part of the text that is a secret (an access code): blanked in the outbox once sent.
    secret: str = ""


@dataclass
class Engine:
    conversation: Conversation
    now: datetime
    replies: list[Reply] = field(default_factory=list)
    # Reference rows read while working a batch of messages (the kecamatan and desa lists),
    # shared by the batch's engines so each list is read once per batch, not once a message.
    lookups: dict[Any, Any] = field(default_factory=dict)

    # ------------------------------------------------------------ plumbing

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.conversation.data
        return data

    @property
    def compact(self) -> bool:
        return self.conversation.channel == ChatChannel.SMS

    def say(
        self, text: str, options: tuple[tuple[str, str], ...] = (), *, secret: str = ""
    ) -> None:
        self.replies.append(Reply(text, options, secret))

    def handle(self, message: Incoming) -> list[Reply]:
        conversation = self.conversation
        with translation.override(conversation.language):
            self._handle(message)
        conversation.last_activity_at = self.now
        conversation.last_inbound_at = self.now
        return self.replies

    def _handle(self, message: Incoming) -> None:
        conversation = self.conversation
        if message.profile_name:
            self.data["name"] = message.profile_name[:120]
        if self._timed_out() or self.data.pop("expired", False):
            self.say(
                _(
                    "Your unfinished report was cancelled because there was no answer for a "
                    "long time. Nothing was sent."
                )
            )
            self._reset()
        if conversation.channel == ChatChannel.EMAIL:
            self._email(message)
            return
        text = message.text.strip()
        word = " ".join(text.upper().split())
        head, _sep, rest = word.partition(" ")
        if message.kind == InboundKind.TEXT:
            if word in ENGLISH or word in INDONESIAN:
                conversation.language = "en" if word in ENGLISH else "id"
                translation.activate(conversation.language)
                self.say(_("Now in English.") if word in ENGLISH else _("Now in Indonesian."))
                self._ask()
                return
            if word in CANCEL:
                self._reset()
                self.say(_("Cancelled. Nothing was sent. Write anything to start again."))
                return
            if word in HELP:
                self._help()
                self._ask()
                return
            if head in CHECK and rest:
                self._check(rest)
                return
            if head in REPORT and conversation.step == Step.IDLE:
                self._start(description=text.split(None, 1)[1] if rest else "")
                return
        handler = self._STEPS.get(conversation.step, Engine._idle)
        handler(self, message, text, word)

    def _timed_out(self) -> bool:
        step = self.conversation.step
        if step not in (*DRAFT_STEPS, Step.REOPEN, Step.RATE):
            return False
        timeout = timedelta(minutes=settings.ADUAN_CONVERSATION_TIMEOUT_MINUTES)
        return self.now - self.conversation.last_activity_at > timeout

    def _reset(self) -> None:
        """Drop the report being written (and its photos), back to nothing asked."""
        photos = list(self.data.get("photos", []))
        transaction.on_commit(lambda: delete_files(photos))
        stash = self.data.get("stash")
        kept = {k: self.data[k] for k in KEPT if k in self.data}
        if stash and self.conversation.step not in DRAFT_STEPS:
            self.conversation.step = stash["step"]
            self.conversation.data = {**stash["data"], **kept}
            return
        self.conversation.step = Step.IDLE
        self.conversation.data = kept

    def _help(self) -> None:
        if self.compact:
            self.say(
                _(
                    "LAPOR <what happened> to report. CEK <number> for a report's status. "
                    "BATAL to cancel. EN for English."
                )
            )
            return
        self.say(
            _(
                "This is the complaint service of %(instansi)s.\n"
                "- Write anything to start a report (complaint, suggestion or information "
                "request).\n"
                "- CEK <tracking number>: the status of a report.\n"
                "- BATAL: cancel the report you are writing.\n"
                "- EN / ID: English / Indonesian."
            )
            % {"instansi": self.conversation.instansi.name}
        )

    # ------------------------------------------------------------ the questions

    def _ask(self) -> None:
        """Ask the question of the current step (again)."""
        step = self.conversation.step
        if step == Step.IDLE:
            self.say(_("Write anything to start a report, or CEK <number> for its status."))
        elif step == Step.TYPE:
            self._choices(
                _("What do you want to send?"),
                [("1", _("Complaint")), ("2", _("Suggestion")), ("3", _("Information request"))],
            )
        elif step == Step.WHAT:
            kind = self.data.get("type")
            if kind == ReportType.INFO_REQUEST:
                self.say(_("Which information do you request?"))
            elif kind == ReportType.ASPIRATION:
                self.say(_("Write your suggestion."))
            else:
                self.say(_("What happened? Write what, where and when. Do not write your NIK."))
        elif step == Step.KECAMATAN:
            if self.data.get("latitude") and not self.data.get("place_asked"):
                self._place_propose()  # a location shared before this question
            else:
                self._ask_region(None)
        elif step == Step.DESA:
            self._ask_region(self.data.get("kecamatan"))
        elif step == Step.PLACE:
            self._place_ask()
        elif step == Step.PHOTOS:
            self.say(
                _(
                    "Send photos if you have any (at most %(n)s). Write SELESAI when done, "
                    "or 0 if there are none."
                )
                % {"n": MAX_ATTACHMENTS},
                (("0", _("No photos")),),
            )
        elif step == Step.ANONYMOUS:
            self._choices(
                _(
                    "Hide your identity (anonim)? Anonim: only the coordinator sees your name and "
                    "number, not the office handling the report and not the public."
                ),
                [("1", _("Yes, anonim")), ("2", _("No"))],
            )
        elif step == Step.CONFIDENTIAL:
            self._choices(
                _(
                    "Keep the report's content confidential (rahasia)? Rahasia: the content is not "
                    "shown on the public pages, and the report is still handled."
                ),
                [("1", _("Yes, rahasia")), ("2", _("No"))],
            )
        elif step == Step.CONFIRM:
            self._summary()
        elif step == Step.ANSWER:
            self.say(
                _("Write your answer to the question about report %(number)s.")
                % {"number": self._complaint_number()}
            )
        elif step == Step.RESOLVED:
            self._choices(
                _("Report %(number)s was resolved. Is your problem solved?")
                % {"number": self._complaint_number()},
                [("1", _("Yes, solved")), ("2", _("Not yet"))],
            )
        elif step == Step.REOPEN:
            self.say(_("What is not solved yet? Write it briefly."))
        elif step == Step.RATE:
            self._choices(
                _(
                    "Rate how report %(number)s was handled, from 1 (bad) to 5 (very good). "
                    "Write 0 to skip."
                )
                % {"number": self._complaint_number()},
                [(str(n), str(n)) for n in range(1, 6)],
            )

    def _choices(self, question: str, options: list[tuple[str, str]]) -> None:
        lines = [question, *(f"{answer}. {label}" for answer, label in options)]
        self.say("\n".join(lines), tuple(options))

    def _complaint_number(self) -> str:
        complaint = self.conversation.complaint
        return complaint.tracking_number if complaint is not None else ""

    # ------------------------------------------------------------ the steps

    def _idle(self, message: Incoming, text: str, word: str) -> None:
        if message.kind == InboundKind.STATUS or message.kind == InboundKind.OTHER:
            self.say(_("Only text, photos and locations can be read here."))
            return
        self._start(description="")
        if message.kind == InboundKind.IMAGE:
            self._keep_photo(message)
        elif message.kind == InboundKind.LOCATION and self._keep_location(message):
            self.say(_("Location saved."))

    def _start(self, *, description: str) -> None:
        self.conversation.data = {k: self.data[k] for k in KEPT if k in self.data}
        self.conversation.started_at = self.now
        if description and len(description) >= MIN_DESCRIPTION:
            self.data.update(type=ReportType.COMPLAINT, description=description)
            self.conversation.step = Step.KECAMATAN
        elif description:
            self.data["type"] = ReportType.COMPLAINT
            self.conversation.step = Step.WHAT
        else:
            self.conversation.step = Step.TYPE
            if not self.compact:
                self.say(
                    _(
                        "Welcome to the complaint service of %(instansi)s. Write BANTUAN for "
                        "help, EN for English."
                    )
                    % {"instansi": self.conversation.instansi.name}
                )
        self._ask()

    def _draft_extra(self, message: Incoming) -> bool:
        """A photo or a location sent while another question is open: kept for the report.
        True when the message was one."""
        if message.kind == InboundKind.IMAGE:
            self._keep_photo(message)
            self._ask()
            return True
        if message.kind == InboundKind.LOCATION:
            if not self._keep_location(message):
                self._ask()
            elif self.conversation.step in WHERE_STEPS:
                self._place_propose()
            else:
                # Kept for the report; at the "where" step its desa is proposed.
                self.say(_("Location saved."))
                self._ask()
            return True
        if message.kind != InboundKind.TEXT:
            self.say(_("Only text, photos and locations can be read here."))
            self._ask()
            return True
        return False

    def _not_now(self, message: Incoming) -> bool:
        """Outside a report being written, a photo or location cannot be used."""
        if message.kind == InboundKind.TEXT:
            return False
        self.say(_("A photo or location cannot be used here; please answer with text."))
        self._ask()
        return True

    def _type(self, message: Incoming, text: str, word: str) -> None:
        if self._draft_extra(message):
            return
        for kind, words in _TYPE_WORDS.items():
            if word in words:
                self.data["type"] = kind
                self.conversation.step = Step.WHAT
                self._ask()
                return
        self.say(_("Please answer with 1, 2 or 3."))
        self._ask()

    def _what(self, message: Incoming, text: str, word: str) -> None:
        if self._draft_extra(message):
            return
        if len(text) < MIN_DESCRIPTION:
            self.say(
                _("That is too short. Please tell a little more (at least %(n)s characters).")
                % {"n": MIN_DESCRIPTION}
            )
            return
        self.data["description"] = text[:10_000]
        self.conversation.step = Step.KECAMATAN
        self._ask()

    # -- where

    def _regions(self, parent_id: int | None) -> list[Region]:
        if parent_id is None:
            key = ("districts", self.conversation.instansi.region_id)
            found = Region.objects.filter(parent_id=key[1], level=RegionLevel.DISTRICT)
        else:
            key = ("villages", parent_id)
            found = Region.objects.filter(parent_id=parent_id, level=RegionLevel.VILLAGE)
        if key not in self.lookups:
            self.lookups[key] = list(found.only("id", "name").order_by("name"))
        regions: list[Region] = self.lookups[key]
        return regions

    def _ask_region(self, parent_id: int | None, candidates: list[Region] | None = None) -> None:
        if parent_id is None:
            question = (
                _("In which kecamatan did it happen?")
                if self.data.get("type") == ReportType.COMPLAINT
                else _("In which kecamatan do you live?")
            )
        else:
            question = _("Which desa or kelurahan?")
        regions = candidates if candidates is not None else self._regions(parent_id)
        self.data["choices"] = [r.pk for r in regions]
        if candidates is not None:
            question = _("Did you mean one of these?")
        hint = _("Write its number or its name; 0 to skip.")
        if self.compact and candidates is None and parent_id is None:
            self.say(_("%(question)s Write its name; 0 to skip.") % {"question": question})
            return
        lines = [question, hint, *(f"{i}. {r.name}" for i, r in enumerate(regions, start=1))]
        options = tuple((str(i), r.name[:24]) for i, r in enumerate(regions, start=1))
        self.say("\n".join(lines), options if len(options) <= 10 else ())

    def _match_region(self, text: str, regions: list[Region]) -> list[Region]:
        wanted = _PLACE_WORDS.sub("", text.strip()).lower()
        if not wanted:
            return []
        exact = [r for r in regions if r.name.lower() == wanted]
        if exact:
            return exact
        partial = [r for r in regions if wanted in r.name.lower()]
        if partial:
            return partial
        names = {r.name.lower(): r for r in regions}
        return [names[n] for n in difflib.get_close_matches(wanted, names, n=5, cutoff=0.75)]

    def _where(self, message: Incoming, text: str, word: str) -> None:
        if self._draft_extra(message):
            return
        desa_step = self.conversation.step == Step.DESA
        parent_id = self.data.get("kecamatan") if desa_step else None
        if word in SKIP:
            self._after_where()
            return
        offered = self.data.get("choices", [])
        chosen: Region | None = None
        if word.isdigit() and 1 <= int(word) <= len(offered):
            chosen = Region.objects.filter(pk=offered[int(word) - 1]).first()
        else:
            found = self._match_region(text, self._regions(parent_id))
            if len(found) == 1:
                chosen = found[0]
            elif found:
                self._ask_region(parent_id, found[:9])
                return
        if chosen is None:
            self.say(_("That place was not found."))
            self._ask_region(parent_id)
            return
        if desa_step:
            self.data["region"] = chosen.pk
            self._after_where()
            return
        self.data["kecamatan"] = self.data["region"] = chosen.pk
        self.conversation.step = Step.DESA
        self._ask()

    def _after_where(self) -> None:
        self.data.pop("choices", None)
        self.data.pop("proposed", None)
        self.conversation.step = Step.ANONYMOUS if self.compact else Step.PHOTOS
        self._ask()

    def _keep_location(self, message: Incoming) -> bool:
        """Keep a shared point (and its name as the address) for the report's map point.
        False when the message carried no usable point."""
        if message.latitude is None or message.longitude is None:
            return False
        self.data["latitude"] = str(message.latitude)
        self.data["longitude"] = str(message.longitude)
        if message.place:
            self.data["address"] = message.place[:255]
        return True

    def _place_propose(self) -> None:
        """At the "where" step, with a point kept: propose the desa whose centroid is nearest
        (at most ADUAN_LOCATION_MAX_KM away), to be confirmed; otherwise the lists."""
        self.data["place_asked"] = True
        self.data.pop("proposed", None)
        regency_id = self.conversation.instansi.region_id
        found = None
        if regency_id is not None:
            point = (float(self.data["latitude"]), float(self.data["longitude"]))
            found = village_nearest(regency_id=regency_id, latitude=point[0], longitude=point[1])
        if found is not None and found[1] <= settings.ADUAN_LOCATION_MAX_KM:
            self.data["proposed"] = found[0].pk
            self.conversation.step = Step.PLACE
        else:
            if found is None:  # no centroids for this regency: the point is only kept
                self.say(_("Location saved."))
            else:
                region = self.conversation.instansi.region
                self.say(
                    _(
                        "Thank you. The location you shared is outside %(area)s, so please "
                        "choose the place from the list; the location is kept with the report."
                    )
                    % {"area": region.name if region is not None else ""}
                )
            self.conversation.step = Step.KECAMATAN
        self._ask()

    def _place_ask(self) -> None:
        village = (
            Region.objects.filter(pk=self.data.get("proposed", 0)).select_related("parent").first()
        )
        if village is None or village.parent is None:  # the region list changed meanwhile
            self.conversation.step = Step.KECAMATAN
            self._ask_region(None)
            return
        # Kemendagri numbering: village serials 1xxx are kelurahan, 2xxx desa.
        kind = "Kelurahan" if village.code.rsplit(".", 1)[-1].startswith("1") else "Desa"
        self._choices(
            _("Your location: %(village)s, Kecamatan %(district)s. Is that right?")
            % {"village": f"{kind} {village.name}", "district": village.parent.name},
            [("1", pgettext("location", "Yes")), ("2", pgettext("location", "No"))],
        )

    def _place(self, message: Incoming, text: str, word: str) -> None:
        answer = self._yes_no(message, word)
        if answer is None:
            return
        village = Region.objects.filter(pk=self.data.get("proposed", 0)).first()
        if answer and village is not None:
            self.data["region"] = village.pk
            self.data["kecamatan"] = village.parent_id
            self._after_where()
            return
        self.data.pop("proposed", None)
        self.conversation.step = Step.KECAMATAN
        self._ask_region(None)

    # -- photos

    def _keep_photo(self, message: Incoming) -> None:
        photos: list[str] = self.data.setdefault("photos", [])
        if message.media is None:
            self.say(_("This photo could not be received. Please send it again."))
            return
        if len(photos) >= MAX_ATTACHMENTS:
            self.say(_("At most %(n)s photos can be attached.") % {"n": MAX_ATTACHMENTS})
            return
        upload = ContentFile(message.media, name="photo")
        try:
            attachment_check(upload)
        except DomainError as error:
            self.say(str(error))
            return
        name = default_storage.save(
            f"conversations/{self.conversation.pk}/photo", ContentFile(message.media)
        )
        photos.append(name)
        self.say(_("Photo %(n)s received.") % {"n": len(photos)})

    def _photos(self, message: Incoming, text: str, word: str) -> None:
        if message.kind == InboundKind.IMAGE:
            self._keep_photo(message)
            if len(self.data.get("photos", [])) >= MAX_ATTACHMENTS:
                self.conversation.step = Step.ANONYMOUS
                self._ask()
            else:
                self.say(_("Send another one, or write SELESAI."), (("0", _("Done")),))
            return
        if self._draft_extra(message):
            return
        if word in SKIP:
            self.conversation.step = Step.ANONYMOUS
            self._ask()
            return
        self.say(_("Please send a photo, or write SELESAI."))

    # -- anonim, rahasia, confirm

    def _yes_no(self, message: Incoming, word: str) -> bool | None:
        if self._draft_extra(message):
            return None
        if word in YES:
            return True
        if word in NO:
            return False
        self.say(_("Please answer with 1 (yes) or 2 (no)."))
        self._ask()
        return None

    def _anonymous(self, message: Incoming, text: str, word: str) -> None:
        answer = self._yes_no(message, word)
        if answer is None:
            return
        self.data["anonymous"] = answer
        self.conversation.step = Step.CONFIDENTIAL
        self._ask()

    def _confidential(self, message: Incoming, text: str, word: str) -> None:
        answer = self._yes_no(message, word)
        if answer is None:
            return
        self.data["confidential"] = answer
        self.conversation.step = Step.CONFIRM
        self._ask()

    def _summary(self) -> None:
        data = self.data
        region = None
        if data.get("region"):
            region = Region.objects.filter(pk=data["region"]).select_related("parent").first()
        where = "-"
        if region is not None:
            where = region.name
            if region.level == RegionLevel.VILLAGE and region.parent is not None:
                where = f"{region.name}, {region.parent.name}"
        yes, no = _("yes"), _("no")
        description = data.get("description", "")
        lines = [
            _("Please check your report:"),
            _("Type: %(type)s") % {"type": ReportType(data["type"]).label},
            _("What: %(text)s") % {"text": _shorten(description, 60 if self.compact else 300)},
            _("Where: %(place)s") % {"place": where},
        ]
        if not self.compact:
            lines.append(_("Photos: %(n)s") % {"n": len(data.get("photos", []))})
        lines += [
            _("Anonim: %(answer)s") % {"answer": yes if data.get("anonymous") else no},
            _("Rahasia: %(answer)s") % {"answer": yes if data.get("confidential") else no},
        ]
        self._choices("\n".join(lines), [("1", _("Send")), ("2", _("Cancel"))])

    def _confirm(self, message: Incoming, text: str, word: str) -> None:
        answer = self._yes_no(message, word)
        if answer is None:
            return
        if not answer:
            self._reset()
            self.say(_("Cancelled. Nothing was sent. Write anything to start again."))
            return
        self._file()

    def _file(self) -> None:
        conversation, data = self.conversation, self.data
        channel = Channel(conversation.channel)
        phone = conversation.address if channel != Channel.EMAIL else ""
        description = data["description"]
        report = ReportInput(
            type=ReportType(data["type"]),
            title=data.get("title") or _title_of(description),
            description=description,
            channel=channel,
            region=Region.objects.filter(pk=data["region"]).first() if data.get("region") else None,
            address=data.get("address", ""),
            latitude=Decimal(data["latitude"]) if data.get("latitude") else None,
            longitude=Decimal(data["longitude"]) if data.get("longitude") else None,
            is_anonymous=bool(data.get("anonymous")),
            is_confidential=bool(data.get("confidential")),
            reporter=ReporterInput(
                name=data.get("name", ""),
                phone=phone,
                email=conversation.address if channel == Channel.EMAIL else "",
            ),
        )
        photos = [default_storage.open(name, "rb") for name in data.get("photos", [])]
        try:
            # The web form's guard: the same daily limit per phone number (per address for
            # email, which has none).
            intake_guard(ip="", phone=phone, honeypot="")
            if channel == Channel.EMAIL and not ratelimit.hit(
                "intake-email",
                conversation.address,
                limit=settings.ADUAN_INTAKE_PER_PHONE_PER_DAY,
                window_seconds=24 * 60 * 60,
            ):
                raise RateLimited(
                    _(
                        "Too many reports were sent from this address today. Please try again "
                        "tomorrow, or call the complaint desk."
                    ),
                    code="rate_limited_email",
                )
            with transaction.atomic():
                submitted = complaint_submit(
                    instansi=conversation.instansi, data=report, attachments=photos
                )
        except DomainError as error:
            self.say(str(error))
            return
        finally:
            for photo in photos:
                photo.close()
        complaint = submitted.complaint
        self._reset()
        own: list[int] = self.data.setdefault("own", [])
        own.append(complaint.pk)
        del own[:-MAX_OWN_REPORTS]
        conversation.complaint = complaint
        if data.get("message_id"):
            threads: dict[str, str] = self.data.setdefault("threads", {})
            threads[str(complaint.pk)] = data["message_id"]
            for stale in list(threads)[:-MAX_OWN_REPORTS]:
                del threads[stale]
        link = _track_url(complaint.tracking_number)
        self.say(
            _(
                "Thank you, your report was received.\nTracking number: %(number)s\n"
                "Access code: %(code)s (keep it secret)\nFollow it on %(link)s or write "
                "CEK %(number)s."
            )
            % {"number": complaint.tracking_number, "code": submitted.access_code, "link": link},
            secret=submitted.access_code,
        )

    # -- the reporter's side of the lifecycle

    def _answer(self, message: Incoming, text: str, word: str) -> None:
        if self._not_now(message):
            return
        complaint = self.conversation.complaint
        if complaint is None or not text:
            self._reset()
            self._ask()
            return
        try:
            complaint_reporter_reply(complaint=complaint, text=text)
        except DomainError as error:
            self.say(str(error))
            self._reset()
            return
        self.say(
            _("Thank you. Your answer was passed on; report %(number)s goes on.")
            % {"number": complaint.tracking_number}
        )
        self._reset()
        if self.conversation.step != Step.IDLE:
            self._ask()

    def _resolved(self, message: Incoming, text: str, word: str) -> None:
        if self._not_now(message):
            return
        complaint = self.conversation.complaint
        assert complaint is not None
        if word in YES:
            try:
                complaint_confirm(complaint=complaint)
            except DomainError as error:
                self.say(str(error))
                self._reset()
                return
            self.say(
                _("Thank you, report %(number)s is closed.") % {"number": complaint.tracking_number}
            )
            self.conversation.step = Step.RATE
            self._ask()
        elif word in NO:
            self.conversation.step = Step.REOPEN
            self._ask()
        else:
            self.say(_("Please answer with 1 (yes) or 2 (no)."))
            self._ask()

    def _reopen(self, message: Incoming, text: str, word: str) -> None:
        if self._not_now(message):
            return
        complaint = self.conversation.complaint
        assert complaint is not None
        if len(text) < 3:
            self._ask()
            return
        try:
            complaint_reporter_reply(complaint=complaint, text=text)
        except DomainError as error:
            self.say(str(error))
        else:
            self.say(
                _("Report %(number)s was re-opened and goes back to the office.")
                % {"number": complaint.tracking_number}
            )
        self._reset()

    def _rate(self, message: Incoming, text: str, word: str) -> None:
        if self._not_now(message):
            return
        complaint = self.conversation.complaint
        assert complaint is not None
        if word in SKIP:
            self._reset()
            self.say(_("All right."))
            return
        if not (word.isdigit() and 1 <= int(word) <= 5):
            self.say(_("Please answer with a number from 1 to 5."))
            self._ask()
            return
        try:
            complaint_rate(complaint=complaint, stars=int(word))
        except DomainError as error:
            self.say(str(error))
        else:
            self.say(_("Thank you for your rating."))
        self._reset()

    # -- email

    def _email(self, message: Incoming) -> None:
        """A mail is a whole report at once (subject: title, body: story, attachments), or,
        when its subject or headers carry the number of the sender's own report, their reply
        to it."""
        text = message.text.strip()
        numbers = _TRACKING_IN_TEXT.findall(f"{message.subject} {message.references}".upper())
        own = None
        for found in numbers:
            own = (
                Complaint.objects.filter(
                    tracking_number=tracking_number_of(found),
                    reporter__email=self.conversation.address,
                )
                .select_related("instansi")
                .first()
            )
            if own is not None:
                break
        if own is not None:
            self.conversation.complaint = own
            delete_after = list(message.files)
            transaction.on_commit(lambda: delete_files(delete_after))
            try:
                complaint_reporter_reply(complaint=own, text=_reply_text(text))
            except DomainError as error:
                self.say(str(error))
                return
            self.say(
                _("Your reply was added to report %(number)s.") % {"number": own.tracking_number}
            )
            return
        self.conversation.data = {
            **{k: self.data[k] for k in KEPT if k in self.data},
            "type": ReportType.COMPLAINT,
            "title": _shorten(message.subject, TITLE_LENGTH) if message.subject.strip() else "",
            "description": text[:10_000],
            "photos": list(message.files),
            "message_id": message.message_id,
        }
        if len(text) < MIN_DESCRIPTION:
            self._reset()
            self.say(
                _(
                    "Please describe what happened in the body of your mail: what, where "
                    "and when. Do not write your NIK."
                )
            )
            return
        self._file()
        if "description" in self.data:  # refused: nothing is kept for a later mail
            self._reset()

    # -- CEK

    def _check(self, raw: str) -> None:
        number = tracking_number_of(raw)
        own_ids = self.data.get("own", [])
        complaint = (
            Complaint.objects.filter(pk__in=own_ids, tracking_number=number)
            .select_related("instansi")
            .first()
        )
        if complaint is None:
            try:
                complaint = complaint_get_public(tracking_number=number)
            except Http404:
                self.say(_("Report %(number)s was not found.") % {"number": number})
                self._ask_again_if_busy()
                return
        events = public_events_of(complaint)
        parts = [
            _("Report %(number)s: %(status)s.")
            % {"number": complaint.tracking_number, "status": Status(complaint.status).label}
        ]
        last = next((e for e in reversed(events) if e.note), None)
        if last is not None:
            day = local_date(complaint.instansi, last.created_at)
            parts.append(
                _("Latest (%(date)s): %(note)s")
                % {
                    "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
                    "note": _shorten(last.note, 80 if self.compact else 500),
                }
            )
        self.say("\n".join(parts))
        self._ask_again_if_busy()

    def _ask_again_if_busy(self) -> None:
        if self.conversation.step != Step.IDLE:
            self._ask()

    _STEPS: ClassVar[dict[str, Callable[[Engine, Incoming, str, str], None]]] = {}


Engine._STEPS = {
    Step.IDLE: Engine._idle,
    Step.TYPE: Engine._type,
    Step.WHAT: Engine._what,
    Step.KECAMATAN: Engine._where,
    Step.DESA: Engine._where,
    Step.PLACE: Engine._place,
    Step.PHOTOS: Engine._photos,
    Step.ANONYMOUS: Engine._anonymous,
    Step.CONFIDENTIAL: Engine._confidential,
    Step.CONFIRM: Engine._confirm,
    Step.ANSWER: Engine._answer,
    Step.RESOLVED: Engine._resolved,
    Step.REOPEN: Engine._reopen,
    Step.RATE: Engine._rate,
}


_TRACKING_IN_TEXT = re.compile(r"\b[A-Z]{2,6}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")
# Where a reply starts quoting the mail it answers ("On … wrote:", "Pada … menulis:", "> ").
_QUOTE_START = re.compile(
    r"^(>|On .+ wrote:|Pada .+ menulis:|-----Original Message-----)", re.MULTILINE
)


def _reply_text(text: str) -> str:
    """The new part of a reply mail, without the quoted earlier messages."""
    match = _QUOTE_START.search(text)
    new = text[: match.start()].strip() if match else text
    return (new or text)[:5000]


def delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _title_of(description: str) -> str:
    """A title for a report told in one message: its first sentence, shortened."""
    first = re.split(r"(?<=[.!?])\s|\n", description.strip(), maxsplit=1)[0]
    return _shorten(first.rstrip(".!?"), TITLE_LENGTH)


def _track_url(number: str) -> str:
    return site_url(reverse("workflow:track", args=[number]))
