"""The staff API at /api/v1/staff/ (docs/api.md): inboxes, reports and lifecycle actions.

Every call carries `Authorization: Bearer <token>` (a personal or application token, issued
on /konsol/token/ or in the admin). The token acts as its user held to the token's one role
(`grants_pin`), so the same access selectors and the same services as the console decide what
it may see and do, and every event it causes records the token (`ComplaintEvent.via`).

Each action works like the console's: an action of another role answers 404, as the console
does (an outsider learns nothing); a report the role may not see answers 404; the service's
refusal answers 403 or 409 with its message; bad input answers 400 and changes nothing.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.params import P, PathEx
from ninja.responses import Status as Answer
from ninja.security import HttpBearer

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import (
    ActorKind,
    ArchiveReason,
    Channel,
    DispatchStatus,
    EventKind,
    ReportType,
    Status,
)
from aduan.complaints.codes import normalise_tracking_number
from aduan.complaints.events import acting_via
from aduan.complaints.models import Complaint, ComplaintEvent, Dispatch
from aduan.complaints.schemas import ReporterIn
from aduan.complaints.selectors import complaint_get_for_user, unit_inbox
from aduan.complaints.services import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    ReporterInput,
    ReportInput,
    complaint_submit,
)
from aduan.core import clock
from aduan.core.errors import ValidationFailed
from aduan.core.schemas import Choice, Named, error_responses
from aduan.integrations.lapor import services as lapor
from aduan.integrations.lapor.selectors import link_of
from aduan.organisation import selectors as org
from aduan.organisation.models import Category, Instansi, Region, Unit
from aduan.routing import services as routing
from aduan.routing.selectors import suggestion_pending
from aduan.staffapi import schemas as s
from aduan.staffapi.choices import TokenKind
from aduan.staffapi.models import ApiToken
from aduan.staffapi.selectors import token_authenticate
from aduan.workflow import services
from aduan.workflow.selectors import (
    InboxTab,
    coordinator_queue,
    possible_duplicates_with_reasons,
    screening_of,
)

PAGE_SIZE = 50
MAX_PAGE = 2000


class StaffToken(HttpBearer):
    """`Authorization: Bearer <token>`: a live token of the staff API."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_authenticate(token.strip())
        if found is None:
            return None
        acting_via(found.user, found.via)
        request.user = found.user
        return found


class StaffTokenWithFiles(StaffToken):
    """The staff intake's token check, which then reads a body of up to ADUAN_MAX_REQUEST_MB
    (RequestBodyLimitMiddleware refuses more): files travel in base64 inside the JSON, past
    DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), which still holds every other JSON body. Only a
    live token's request is read that far."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = super().authenticate(request, token)
        if found is not None and not hasattr(request, "_body"):
            # What HttpRequest.body keeps once read; ninja then parses it as usual.
            request._body = request.read()
        return found


router = Router(tags=["staff"], auth=StaffToken())

Number = PathEx[str, P(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9-]+$")]
ERRORS = error_responses(400, 401, 404)
ACTION_ERRORS = error_responses(400, 401, 403, 404, 409)


# ---------------------------------------------------------------- helpers


def _token(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]  # set by StaffToken
    assert isinstance(token, ApiToken)
    return token


def _actor(request: HttpRequest) -> User:
    return _token(request).user


def _require_role(request: HttpRequest, *roles: Role) -> ApiToken:
    """The console's `role_required`: another role's action is not there for this token."""
    token = _token(request)
    if token.role not in roles:
        raise Http404
    return token


def _choice(value: str, label: Any) -> Choice:
    return Choice(code=value, label=str(label))


def _named(obj: Unit | Category | Instansi | None) -> Named | None:
    return None if obj is None else Named(code=obj.code, name=obj.name)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _report(request: HttpRequest, number: str) -> Complaint:
    return complaint_get_for_user(user=_actor(request), tracking_number=number.strip().upper())


def _units(complaint: Complaint, codes: Iterable[str]) -> list[Unit]:
    units = []
    for code in codes:
        unit = org.unit_by_code(instansi_id=complaint.instansi_id, code=code.strip())
        if unit is None:
            raise ValidationFailed(
                _("There is no unit with the code %(code)s.") % {"code": code}, code="unit"
            )
        units.append(unit)
    return units


def _category(complaint: Complaint, code: str | None) -> Category | None:
    if code is None:
        return None
    found = org.category_by_code(instansi_id=complaint.instansi_id, code=code.strip())
    if found is None:
        raise ValidationFailed(_("There is no category with this code."), code="category")
    return found


def _item(complaint: Complaint, due_at: Any) -> s.InboxItemOut:
    return s.InboxItemOut(
        tracking_number=complaint.tracking_number,
        title=complaint.title,
        type=_choice(complaint.type, ReportType(complaint.type).label),
        status=_choice(complaint.status, Status(complaint.status).label),
        category=_named(complaint.category),
        channel=_choice(complaint.channel, Channel(complaint.channel).label),
        is_anonymous=complaint.is_anonymous,
        is_confidential=complaint.is_confidential,
        submitted_at=complaint.submitted_at,
        due_at=due_at,
        url=reverse("api-v1:staff_report", args=[complaint.tracking_number]),
    )


def _dispatch_out(dispatch: Dispatch) -> s.DispatchOut:
    return s.DispatchOut(
        unit=Named(code=dispatch.unit.code, name=dispatch.unit.name),
        status=_choice(dispatch.status, DispatchStatus(dispatch.status).label),
        instruction=dispatch.instruction,
        dispatched_at=dispatch.dispatched_at,
        followup_due_at=dispatch.followup_due_at,
    )


def _event_out(event: ComplaintEvent) -> s.EventOut:
    return s.EventOut(
        seq=event.seq,
        kind=_choice(event.kind, EventKind(event.kind).label),
        at=event.created_at,
        actor_kind=_choice(event.actor_kind, ActorKind(event.actor_kind).label),
        unit=event.unit.name if event.unit else None,
        note=event.note,
        is_public=event.is_public,
        via=event.via,
    )


def _report_out(complaint: Complaint) -> s.StaffReportOut:
    dispatches = complaint.dispatches.select_related("unit").order_by("pk")
    events = complaint.events.select_related("unit").order_by("seq")
    return s.StaffReportOut(
        tracking_number=complaint.tracking_number,
        type=_choice(complaint.type, ReportType(complaint.type).label),
        title=complaint.title,
        description=complaint.description,
        status=_choice(complaint.status, Status(complaint.status).label),
        channel=_choice(complaint.channel, Channel(complaint.channel).label),
        category=_named(complaint.category),
        region=Named(code=complaint.region.code, name=complaint.region.name)
        if complaint.region
        else None,
        address=complaint.address,
        latitude=_float(complaint.latitude),
        longitude=_float(complaint.longitude),
        is_anonymous=complaint.is_anonymous,
        is_confidential=complaint.is_confidential,
        has_reporter=complaint.reporter_id is not None,
        submitted_at=complaint.submitted_at,
        verify_due_at=complaint.verify_due_at,
        complete_due_at=complaint.complete_due_at,
        dispatches=[_dispatch_out(d) for d in dispatches],
        events=[_event_out(e) for e in events],
    )


def _act(
    request: HttpRequest, number: str, roles: tuple[Role, ...], run: Callable[[Complaint], Any]
) -> s.ActionOut:
    """The shape of every action: the role (404) → the access selector (404) → one service."""
    _require_role(request, *roles)
    complaint = _report(request, number)
    result = run(complaint)
    changed = result if isinstance(result, Complaint) else result.complaint
    return s.ActionOut(
        tracking_number=changed.tracking_number,
        status=_choice(changed.status, Status(changed.status).label),
        event_count=changed.event_count,
    )


COORDINATOR = (Role.COORDINATOR,)
LIAISON = (Role.LIAISON,)
BOTH = (Role.COORDINATOR, Role.LIAISON)

# ---------------------------------------------------------------- reads


@router.get("/me", url_name="staff_me", response={200: s.TokenOut, **ERRORS})
def me(request: HttpRequest) -> s.TokenOut:
    """The token in use: its role and where it applies."""
    token = _token(request)
    return s.TokenOut(
        name=token.name,
        kind=_choice(token.kind, TokenKind(token.kind).label),
        role=_choice(token.role, Role(token.role).label),
        instansi=Named(code=token.instansi.code, name=token.instansi.name),
        unit=_named(token.unit),
        expires_at=token.expires_at,
    )


@router.get(
    "/inbox/coordinator", url_name="staff_coordinator_inbox", response={200: s.InboxOut, **ERRORS}
)
def coordinator_inbox(
    request: HttpRequest,
    tab: Query[s.CoordinatorTab] = s.CoordinatorTab.SUBMITTED,
    page: Query[int] = 1,
) -> s.InboxOut:
    """The coordinator's inbox: new reports (nearest verification deadline first), reports on
    hold, or every open report."""
    token = _require_role(request, Role.COORDINATOR)
    page = min(max(page, 1), MAX_PAGE)
    rows = coordinator_queue(
        instansi=token.instansi,
        tab=InboxTab(tab),
        now=clock.now(),
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    return s.InboxOut(
        page=page,
        has_next=len(rows) > PAGE_SIZE,
        results=[_item(r.complaint, r.due_at) for r in rows[:PAGE_SIZE]],
    )


@router.get("/inbox/unit", url_name="staff_unit_inbox", response={200: s.InboxOut, **ERRORS})
def unit_inbox_list(
    request: HttpRequest,
    tab: Query[s.UnitTab] = s.UnitTab.ALL,
    page: Query[int] = 1,
) -> s.InboxOut:
    """The unit's inbox: active dispatches to the token's unit and its sub-units."""
    _require_role(request, Role.LIAISON)
    page = min(max(page, 1), MAX_PAGE)
    unit_ids = org.unit_ids_for_role(_actor(request), Role.LIAISON)
    offset = (page - 1) * PAGE_SIZE
    rows = list(unit_inbox(unit_ids=unit_ids, tab=str(tab))[offset : offset + PAGE_SIZE + 1])
    return s.InboxOut(
        page=page,
        has_next=len(rows) > PAGE_SIZE,
        results=[
            _item(d.complaint, d.followup_due_at or d.complaint.complete_due_at)
            for d in rows[:PAGE_SIZE]
        ],
    )


@router.get(
    "/reports/{number}", url_name="staff_report", response={200: s.StaffReportOut, **ERRORS}
)
def report(request: HttpRequest, number: Number) -> s.StaffReportOut:
    """One report as the token's role may see it, with its dispatches and full event log;
    never the reporter's identity."""
    return _report_out(_report(request, number))


@router.post(
    "/reports/{number}/identity",
    url_name="staff_identity",
    response={200: s.IdentityOut, **ACTION_ERRORS},
)
def identity(request: HttpRequest, number: Number, payload: s.EmptyIn) -> s.IdentityOut:
    """The reporter's identity, for a coordinator; viewing an anonim reporter is logged."""
    _require_role(request, Role.COORDINATOR)
    reporter = services.reporter_identity_view(
        actor=_actor(request), complaint=_report(request, number)
    )
    if reporter is None:
        return s.IdentityOut(reporter=None)
    return s.IdentityOut(
        reporter=s.ReporterOut(
            name=reporter.name,
            nik=reporter.nik,
            phone=reporter.phone,
            email=reporter.email,
            address=reporter.address,
        )
    )


# ---------------------------------------------------------------- actions


def _action(path: str, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return router.post(
        f"/reports/{{number}}/{path}",
        url_name=f"staff_{name}",
        response={200: s.ActionOut, **ACTION_ERRORS},
    )


@_action("verify", "verify")
def verify(request: HttpRequest, number: Number, payload: s.VerifyIn) -> s.ActionOut:
    """Verify a new report and dispatch it to units (coordinator); it also decides publication
    (`publish`, default yes unless rahasia) and the public attachments (default none)."""

    def run(c: Complaint) -> Any:
        return services.complaint_verify(
            actor=_actor(request),
            complaint=c,
            units=_units(c, payload.units),
            instruction=payload.instruction,
            title=payload.title,
            category=_category(c, payload.category_code),
            is_anonymous=payload.is_anonymous,
            is_confidential=payload.is_confidential,
            publish=payload.publish,
            public_attachments=payload.public_attachments,
        )

    return _act(request, number, COORDINATOR, run)


@_action("dispatch", "dispatch")
def dispatch(request: HttpRequest, number: Number, payload: s.DispatchIn) -> s.ActionOut:
    """Send a verified report to more units (coordinator)."""
    return _act(
        request,
        number,
        COORDINATOR,
        lambda c: services.complaint_dispatch(
            actor=_actor(request),
            complaint=c,
            units=_units(c, payload.units),
            instruction=payload.instruction,
        ),
    )


@_action("handle", "handle")
def handle(request: HttpRequest, number: Number, payload: s.HandleIn) -> s.ActionOut:
    """*Kelola*: the coordinator's own unit handles the report; it verifies too, so it decides
    publication as `verify` does."""
    return _act(
        request,
        number,
        COORDINATOR,
        lambda c: services.complaint_handle(
            actor=_actor(request),
            complaint=c,
            category=_category(c, payload.category_code),
            note=payload.note,
            publish=payload.publish,
            public_attachments=payload.public_attachments,
        ),
    )


@_action("edit", "edit")
def edit(request: HttpRequest, number: Number, payload: s.EditIn) -> s.ActionOut:
    """Correct the title, category, type or privacy (coordinator)."""
    return _act(
        request,
        number,
        COORDINATOR,
        lambda c: services.complaint_edit(
            actor=_actor(request),
            complaint=c,
            title=payload.title,
            category=_category(c, payload.category_code),
            type=payload.type,
            is_anonymous=payload.is_anonymous,
            is_confidential=payload.is_confidential,
        ),
    )


@_action("forward", "forward")
def forward(request: HttpRequest, number: Number, payload: s.ForwardIn) -> s.ActionOut:
    """*Bukan wewenang*: forward to another government or to SP4N-LAPOR! (coordinator)."""

    def run(c: Complaint) -> Any:
        to_instansi = None
        if payload.to_instansi:
            to_instansi = org.instansi_by_code(payload.to_instansi.strip())
            if to_instansi is None:
                raise ValidationFailed(_("There is no government with this code."), code="instansi")
        return services.complaint_forward(
            actor=_actor(request),
            complaint=c,
            reason=payload.reason,
            to_instansi=to_instansi,
            to_lapor=payload.to_lapor,
        )

    return _act(request, number, COORDINATOR, run)


@_action("archive", "archive")
def archive(request: HttpRequest, number: Number, payload: s.ArchiveIn) -> s.ActionOut:
    """Archive a report with a reason (coordinator)."""
    return _act(
        request,
        number,
        COORDINATOR,
        lambda c: services.complaint_archive(
            actor=_actor(request),
            complaint=c,
            reason=ArchiveReason(payload.reason),
            note=payload.note,
        ),
    )


@_action("close", "close")
def close(request: HttpRequest, number: Number, payload: s.NoteIn) -> s.ActionOut:
    """Close a resolved report (coordinator)."""
    return _act(
        request,
        number,
        COORDINATOR,
        lambda c: services.complaint_close(actor=_actor(request), complaint=c, note=payload.note),
    )


@_action("hold", "hold")
def hold(request: HttpRequest, number: Number, payload: s.QuestionIn) -> s.ActionOut:
    """*Tunda*: ask the reporter for information; the clocks stop (coordinator, liaison)."""
    return _act(
        request,
        number,
        BOTH,
        lambda c: services.complaint_hold(
            actor=_actor(request), complaint=c, question=payload.question
        ),
    )


@_action("resume", "resume")
def resume(request: HttpRequest, number: Number, payload: s.NoteIn) -> s.ActionOut:
    """Resume a report on hold (coordinator, liaison)."""
    return _act(
        request,
        number,
        BOTH,
        lambda c: services.complaint_resume(actor=_actor(request), complaint=c, note=payload.note),
    )


@_action("accept", "accept")
def accept(request: HttpRequest, number: Number, payload: s.EmptyIn) -> s.ActionOut:
    """Accept the unit's dispatch (liaison)."""
    return _act(
        request,
        number,
        LIAISON,
        lambda c: services.dispatch_accept(actor=_actor(request), complaint=c),
    )


@_action("hand-back", "hand_back")
def hand_back(request: HttpRequest, number: Number, payload: s.ReasonIn) -> s.ActionOut:
    """Hand the dispatch back as not the unit's authority, with a reason (liaison)."""
    return _act(
        request,
        number,
        LIAISON,
        lambda c: services.dispatch_return(
            actor=_actor(request), complaint=c, reason=payload.reason
        ),
    )


@_action("followups", "followup")
def followup(request: HttpRequest, number: Number, payload: s.FollowupIn) -> s.ActionOut:
    """Post a follow-up to the reporter, or an internal note (liaison, coordinator)."""
    return _act(
        request,
        number,
        BOTH,
        lambda c: services.followup_add(
            actor=_actor(request), complaint=c, text=payload.text, is_public=payload.is_public
        ),
    )


@_action("extend", "extend")
def extend(request: HttpRequest, number: Number, payload: s.ReasonIn) -> s.ActionOut:
    """Extend an information request by 7 working days, once, with a reason."""
    return _act(
        request,
        number,
        BOTH,
        lambda c: services.info_request_extend(
            actor=_actor(request), complaint=c, reason=payload.reason
        ),
    )


@_action("resolve", "resolve")
def resolve(request: HttpRequest, number: Number, payload: s.ResolveIn) -> s.ActionOut:
    """Report the work as done; the reporter is asked to confirm (liaison, coordinator). A
    unit may name the cause and propose an improvement, which the leader decides on."""
    return _act(
        request,
        number,
        BOTH,
        lambda c: services.complaint_resolve(
            actor=_actor(request),
            complaint=c,
            summary=payload.summary,
            cause=payload.cause or "",
            improvement=payload.improvement,
        ),
    )


@_action("reassign", "reassign")
def reassign(request: HttpRequest, number: Number, payload: s.ReassignIn) -> s.ActionOut:
    """Pass the unit's dispatch on to one of its sub-units (liaison)."""

    def run(c: Complaint) -> Any:
        (unit,) = _units(c, [payload.unit])
        return services.dispatch_reassign(
            actor=_actor(request), complaint=c, to_unit=unit, note=payload.note
        )

    return _act(request, number, LIAISON, run)


@_action("merge", "merge")
def merge(request: HttpRequest, number: Number, payload: s.MergeIn) -> s.ActionOut:
    """Merge this report, a duplicate, into its original: archived as *duplikat* linked to it
    (coordinator). See `duplicates` for the likely originals."""

    def run(c: Complaint) -> Any:
        try:
            original = _report(request, normalise_tracking_number(payload.original))
        except Http404:
            raise ValidationFailed(
                _("No report of this government has that tracking number."), code="original"
            ) from None
        return services.complaint_merge(
            actor=_actor(request), complaint=c, original=original, note=payload.note
        )

    return _act(request, number, COORDINATOR, run)


# ---------------------------------------------------------------- publication and screening


@_action("publish", "publish")
def publish(request: HttpRequest, number: Number, payload: s.PublishIn) -> s.ActionOut:
    """Publish a verified report that is not public, with the attachments named (coordinator)."""
    return _act(
        request,
        number,
        COORDINATOR,
        lambda c: services.complaint_publish(
            actor=_actor(request), complaint=c, public_attachments=payload.public_attachments
        ),
    )


@_action("unpublish", "unpublish")
def unpublish(request: HttpRequest, number: Number, payload: s.ReasonIn) -> s.ActionOut:
    """Withdraw a report from every public surface, with the reason (coordinator)."""
    return _act(
        request,
        number,
        COORDINATOR,
        lambda c: services.complaint_unpublish(
            actor=_actor(request), complaint=c, reason=payload.reason
        ),
    )


@_action("mask", "mask")
def mask(request: HttpRequest, number: Number, payload: s.MaskIn) -> s.ActionOut:
    """Mask a piece of the title or description by hand in every public output (coordinator)."""
    return _act(
        request,
        number,
        COORDINATOR,
        lambda c: services.complaint_mask(actor=_actor(request), complaint=c, text=payload.text),
    )


@_action("unmask", "unmask")
def unmask(request: HttpRequest, number: Number, payload: s.MaskIn) -> s.ActionOut:
    """Undo a mask: one added by hand, or one the screening made (coordinator)."""
    return _act(
        request,
        number,
        COORDINATOR,
        lambda c: services.complaint_unmask(actor=_actor(request), complaint=c, text=payload.text),
    )


@router.get(
    "/reports/{number}/screening",
    url_name="staff_screening",
    response={200: s.ScreeningOut, **ERRORS},
)
def screening(request: HttpRequest, number: Number) -> s.ScreeningOut:
    """What the screening finds in the report's text (NIK, phone numbers, e-mail addresses,
    names), the masks, and what the public reads (coordinator)."""
    _require_role(request, Role.COORDINATOR)
    complaint = _report(request, number)
    screened = screening_of(complaint)
    return s.ScreeningOut(
        is_published=complaint.is_published,
        is_confidential=complaint.is_confidential,
        has_personal_data=screened.has_personal_data,
        found=[s.ScreeningMatchOut(kind=str(m.kind), text=m.text) for m in screened.found],
        title=[
            s.ScreenedPieceOut(text=p.text, kind=p.kind and str(p.kind)) for p in screened.title
        ],
        description=[
            s.ScreenedPieceOut(text=p.text, kind=p.kind and str(p.kind))
            for p in screened.description
        ],
        added=screened.added,
        kept=screened.kept,
        public_title=screened.public_title,
        public_description=screened.public_description,
    )


# ---------------------------------------------------------------- routing and duplicates


@router.get(
    "/reports/{number}/suggestions",
    url_name="staff_suggestions",
    response={200: s.SuggestionsOut, **error_responses(400, 401, 404, 409)},
)
def suggestions(request: HttpRequest, number: Number) -> s.SuggestionsOut:
    """The routing assistant's three units (with the category each implies, a confidence and
    the words that weighed most), the scope and the place, as the verification screen shows
    them (coordinator; only while the report awaits verification, else 409)."""
    _require_role(request, Role.COORDINATOR)
    complaint = _report(request, number)
    found = suggestion_pending(complaint)
    place = None
    if found.place is not None:
        place = s.PlaceOut(
            code=found.place.code,
            name=found.place.name,
            level=found.place.level,
            from_text=complaint.region_id is None,
        )
    return s.SuggestionsOut(
        units=[
            s.UnitSuggestionOut(
                unit=Named(code=u.unit.code, name=u.unit.name),
                category=_named(u.category),
                confidence=u.confidence,
                reason=u.reason,
            )
            for u in found.units
        ],
        scope=_choice(found.scope, found.scope_label),
        scope_confidence=found.scope_confidence,
        place=place,
        model_version=found.model_version,
    )


@_action("suggestions/accept", "suggestion_accept")
def suggestion_accept(
    request: HttpRequest, number: Number, payload: s.SuggestionAcceptIn
) -> s.ActionOut:
    """Accept a suggestion: verify the report and dispatch it to that unit, as the console's
    one button does (coordinator). A unit no longer suggested, or a report no longer awaiting
    verification, answers 409: read the suggestions again."""
    return _act(
        request,
        number,
        COORDINATOR,
        lambda c: routing.suggestion_accept(
            actor=_actor(request), complaint=c, unit_code=payload.unit.strip()
        ),
    )


@router.get(
    "/reports/{number}/duplicates",
    url_name="staff_duplicates",
    response={200: s.DuplicatesOut, **ERRORS},
)
def duplicates(request: HttpRequest, number: Number) -> s.DuplicatesOut:
    """Reports that may be the same matter, best match first, each with the words in common,
    as the console shows them (coordinator). Merge with `merge`."""
    _require_role(request, Role.COORDINATOR)
    complaint = _report(request, number)
    return s.DuplicatesOut(
        results=[
            s.DuplicateOut(
                tracking_number=other.tracking_number,
                title=other.title,
                status=_choice(other.status, Status(other.status).label),
                submitted_at=other.submitted_at,
                shared=list(shared),
                url=reverse("api-v1:staff_report", args=[other.tracking_number]),
            )
            for other, shared in possible_duplicates_with_reasons(complaint)
        ]
    )


# ---------------------------------------------------------------- SP4N-LAPOR! manual fallback


@router.post(
    "/reports/{number}/lapor-id",
    url_name="staff_lapor_id",
    response={200: s.LaporIdOut, **ACTION_ERRORS},
)
def lapor_id(request: HttpRequest, number: Number, payload: s.LaporIdIn) -> s.LaporIdOut:
    """Record, change or (null) remove by hand the SP4N-LAPOR! tracking id of a report
    forwarded to LAPOR!, as on /konsol/lapor/ (coordinator). Each change is an event."""
    _require_role(request, Role.COORDINATOR)
    complaint = _report(request, number)
    if payload.national_id is None:
        complaint = lapor.national_id_clear(actor=_actor(request), complaint=complaint)
    else:
        complaint = lapor.national_id_record(
            actor=_actor(request), complaint=complaint, national_id=payload.national_id
        ).complaint
    complaint.refresh_from_db(fields=["event_count"])
    link = link_of(complaint)
    return s.LaporIdOut(
        tracking_number=complaint.tracking_number,
        national_id=link.national_id if link else None,
        manual=link.manual if link else False,
        event_count=complaint.event_count,
    )


# ---------------------------------------------------------------- staff intake


def _region_of(code: str | None) -> Region | None:
    if not code:
        return None
    found = org.region_by_code(code.strip())
    if found is None:
        raise ValidationFailed(_("There is no region with this code."), code="region")
    return found


def _category_of(instansi: Instansi, code: str | None) -> Category | None:
    if not code:
        return None
    found = org.category_by_code(instansi_id=instansi.pk, code=code.strip())
    if found is None:
        raise ValidationFailed(_("There is no category with this code."), code="category")
    return found


def _unit_of(instansi: Instansi, code: str | None) -> Unit | None:
    if not code:
        return None
    found = org.unit_by_code(instansi_id=instansi.pk, code=code.strip())
    if found is None:
        raise ValidationFailed(_("There is no unit with this code."), code="unit")
    return found


def _reporter_of(given: ReporterIn | None) -> ReporterInput:
    if given is None:
        return ReporterInput()
    return ReporterInput(
        name=given.name.strip(),
        nik=given.nik,
        phone=given.phone,
        email=given.email.strip(),
        address=given.address.strip(),
        gender=given.gender.value if given.gender else "",
        age_group=given.age_group.value if given.age_group else "",
        has_disability=given.has_disability,
        vulnerable_group=given.vulnerable_group.strip(),
    )


def _coordinate(value: float | None) -> Decimal | None:
    return None if value is None else round(Decimal(str(value)), 6)


# The longest base64 text of a file the service would take (4 characters per 3 bytes).
_MAX_BASE64 = (MAX_ATTACHMENT_BYTES + 2) // 3 * 4


def _files_of(given: list[s.AttachmentIn]) -> list[ContentFile[bytes]]:
    """The files of the JSON body, decoded; what they are is checked by the intake service
    (type by content, size, the photo's pixel budget) exactly as for the console's uploads."""
    if len(given) > MAX_ATTACHMENTS:
        raise ValidationFailed(_("At most 5 files can be attached."), code="attachments")
    files = []
    for item in given:
        encoded = "".join(item.content_base64.split())  # line breaks of a MIME encoder
        if len(encoded) > _MAX_BASE64:
            raise ValidationFailed(
                _("“%(name)s” is larger than 10 MB.") % {"name": item.name},
                code="attachment_size",
            )
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                _("“%(name)s” is not valid base64.") % {"name": item.name}, code="attachments"
            ) from None
        files.append(ContentFile(content, name=item.name.strip() or "file"))
    return files


@router.post(
    "/reports",
    url_name="staff_report_enter",
    response={201: s.StaffSubmittedOut, **error_responses(400, 401, 403, 404, 413)},
    auth=StaffTokenWithFiles(),
)
def report_enter(request: HttpRequest, payload: s.StaffReportIn) -> Answer[s.StaffSubmittedOut]:
    """Enter a report on a citizen's behalf, as the console's operator entry does: a letter
    (with its number and dates), a phone call (with its time), a walk-in, the complaint box,
    an outreach visit (operator). The same intake service checks, screens and files it; a
    refusal files nothing. The answer carries the access code, once."""
    token = _require_role(request, Role.OPERATOR)
    instansi = token.instansi
    call_at = payload.call_at
    if call_at is not None and call_at.tzinfo is None:
        call_at = call_at.replace(tzinfo=ZoneInfo(instansi.time_zone or "Asia/Makassar"))
    data = ReportInput(
        type=payload.type,
        title=payload.title,
        description=payload.description,
        channel=Channel(payload.channel.value),
        # Suggestions and information requests give the reporter's home region, no date.
        incident_date=payload.incident_date if payload.type == ReportType.COMPLAINT else None,
        region=_region_of(payload.region_code),
        address=payload.address,
        latitude=_coordinate(payload.latitude),
        longitude=_coordinate(payload.longitude),
        category=_category_of(instansi, payload.category_code),
        target_unit=_unit_of(instansi, payload.unit_code),
        is_anonymous=payload.is_anonymous,
        is_confidential=payload.is_confidential,
        reporter=_reporter_of(payload.reporter),
        letter_number=payload.letter_number,
        letter_date=payload.letter_date,
        letter_received_on=payload.letter_received_on,
        call_at=call_at,
    )
    files = _files_of(payload.attachments)
    submitted = complaint_submit(
        instansi=instansi, data=data, actor=_actor(request), attachments=files
    )
    complaint = submitted.complaint
    return Answer(
        201,
        s.StaffSubmittedOut(
            tracking_number=complaint.tracking_number,
            access_code=submitted.access_code,
            type=_choice(complaint.type, ReportType(complaint.type).label),
            status=_choice(complaint.status, Status(complaint.status).label),
            channel=_choice(complaint.channel, Channel(complaint.channel).label),
            submitted_at=complaint.submitted_at,
            verify_due_at=complaint.verify_due_at,
            complete_due_at=complaint.complete_due_at,
            is_late_filing=complaint.is_late_filing,
            attachments=len(files),
            url=reverse("api-v1:staff_report", args=[complaint.tracking_number]),
        ),
    )
