"""Oversight dashboards, their exports and the auditor's pages (/konsol/pengawasan/, /audit/).

Each list answers `?format=csv` or `?format=xlsx` with the same filter as the page, all pages,
and no reporter identity. The escalation list lives in notifications (it reads that app's
table, which reporting may not import).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponseBase, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import EventKind
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.core import clock
from aduan.core.templatetags.aduan_format import zone as zone_name
from aduan.organisation.clocks import local_date
from aduan.organisation.decorators import role_required
from aduan.organisation.selectors import calendar_for
from aduan.reporting import oversight as sel
from aduan.reporting.changes import Names, change_in_words
from aduan.reporting.exports import Cell, export_format, export_response, local_time
from aduan.reporting.forms import EventFilterForm, OverdueFilterForm, PeriodForm
from aduan.reporting.gesi import priority_handling
from aduan.reporting.selectors import month_span, period_of

PAGE_SIZE = 50
DASHBOARD_OVERDUE = 10


def _query(request: HttpRequest, *drop: str) -> str:
    """The request's filter, without paging and format, for links to other pages and exports."""
    query: QueryDict = request.GET.copy()
    for key in ("format", "page", "after", *drop):
        query.pop(key, None)
    return query.urlencode()


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # role_required let only signed-in staff through
    return user


def _context(request: HttpRequest, scope: sel.Scope, scopes: list[sel.Scope]) -> dict[str, Any]:
    return {
        "scope": scope,
        "scopes": scopes,
        "instansi": scope.instansi,
        "query": _query(request),
    }


# ---------------------------------------------------------------- the dashboard


def _work_export(scope: sel.Scope, work: list[sel.UnitWork], fmt: str) -> HttpResponseBase:
    header = [
        _("Unit"),
        _("Waiting for the unit"),
        _("Accepted"),
        _("Of which on hold"),
        _("First follow-up overdue"),
        _("Completion overdue"),
        _("Open dispatches"),
    ]
    rows: list[Sequence[Cell]] = [
        [w.unit, w.pending, w.accepted, w.on_hold, w.followup_overdue,
         w.completion_overdue, w.total]
        for w in work
    ]  # fmt: skip
    return export_response(
        fmt=fmt,
        filename=f"pekerjaan-terbuka-{scope.instansi.code}-{clock.now():%Y%m%d}",
        title=_("Open work per unit"),
        header=header,
        rows=rows,
    )


@require_GET
@role_required(Role.COORDINATOR, Role.LEADER, Role.AUDITOR)
def oversight(request: HttpRequest) -> HttpResponseBase:
    scope, scopes = sel.oversight_scope_for(_user(request), request.GET.get("instansi"))
    now = clock.now()
    work = sel.open_work_per_unit(scope, now=now)
    fmt = export_format(request.GET.get("format"))
    if fmt:
        return _work_export(scope, work, fmt)
    overdue = sel.overdue_in(scope, now=now)
    year_from, year_to = period_of(scope.instansi, None, None)
    overdue_rows = list(overdue[:DASHBOARD_OVERDUE])
    # Count only when the first rows do not already say how many there are.
    overdue_count = overdue.count() if len(overdue_rows) == DASHBOARD_OVERDUE else len(overdue_rows)
    context = {
        **_context(request, scope, scopes),
        "work": work,
        "work_total": sel.work_total(work),
        "awaiting": sel.awaiting_verification(scope),
        "overdue_count": overdue_count,
        "overdue": list(_overdue_rows(scope, overdue_rows, now)),
        # GESI: are the reports of people who asked for extra help handled faster?
        "priority": priority_handling(
            instansi=scope.instansi,
            date_from=year_from,
            date_to=year_to,
            unit_ids=scope.unit_ids,
        ),
        "priority_from": year_from,
        "priority_to": year_to,
    }
    return render(request, "reporting/oversight.html", context)


# ---------------------------------------------------------------- overdue


def _overdue_rows(
    scope: sel.Scope, complaints: Iterable[Complaint], now: datetime
) -> Iterator[dict[str, Any]]:
    """What a row of the overdue list shows; working days late counted in the instansi's
    calendar (memoised by deadline day: a list holds few distinct days)."""
    instansi = scope.instansi
    calendar = calendar_for(instansi)
    today = local_date(instansi, now)
    late: dict[date, int] = {}
    clock_names = {
        "verify": _("Verification"),
        "followup": _("First follow-up"),
        "complete": _("Completion"),
    }
    for complaint in complaints:
        assert complaint.next_due_at is not None
        due_day = local_date(instansi, complaint.next_due_at)
        if due_day not in late:
            late[due_day] = calendar.count(due_day, today)
        which = sel.overdue_clock(complaint, now)
        yield {
            "complaint": complaint,
            "clock": clock_names[which],
            "due": complaint.next_due_at,
            "days_late": late[due_day],
            "units": ", ".join(str(d.unit) for d in getattr(complaint, "active_dispatches", ())),
        }


def _overdue_export(scope: sel.Scope, rows: Iterator[dict[str, Any]], fmt: str) -> HttpResponseBase:
    zone = ZoneInfo(scope.instansi.time_zone)
    header = [
        _("Tracking number"),
        _("Title"),
        _("Type"),
        _("Category"),
        _("Status"),
        _("Overdue clock"),
        _("Deadline"),
        _("Working days late"),
        _("Units"),
        _("Confidential"),
    ]

    def cells() -> Iterator[Sequence[Cell]]:
        for row in rows:
            c: Complaint = row["complaint"]
            yield [
                c.tracking_number,
                c.title,
                str(c.get_type_display()),
                c.category.name if c.category else "",
                str(c.get_status_display()),
                row["clock"],
                local_time(row["due"], zone),
                row["days_late"],
                row["units"],
                _("yes") if c.is_confidential else _("no"),
            ]

    return export_response(
        fmt=fmt,
        filename=f"laporan-terlambat-{scope.instansi.code}-{clock.now():%Y%m%d}",
        title=_("Overdue reports"),
        header=header,
        rows=cells(),
    )


@require_GET
@role_required(Role.COORDINATOR, Role.LEADER, Role.AUDITOR)
def oversight_overdue(request: HttpRequest) -> HttpResponseBase:
    scope, scopes = sel.oversight_scope_for(_user(request), request.GET.get("instansi"))
    units = sel.scope_units(scope)
    form = OverdueFilterForm(request.GET, units=units)
    unit = form.cleaned_data.get("unit") if form.is_valid() else ""
    now = clock.now()
    rows = sel.overdue_in(scope, now=now, unit_id=int(unit) if unit else None)
    fmt = export_format(request.GET.get("format"))
    if fmt:
        limited = rows[: sel.EXPORT_MAX_ROWS].iterator(chunk_size=1000)
        return _overdue_export(scope, _overdue_rows(scope, limited, now), fmt)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **_context(request, scope, scopes),
        "form": form,
        "page": page,
        "rows": list(_overdue_rows(scope, page.object_list, now)),
        "page_query": _query(request),
    }
    return render(
        request, "reporting/oversight_overdue.html", context, status=200 if form.is_valid() else 400
    )


# ---------------------------------------------------------------- each unit's times


@require_GET
@role_required(Role.COORDINATOR, Role.LEADER, Role.AUDITOR)
def oversight_units(request: HttpRequest) -> HttpResponseBase:
    scope, scopes = sel.oversight_scope_for(_user(request), request.GET.get("instansi"))
    form = PeriodForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    date_from, date_to = month_span(
        *period_of(scope.instansi, data.get("date_from"), data.get("date_to"))
    )
    times, computed_at = sel.unit_times_for(scope, date_from=date_from, date_to=date_to)
    fmt = export_format(request.GET.get("format"))
    if fmt:
        header = [
            _("Unit"),
            _("Dispatches received"),
            _("Followed up"),
            _("No follow-up, past the deadline"),
            _("Mean days to the first follow-up"),
            _("First follow-up on time (%)"),
            _("Resolved"),
            _("Resolved on time (%)"),
            _("Mean days to resolution"),
        ]
        rows: list[Sequence[Cell]] = [
            [t.unit, t.dispatched, t.followed_up, t.followup_missing_late,
             t.mean_days_to_followup, t.followup_on_time_percent, t.resolved,
             t.resolved_on_time_percent,
             t.mean_days_to_resolution]
            for t in times
        ]  # fmt: skip
        return export_response(
            fmt=fmt,
            filename=f"waktu-unit-{scope.instansi.code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}",
            title=_("Unit times"),
            header=header,
            rows=rows,
        )
    context = {
        **_context(request, scope, scopes),
        "form": form,
        "form_valid": valid,
        "times": times,
        "date_from": date_from,
        "date_to": date_to,
        "computed_at": computed_at,
    }
    return render(request, "reporting/oversight_units.html", context, status=200 if valid else 400)


# ---------------------------------------------------------------- the auditor's pages


def _event_filter(
    scope: sel.Scope, form: EventFilterForm, kinds: tuple[str, ...]
) -> sel.EventFilter:
    if not form.is_valid():
        return sel.EventFilter(kinds=kinds)
    data = form.cleaned_data
    start = end = None
    if data.get("date_from") or data.get("date_to"):
        start, end = sel.period_bounds(
            scope.instansi,
            data.get("date_from") or date(2000, 1, 1),
            data.get("date_to") or date(2100, 12, 30),
        )
        start = start if data.get("date_from") else None
        end = end if data.get("date_to") else None
    actor = None
    if data.get("actor"):
        actor = sel.staff_user_by_username(scope.instansi, data["actor"])
        if actor is None:
            return sel.EventFilter(match_nothing=True)  # an unknown name, not "anyone"
    return sel.EventFilter(
        tracking_number=data.get("number") or "",
        kinds=(data["kind"],) if data.get("kind") else kinds,
        actor=actor,
        start=start,
        end=end,
    )


def _event_cells(
    events: Iterable[ComplaintEvent], zone: ZoneInfo, names: Names
) -> Iterator[Sequence[Cell]]:
    for e in events:
        yield [
            local_time(e.created_at, zone),
            str(e.get_kind_display()),
            sel.actor_label(e),
            str(e.unit) if e.unit else "",
            e.complaint.tracking_number,
            change_in_words(e.old, e.new, names),
            e.note,
        ]


def _audit_page(
    request: HttpRequest, *, identity_only: bool, template: str, filename: str, title: str
) -> HttpResponseBase:
    scope, scopes = sel.audit_scope_for(_user(request), request.GET.get("instansi"))
    form = EventFilterForm(request.GET)
    if identity_only:
        del form.fields["kind"]
    kinds: tuple[str, ...] = (EventKind.IDENTITY_VIEWED,) if identity_only else ()
    flt = _event_filter(scope, form, kinds)
    zone = ZoneInfo(scope.instansi.time_zone)
    fmt = export_format(request.GET.get("format"))
    if fmt:
        found = sel.events_of(scope.instansi, flt)[: sel.EXPORT_MAX_ROWS].iterator(chunk_size=2000)
        header = [_("Time (%(zone)s)") % {"zone": zone_name(scope.instansi.time_zone)},
                  _("Event"), _("By"), _("Unit"), _("Report"), _("Changes"), _("Note")]  # fmt: skip
        return export_response(
            fmt=fmt,
            filename=f"{filename}-{scope.instansi.code}-{clock.now():%Y%m%d}",
            title=title,
            header=header,
            rows=_event_cells(found, zone, Names.of(scope.instansi)),
        )
    after = sel.Cursor.parse(request.GET.get("after"))
    events, next_cursor = sel.events_page(scope.instansi, flt, after=after, limit=PAGE_SIZE)
    names = Names.of(scope.instansi)
    context = {
        **_context(request, scope, scopes),
        "form": form,
        "events": [
            {
                "event": e,
                "actor": sel.actor_label(e),
                "change": change_in_words(e.old, e.new, names),
            }
            for e in events
        ],
        "next_cursor": next_cursor.token() if next_cursor else "",
        "is_first_page": after is None,
    }
    return render(request, template, context, status=200 if form.is_valid() else 400)


@require_GET
@role_required(Role.AUDITOR)
def audit_events(request: HttpRequest) -> HttpResponseBase:
    return _audit_page(
        request,
        identity_only=False,
        template="reporting/audit_events.html",
        filename="log-peristiwa",
        title=_("Event log"),
    )


@require_GET
@role_required(Role.AUDITOR)
def audit_identity_views(request: HttpRequest) -> HttpResponseBase:
    return _audit_page(
        request,
        identity_only=True,
        template="reporting/audit_identity_views.html",
        filename="akses-identitas",
        title=_("Identity views"),
    )
