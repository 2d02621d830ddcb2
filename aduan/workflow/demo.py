"""Demo data for `aduan seed_demo` (and so for `make run`): staff of every role in Kabupaten
Luwu and a few hundred reports in every state.

Every report lives its history through the real services, each step under
`clock.pinned(t)` with t advancing over the last six months, so the event log, the hash
chains and the clocks are the ones the system itself would have written. The plan (topics,
people, delays) comes from `random.Random(seed)`, so a seed always tells the same stories;
only tracking numbers, access codes and passwords are fresh secrets.

The words are in `demo_texts.py`.
"""

from __future__ import annotations

import os
import random
import secrets
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import STAFF_CHANNELS, ArchiveReason, Channel, ReportType, Status
from aduan.complaints.models import Complaint
from aduan.complaints.services import ReporterInput, ReportInput, complaint_submit
from aduan.core import clock
from aduan.organisation.choices import RegionLevel, UnitKind
from aduan.organisation.clocks import local_date
from aduan.organisation.models import Category, Instansi, Membership, Region, Unit
from aduan.organisation.reference import luwu_load
from aduan.organisation.regions import regions_load
from aduan.organisation.selectors import calendar_for
from aduan.workflow import demo_texts as texts
from aduan.workflow import services as wf

DEMO_SEED = 2025
HISTORY_DAYS = 182
CREDENTIALS_FILE = "demo-credentials.txt"

# ---------------------------------------------------------------- the staff


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    role: Role | None  # None: a citizen with an account
    unit: str | None = None  # unit code; None for a role over the whole instansi
    instansi: str = "luwu"
    superuser: bool = False


_LIAISON_UNITS = (
    "pupr",
    "dishub",
    "dinkes",
    "pkm-belopa",
    "rsud-batara-guru",
    "disdikbud",
    "dukcapil",
    "dinsos",
    "perkim",
    "dpmptsp",
    "dlh",
    "satpolpp",
    "dpmd",
    "inspektorat",
    "kec-belopa",
    "kec-bua",
    "kec-walenrang",
    "kec-larompong",
    "kec-suli",
)

STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("koordinator1", "Andi", "Nurhikmah", Role.COORDINATOR, "diskominfo"),
    StaffSpec("koordinator2", "Muh. Fadli", "Syam", Role.COORDINATOR, "diskominfo"),
    StaffSpec("operator1", "Sri", "Rahayu", Role.OPERATOR, "diskominfo"),
    StaffSpec("operator2", "Ikhsan", "Maulana", Role.OPERATOR, "dpmptsp"),
    *(StaffSpec(f"penghubung.{u}", "Penghubung", "", Role.LIAISON, u) for u in _LIAISON_UNITS),
    StaffSpec("bupati", "Bupati", "Luwu (demo)", Role.LEADER),
    StaffSpec("kadis.pupr", "Kepala", "Dinas PUPR (demo)", Role.LEADER, "pupr"),
    StaffSpec("inspektur", "Inspektur", "Daerah (demo)", Role.AUDITOR),
    StaffSpec("sysadmin", "Admin", "Sistem", Role.SYSADMIN, superuser=True),
    StaffSpec("warga", "Siti", "Rahmawati", None),
    StaffSpec(
        "koordinator.lutra", "Koordinator", "Luwu Utara", Role.COORDINATOR, "diskominfo",
        instansi="luwu-utara",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    scope: str


@dataclass(frozen=True)
class DemoResult:
    new_logins: list[Login]  # accounts created by this run, with their only plain password
    reports_created: int  # 0 when the demo reports were already there
    by_status: dict[str, int]
    credentials_path: Path


def _new_password() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing to misread
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def _hash_all(passwords: Sequence[str]) -> list[str]:
    # PBKDF2 at Django's default cost takes about 0.5 s per password; hashlib releases the
    # GIL, so threads hash them side by side and `make run` waits less.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(make_password, passwords))


def _luwu_utara() -> Instansi:
    """A second, small government of the deployment: where misaddressed reports go."""
    regions_load(prefix="73.22")
    regency = Region.objects.get(code="73.22")
    instansi, _ = Instansi.objects.get_or_create(
        code="luwu-utara",
        defaults={
            "name": "Pemerintah Kabupaten Luwu Utara",
            "tracking_prefix": "LTR",
            "time_zone": "Asia/Makassar",
            "region": regency,
        },
    )
    Unit.objects.get_or_create(
        instansi=instansi,
        code="diskominfo",
        defaults={
            "name": "Dinas Komunikasi dan Informatika",
            "short_name": "Diskominfo Luwu Utara",
            "kind": UnitKind.OPD,
            "region": regency,
        },
    )
    return instansi


def _staff_create(instansi_by_code: dict[str, Instansi]) -> tuple[list[Login], dict[str, User]]:
    """Create the demo accounts that do not exist yet; never touch an existing password."""
    existing = {
        u.username: u for u in User.objects.filter(username__in=[s.username for s in STAFF])
    }
    missing = [s for s in STAFF if s.username not in existing]
    passwords = [_new_password() for _ in missing]
    logins = []
    for spec, password, hashed in zip(missing, passwords, _hash_all(passwords), strict=True):
        instansi = instansi_by_code[spec.instansi]
        unit = Unit.objects.get(instansi=instansi, code=spec.unit) if spec.unit else None
        user = User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name or str(unit),
            email=f"{spec.username}@luwukab.example",
            password=hashed,
            is_staff=spec.superuser,
            is_superuser=spec.superuser,
        )
        user.save(force_insert=True)
        existing[spec.username] = user
        role = str(spec.role.label) if spec.role else "Warga (pelapor)"
        logins.append(Login(spec.username, password, role, str(unit or instansi)))
    for spec in STAFF:
        if spec.role is None:
            continue
        instansi = instansi_by_code[spec.instansi]
        unit = Unit.objects.get(instansi=instansi, code=spec.unit) if spec.unit else None
        Membership.objects.get_or_create(
            user=existing[spec.username], role=spec.role, instansi=instansi, unit=unit
        )
    return logins, existing


def credentials_text(logins: Sequence[Login], url: str) -> str:
    width = max(len(login.username) for login in logins)
    lines = [
        f"aduan demo logins for {url}  (Django admin: {url.rstrip('/')}/admin/, as sysadmin)",
        "",
    ]
    lines += [
        f"  {login.username:<{width}}  {login.password}  {login.role} · {login.scope}"
        for login in logins
    ]
    return "\n".join(lines) + "\n"


def _write_credentials(path: Path, logins: Sequence[Login], url: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Readable by the owner only, from the first byte on.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(credentials_text(logins, url))
    path.chmod(0o600)


# ---------------------------------------------------------------- the stories


@dataclass
class _Step:
    delay: timedelta
    office_hours: bool  # staff act in office hours; citizens write at any waking hour
    action: Callable[[], object]
    at: datetime | None = None


@dataclass
class _Place:
    district: Region
    village: Region
    dusun: str

    def words(self, rng: random.Random) -> dict[str, str]:
        return {
            "desa": self.village.name,
            "kec": self.district.name,
            "dusun": self.dusun,
            "months": str(rng.randint(2, 7)),
        }


@dataclass
class _Cast:
    luwu: Instansi
    luwu_utara: Instansi
    coordinators: list[User]
    operators: list[User]
    liaisons: dict[str, User]  # unit code → liaison
    citizen: User
    units: dict[str, Unit]
    categories: dict[str, Category]
    districts: list[tuple[Region, list[Region]]]  # Luwu's kecamatan and their desa
    lutra_villages: list[Region]


@dataclass
class _Story:
    """One report's life: steps at increasing times, each a call to a real service."""

    cast: _Cast
    rng: random.Random
    steps: list[_Step] = field(default_factory=list)
    complaint: Complaint | None = None
    duplicate: Complaint | None = None

    # -- timeline

    def add(self, hours: tuple[float, float], action: Callable[[], object], *, staff: bool) -> None:
        delay = timedelta(hours=self.rng.uniform(*hours)) if self.steps else timedelta(0)
        self.steps.append(_Step(delay, staff, action))

    def schedule(self, start: datetime) -> datetime:
        """Give every step its moment from `start`; returns the last one."""
        at = start
        for step in self.steps:
            at += step.delay
            if step.office_hours:
                at = _office_moment(self.cast.luwu, at)
            else:
                at = _waking_moment(self.cast.luwu, at)
            step.at = at
        return at

    @property
    def c(self) -> Complaint:
        assert self.complaint is not None, "the report is filed by the first step"
        return self.complaint


def _office_moment(instansi: Instansi, at: datetime) -> datetime:
    """The first moment at or after `at` inside office hours (08-16 WITA, working days)."""
    tz = ZoneInfo(instansi.time_zone)
    local = at.astimezone(tz)
    if local.hour >= 16:
        local = (local + timedelta(days=1)).replace(hour=8)
    elif local.hour < 8:
        local = local.replace(hour=8)
    calendar = calendar_for(instansi)
    while not calendar.is_working_day(local.date()):
        local += timedelta(days=1)
    return local


def _waking_moment(instansi: Instansi, at: datetime) -> datetime:
    """Citizens write at any hour, but not between midnight and six."""
    local = at.astimezone(ZoneInfo(instansi.time_zone))
    return local.replace(hour=6) if local.hour < 6 else local


_CHANNELS = (
    (Channel.WEB, 30),
    (Channel.WHATSAPP, 22),
    (Channel.SMS, 6),
    (Channel.EMAIL, 3),
    (Channel.LAPOR, 3),
    (Channel.LETTER, 8),
    (Channel.PHONE, 8),
    (Channel.WALK_IN, 10),
    (Channel.COMPLAINT_BOX, 3),
    (Channel.OUTREACH, 3),
    (Channel.SOCIAL_MEDIA, 4),
)

# How often each end state is told; the first stories take each state once, so even a
# handful of reports shows them all.
_TARGETS = (
    (Status.CLOSED, 34),
    (Status.IN_PROGRESS, 14),
    (Status.RESOLVED, 9),
    (Status.DISPATCHED, 8),
    (Status.SUBMITTED, 8),
    (Status.ON_HOLD, 6),
    (Status.FORWARDED, 4),
    (Status.ARCHIVED, 5),
)


class _Planner:
    def __init__(self, cast: _Cast, rng: random.Random, now: datetime) -> None:
        self.cast = cast
        self.rng = rng
        self.now = now

    # -- people and places

    def place(self, topic: texts.Topic | None = None) -> _Place:
        districts = self.cast.districts
        if topic is not None and topic.districts:
            districts = [d for d in districts if d[0].name in topic.districts]
        district, villages = self.rng.choice(districts)
        return _Place(district, self.rng.choice(villages), self.rng.choice(texts.DUSUN))

    def reporter(self, place: _Place, *, user: User | None = None) -> ReporterInput:
        rng = self.rng
        female = rng.random() < 0.5
        name = rng.choice(texts.FEMALE_NAMES if female else texts.MALE_NAMES)
        if user is not None:
            name = user.get_full_name()
        gesi = rng.random() < 0.45
        nik = ""
        if rng.random() < 0.3:
            day = rng.randint(1, 28) + (40 if female else 0)
            district_code = place.district.code.replace(".", "")  # 731707
            nik = (
                f"{district_code}{day:02d}{rng.randint(1, 12):02d}{rng.randint(50, 99):02d}"
                f"{rng.randint(1, 999):04d}"
            )
        return ReporterInput(
            name=name,
            nik=nik,
            phone=f"08{rng.choice('1258')}{rng.randint(1, 9)}0000{rng.randint(1000, 9999)}"
            if rng.random() < 0.85
            else "",
            email=f"{name.split()[-1].lower()}{rng.randint(10, 99)}@example.com"
            if rng.random() < 0.15
            else "",
            address=f"{place.dusun}, Desa {place.village.name}, Kec. {place.district.name}"
            if rng.random() < 0.5
            else "",
            gender=("female" if female else "male") if gesi else "",
            age_group=rng.choice(["18_29", "30_44", "45_59", "60_plus"]) if gesi else "",
            has_disability=(rng.random() < 0.12) if gesi else None,
            vulnerable_group=rng.choice(texts.VULNERABLE_GROUPS)
            if gesi and rng.random() < 0.2
            else "",
            user=user,
        )

    def channel(self) -> Channel:
        return self.rng.choices([c for c, _ in _CHANNELS], [w for _, w in _CHANNELS])[0]

    def window(self, days_ago: float, until_days_ago: float) -> tuple[datetime, datetime]:
        return self.now - timedelta(days=days_ago), self.now - timedelta(days=until_days_ago)

    # -- one story

    def story(self, index: int, target: Status) -> tuple[_Story, tuple[datetime, datetime]]:
        """Plan one report's life so that it ends in `target`; returns the story and the
        window its last step must fall in."""
        rng = self.rng
        s = _Story(self.cast, rng)
        coordinator = rng.choice(self.cast.coordinators)
        if target == Status.FORWARDED:
            self.misaddressed(s, coordinator)
            return s, self.window(178, 0.05)
        if target == Status.ARCHIVED and (index == 8 or (index > 8 and rng.random() < 0.6)):
            self.junk(s, coordinator)
            return s, self.window(178, 0.05)
        # Other archived reports are duplicates, riding on the story of their original.
        with_duplicate = target == Status.ARCHIVED
        if with_duplicate:
            target = Status.CLOSED

        topics = [
            t
            for t in texts.TOPICS
            if not (t.handled_by_coordinator and target == Status.DISPATCHED)
        ]
        topic = rng.choices(topics, [t.weight for t in topics])[0]
        category = self.cast.categories[topic.category]
        place = self.place(topic)
        words = place.words(rng)
        channel = self.channel()
        user = None
        if index % 25 == 3:  # some reports come from the citizen with an account
            channel, user = Channel.WEB, self.cast.citizen
        anonymous = rng.random() < (0.6 if topic.key == "dana-desa" else 0.1)
        confidential = rng.random() < (0.7 if topic.key == "dana-desa" else 0.05)
        reporter = self.reporter(place, user=user)
        if anonymous and user is None and rng.random() < 0.3:
            reporter = ReporterInput()  # no identity at all
        data = ReportInput(
            type=topic.type,
            title=rng.choice(topic.titles).format(**words),
            description=rng.choice(topic.descriptions).format(**words),
            channel=channel,
            region=place.village,
            address=f"{place.dusun}, Desa {place.village.name}" if rng.random() < 0.6 else "",
            # Half the reporters pick a category; the coordinator sets it for the others.
            category=category if rng.random() < 0.5 else None,
            is_anonymous=anonymous,
            is_confidential=confidential,
            reporter=reporter,
        )
        late = rng.random() < 0.06  # "no wrong door": accepted, flagged as filed late
        incident_days = rng.randint(35, 90) if late else rng.randint(0, 20)
        entered_by = None
        if channel in STAFF_CHANNELS:
            entered_by = rng.choice(self.cast.operators if rng.random() < 0.8 else [coordinator])
        self.submit(
            s, data, entered_by, incident_days if topic.type == ReportType.COMPLAINT else None
        )
        if target == Status.SUBMITTED:
            return s, self.window(2, 0.01) if rng.random() < 0.7 else self.window(45, 6)
        if with_duplicate:
            self.duplicate(s, data, coordinator)

        if (target == Status.ON_HOLD and rng.random() < 0.5) or rng.random() < 0.05:
            self.hold(s, coordinator)
            if target == Status.ON_HOLD:
                return s, self.window(30, 0.05)
            self.answer(s, user)

        if topic.handled_by_coordinator:
            actors = [coordinator]
            self.handle(s, coordinator, category)
        else:
            default = category.default_unit
            units = list(topic.units) or ([default.code] if default else [])
            assert units, f"topic {topic.key} names no unit"
            kec_office = f"kec-{slugify(place.district.name)}"
            if kec_office in self.cast.liaisons and (
                topic.key == "kantor-desa"
                or (topic.key in ("jalan", "drainase") and rng.random() < 0.3)
            ):
                units.append(kec_office)
            actors = [self.cast.liaisons[u] for u in units]
            slow = rng.random() < 0.1  # verification past its 3 working days
            if rng.random() < 0.08:
                # Sent to the wrong unit first, which hands it back (bukan wewenang).
                wrong = "perkim" if units[0] != "perkim" else "pupr"
                self.verify(s, coordinator, [wrong], category, slow=slow)
                self.hand_back(s, wrong, units[0])
                self.dispatch(s, coordinator, units)
            else:
                self.verify(s, coordinator, units, category, slow=slow)
            if target == Status.DISPATCHED:
                return s, self.window(4, 0.01) if rng.random() < 0.65 else self.window(40, 9)
            for actor in actors:
                if rng.random() < 0.6:
                    self.accept(s, actor)

        lead = actors[0]
        followups = [t.format(**words) for t in topic.followups] or [
            texts.DEFAULT_FOLLOWUPS[topic.type]
        ]
        self.followup(s, lead, rng.choice(followups))
        if anonymous and reporter.name and rng.random() < 0.4:
            self.view_identity(s, coordinator)
        if rng.random() < 0.3:
            self.followup(s, lead, rng.choice(texts.INTERNAL_NOTES), public=False)
        if target == Status.ON_HOLD or rng.random() < 0.06:
            self.hold(s, lead)
            if target == Status.ON_HOLD:
                return s, self.window(30, 0.05)
            if rng.random() < 0.3:
                self.resume(s, lead)
            else:
                self.answer(s, user)
        if topic.type == ReportType.INFO_REQUEST and rng.random() < 0.35:
            self.extend(s, lead)
        if rng.random() < 0.15:
            self.reply(s, user, rng.choice(texts.REPORTER_NUDGES), hours=(48, 160))
        if topic.followups and rng.random() < 0.4:
            self.followup(s, lead, rng.choice(followups))
        reopen = rng.random() < 0.12
        if target == Status.IN_PROGRESS and not reopen:
            # Most still within their SLA, some stalled for weeks (breached).
            return s, self.window(14, 0.05) if rng.random() < 0.65 else self.window(110, 14)

        resolutions = [t.format(**words) for t in topic.resolutions] or ["Sudah ditindaklanjuti."]
        slow = rng.random() < 0.15  # completion past its SLA
        for actor in actors:
            self.resolve(s, actor, rng.choice(resolutions), hours=(72, 400) if slow else (8, 120))
        if reopen:
            self.reply(s, user, rng.choice(texts.REOPEN_MESSAGES), hours=(6, 120))
            self.followup(s, lead, "Mohon maaf, tim akan kembali ke lokasi untuk memeriksa ulang.")
            if target == Status.IN_PROGRESS:
                return s, self.window(110, 0.05)
            for actor in actors:
                self.resolve(s, actor, rng.choice(resolutions), hours=(24, 120))
        if target == Status.RESOLVED:
            return s, self.window(8, 0.05)

        ending = rng.random()
        if ending < 0.45:
            self.confirm(s, user)
        elif ending < 0.65:
            self.close(s, coordinator)
        else:
            # Nobody answers: the replay's auto-close sweep closes it after 10 working days.
            return s, self.window(170, 22)
        return s, self.window(172, 1)

    # -- building blocks: each adds one step that calls one service

    def submit(
        self, s: _Story, data: ReportInput, entered_by: User | None, incident_days: int | None
    ) -> None:
        luwu = self.cast.luwu

        def run() -> None:
            incident = None
            if incident_days is not None:
                incident = local_date(luwu, clock.now()) - timedelta(days=incident_days)
            report = ReportInput(**{**data.__dict__, "incident_date": incident})
            s.complaint = complaint_submit(instansi=luwu, data=report, actor=entered_by).complaint

        s.add((0, 0), run, staff=entered_by is not None)

    def duplicate(self, s: _Story, data: ReportInput, coordinator: User) -> None:
        """The same reporter files again on another channel; the coordinator archives it."""
        again = ReportInput(**{**data.__dict__, "channel": Channel.WHATSAPP})

        def file_again() -> None:
            s.duplicate = complaint_submit(instansi=self.cast.luwu, data=again).complaint

        def archive() -> None:
            assert s.duplicate is not None
            wf.complaint_archive(
                actor=coordinator,
                complaint=s.duplicate,
                reason=ArchiveReason.DUPLICATE,
                duplicate_of=s.c,
                note=texts.DUPLICATE_NOTE,
            )

        s.add((1, 20), file_again, staff=False)
        s.add((1, 20), archive, staff=True)

    def verify(
        self,
        s: _Story,
        coordinator: User,
        unit_codes: Sequence[str],
        category: Category,
        *,
        slow: bool,
    ) -> None:
        units = [self.cast.units[u] for u in unit_codes]
        instruction = self.rng.choice(texts.INSTRUCTIONS)
        # Now and then the coordinator marks a report rahasia at verification.
        make_confidential = True if self.rng.random() < 0.04 else None
        s.add(
            (80, 160) if slow else (1, 30),
            lambda: wf.complaint_verify(
                actor=coordinator,
                complaint=s.c,
                units=units,
                instruction=instruction,
                category=category,
                is_confidential=make_confidential,
            ),
            staff=True,
        )

    def handle(self, s: _Story, coordinator: User, category: Category) -> None:
        note = "Ditangani langsung oleh Diskominfo-SP."
        s.add(
            (1, 30),
            lambda: wf.complaint_handle(
                actor=coordinator, complaint=s.c, category=category, note=note
            ),
            staff=True,
        )

    def hand_back(self, s: _Story, wrong: str, right: str) -> None:
        reason = (
            f"Laporan ini bukan kewenangan {self.cast.units[wrong]}. "
            f"Mohon didisposisikan ke {self.cast.units[right]}."
        )
        liaison = self.cast.liaisons[wrong]
        s.add(
            (2, 50),
            lambda: wf.dispatch_return(actor=liaison, complaint=s.c, reason=reason),
            staff=True,
        )

    def dispatch(self, s: _Story, coordinator: User, unit_codes: Sequence[str]) -> None:
        units = [self.cast.units[u] for u in unit_codes]
        instruction = self.rng.choice(texts.INSTRUCTIONS)
        s.add(
            (1, 20),
            lambda: wf.complaint_dispatch(
                actor=coordinator, complaint=s.c, units=units, instruction=instruction
            ),
            staff=True,
        )

    def accept(self, s: _Story, liaison: User) -> None:
        s.add((1, 40), lambda: wf.dispatch_accept(actor=liaison, complaint=s.c), staff=True)

    def followup(self, s: _Story, actor: User, text: str, *, public: bool = True) -> None:
        s.add(
            (2, 60),
            lambda: wf.followup_add(actor=actor, complaint=s.c, text=text, is_public=public),
            staff=True,
        )

    def view_identity(self, s: _Story, coordinator: User) -> None:
        s.add(
            (1, 48),
            lambda: wf.reporter_identity_view(actor=coordinator, complaint=s.c),
            staff=True,
        )

    def hold(self, s: _Story, actor: User) -> None:
        question = self.rng.choice(texts.HOLD_QUESTIONS)
        s.add(
            (1, 30),
            lambda: wf.complaint_hold(actor=actor, complaint=s.c, question=question),
            staff=True,
        )

    def answer(self, s: _Story, user: User | None) -> None:
        self.reply(s, user, self.rng.choice(texts.HOLD_ANSWERS), hours=(6, 120))

    def resume(self, s: _Story, actor: User) -> None:
        note = texts.STAFF_RESUME_NOTES[0]
        s.add(
            (4, 72),
            lambda: wf.complaint_resume(actor=actor, complaint=s.c, note=note),
            staff=True,
        )

    def reply(self, s: _Story, user: User | None, text: str, *, hours: tuple[float, float]) -> None:
        s.add(
            hours,
            lambda: wf.complaint_reporter_reply(complaint=s.c, text=text, user=user),
            staff=False,
        )

    def extend(self, s: _Story, actor: User) -> None:
        reason = texts.EXTENSION_REASONS[0]
        s.add(
            (24, 96),
            lambda: wf.info_request_extend(actor=actor, complaint=s.c, reason=reason),
            staff=True,
        )

    def resolve(self, s: _Story, actor: User, summary: str, *, hours: tuple[float, float]) -> None:
        s.add(
            hours,
            lambda: wf.complaint_resolve(actor=actor, complaint=s.c, summary=summary),
            staff=True,
        )

    def confirm(self, s: _Story, user: User | None) -> None:
        # Within a week, well before the 10 working days of auto-close.
        note = self.rng.choice(texts.CONFIRM_NOTES)
        s.add(
            (3, 150),
            lambda: wf.complaint_confirm(complaint=s.c, note=note, user=user),
            staff=False,
        )

    def close(self, s: _Story, coordinator: User) -> None:
        note = texts.CLOSE_NOTES[0]
        s.add(
            (24, 150),
            lambda: wf.complaint_close(actor=coordinator, complaint=s.c, note=note),
            staff=True,
        )

    def junk(self, s: _Story, coordinator: User) -> None:
        junk = self.rng.choice(texts.JUNK)
        data = ReportInput(
            type=ReportType.COMPLAINT,
            title=junk.title,
            description=junk.description,
            channel=self.rng.choice([Channel.WEB, Channel.SMS, Channel.WHATSAPP]),
        )
        self.submit(s, data, None, None)
        s.add(
            (1, 40),
            lambda: wf.complaint_archive(
                actor=coordinator,
                complaint=s.c,
                reason=ArchiveReason(junk.reason),
                note=junk.note,
            ),
            staff=True,
        )

    def misaddressed(self, s: _Story, coordinator: User) -> None:
        item = self.rng.choice(texts.MISADDRESSED)
        if item.to_lapor:
            place = self.place()
            region, words = place.village, place.words(self.rng)
        else:
            region = self.rng.choice(self.cast.lutra_villages)
            words = {"desa": region.name, "kec": "", "dusun": "", "months": "3"}
        data = ReportInput(
            type=ReportType.COMPLAINT,
            title=item.title.format(**words),
            description=item.description.format(**words),
            channel=self.rng.choice([Channel.WEB, Channel.WHATSAPP]),
            region=region,
            reporter=self.reporter(self.place()),
        )
        to = None if item.to_lapor else self.cast.luwu_utara
        self.submit(s, data, None, self.rng.randint(0, 10))
        s.add(
            (1, 40),
            lambda: wf.complaint_forward(
                actor=coordinator,
                complaint=s.c,
                reason=item.reason,
                to_instansi=to,
                to_lapor=item.to_lapor,
            ),
            staff=True,
        )


def _fit(
    story: _Story, window: tuple[datetime, datetime], rng: random.Random, now: datetime
) -> None:
    """Place the story so that its last step falls in `window` (and it starts within the
    last six months)."""
    lo, hi = window
    earliest = now - timedelta(days=HISTORY_DAYS)
    natural_end = story.schedule(earliest)
    target = max(lo + (hi - lo) * rng.random(), natural_end)
    start = earliest + (target - natural_end)
    for _ in range(12):
        end = story.schedule(start)
        if end <= target:
            return
        # Office hours pushed it later: start earlier, but never before the history window
        # (from `earliest` the story ends at `natural_end` <= target, so this terminates).
        start = max(earliest, start - (end - target) - timedelta(minutes=30))


def _cast(luwu: Instansi, luwu_utara: Instansi, users: dict[str, User]) -> _Cast:
    units = {u.code: u for u in Unit.objects.filter(instansi=luwu)}
    categories = {
        c.code: c for c in Category.objects.filter(instansi=luwu).select_related("default_unit")
    }
    assert luwu.region is not None
    districts = []
    for district in Region.objects.filter(parent=luwu.region, level=RegionLevel.DISTRICT):
        villages = list(Region.objects.filter(parent=district).order_by("code"))
        districts.append((district, villages))
    lutra_villages = list(
        Region.objects.filter(code__startswith="73.22.", level=RegionLevel.VILLAGE).order_by("code")
    )
    return _Cast(
        luwu=luwu,
        luwu_utara=luwu_utara,
        coordinators=[users["koordinator1"], users["koordinator2"]],
        operators=[users["operator1"], users["operator2"]],
        liaisons={u: users[f"penghubung.{u}"] for u in _LIAISON_UNITS},
        citizen=users["warga"],
        units=units,
        categories=categories,
        districts=districts,
        lutra_villages=lutra_villages,
    )


def _replay(stories: Sequence[_Story], until: datetime) -> None:
    """Run every step in time order, as the history would have happened."""
    steps = sorted(
        ((step.at, i, j, step) for i, s in enumerate(stories) for j, step in enumerate(s.steps)),
        key=lambda row: row[:3],
    )
    for at, _, _, step in steps:
        assert at is not None
        if at > until:
            continue  # its moment has not come yet: the story stops in an earlier state
        with clock.pinned(at):
            # What `aduan work` would have done by then: close resolved reports left unanswered.
            wf.complaints_autoclose_due(now=at)
            step.action()
    with clock.pinned(until):
        wf.complaints_autoclose_due(now=until)


# ---------------------------------------------------------------- entry point


@transaction.atomic
def demo_seed(
    *,
    credentials_path: Path,
    url: str,
    reports: int = 300,
    seed: int = DEMO_SEED,
) -> DemoResult:
    """Load the reference data, the demo staff and (once) the demo reports.

    Safe to run again: existing accounts, passwords and reports are kept; reports are only
    added while Pemerintah Kabupaten Luwu has none (demo or real). The credentials file is
    written last, inside the transaction: a failed run leaves neither accounts nor passwords.
    """
    luwu = luwu_load()
    luwu_utara = _luwu_utara()
    logins, users = _staff_create({"luwu": luwu, "luwu-utara": luwu_utara})

    created = 0
    if not Complaint.objects.filter(instansi=luwu).exists():
        now = clock.now()
        rng = random.Random(seed)  # noqa: S311 (demo stories, not secrets)
        planner = _Planner(_cast(luwu, luwu_utara, users), rng, now)
        targets, weights = zip(*_TARGETS, strict=True)
        # Every state first (then an archived junk report), then by weight.
        first = [*targets, Status.ARCHIVED]
        stories = []
        for index in range(reports):
            target = first[index] if index < len(first) else rng.choices(targets, weights)[0]
            story, window = planner.story(index, target)
            _fit(story, window, rng, now)
            stories.append(story)
        before = Complaint.objects.count()
        _replay(stories, until=now - timedelta(minutes=1))
        created = Complaint.objects.count() - before

    if logins:
        _write_credentials(credentials_path, logins, url)
    by_status = Counter(
        Complaint.objects.filter(instansi__in=[luwu, luwu_utara]).values_list("status", flat=True)
    )
    return DemoResult(
        new_logins=logins,
        reports_created=created,
        by_status=dict(by_status),
        credentials_path=credentials_path,
    )
