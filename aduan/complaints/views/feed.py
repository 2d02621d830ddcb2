"""The public feed (/laporan/) and the public page of one report (/laporan/<nomor>/).

Nothing here shows who filed a report; a rahasia report answers 404 like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from aduan.complaints.choices import ActorKind, EventKind, ReportType, Status
from aduan.complaints.models import Complaint, ComplaintEvent
from aduan.complaints.search import COUNT_LIMIT, MAX_QUERY_LENGTH, FeedFilters, search_public
from aduan.complaints.selectors import complaint_get_public
from aduan.organisation.choices import RegionLevel
from aduan.organisation.models import Category, Instansi, Region, Unit

PAGE_SIZE = 20
MAX_PAGE = 500  # deeper pages cost an ever longer scan; the filters narrow faster

# Public events whose note is shown: what a unit or the coordinator wrote for the public. A
# dispatch instruction is meant for the unit, and a reporter's own words may name them.
_NOTE_KINDS = {EventKind.FOLLOWUP, EventKind.RESOLVED, EventKind.HELD, EventKind.EXTENDED}


class FeedForm(forms.Form):
    """The feed's search box and filters; every field optional, so a bare /laporan/ is valid."""

    q = forms.CharField(
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text=_("Words from the title or the description, e.g. jalan berlubang."),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, required=False)
    unit = forms.TypedChoiceField(label=_("Handled by"), coerce=int, required=False)
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Three small reference queries; values_list, so validation needs no further query.
        categories = Category.objects.filter(parent=None, is_active=True).order_by("name")
        units = Unit.objects.filter(parent=None, is_active=True).order_by("name")
        districts = Region.objects.filter(
            level=RegionLevel.DISTRICT,
            parent__in=Instansi.objects.exclude(region=None).values("region"),
        ).order_by("name")
        options: dict[str, list[tuple[Any, Any]]] = {
            "status": list(Status.choices),
            "type": list(ReportType.choices),
            "category": list(categories.values_list("pk", "name")),
            "unit": list(units.values_list("pk", "name")),
            "district": list(districts.values_list("code", "name")),
        }
        for name, choices in options.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("All")), *choices]

    def filters(self) -> FeedFilters:
        data = self.cleaned_data
        return FeedFilters(
            status=Status(data["status"]) if data.get("status") else None,
            type=ReportType(data["type"]) if data.get("type") else None,
            category_id=data.get("category") or None,
            unit_id=data.get("unit") or None,
            district=data.get("district") or "",
            submitted_from=data.get("date_from"),
            submitted_to=data.get("date_to"),
        )


def _page_number(request: HttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    # Django's Paginator would count every match; the page asks for one row more instead.
    form = FeedForm(request.GET)
    number = _page_number(request)
    count: int | None = None
    reports: list[Complaint] = []
    has_next = False
    if form.is_valid():  # invalid filters: the errors by their fields, and no list
        count, reports = search_public(
            query=form.cleaned_data["q"],
            filters=form.filters(),
            limit=PAGE_SIZE + 1,
            offset=(number - 1) * PAGE_SIZE,
        )
        has_next = len(reports) > PAGE_SIZE and number < MAX_PAGE
        reports = reports[:PAGE_SIZE]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/feed.html",
        {
            "form": form,
            "reports": reports,
            "count": count,
            "count_limit": COUNT_LIMIT,
            "page_number": number,
            "has_previous": number > 1,
            "has_next": has_next,
            "query_string": query.urlencode(),
        },
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One public event as the public sees it: what happened, when, by which unit."""

    at: Any
    label: str
    units: list[str]
    note: str


def _timeline(complaint: Complaint) -> list[TimelineEntry]:
    events = list(
        ComplaintEvent.objects.filter(complaint=complaint, is_public=True)
        .select_related("unit")
        .order_by("seq")
    )
    unit_ids = {
        pk
        for e in events
        if e.kind == EventKind.DISPATCHED
        for pk in (e.new or {}).get("units", [])
        if isinstance(pk, int)
    }
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    entries = []
    for event in events:
        if event.kind == EventKind.DISPATCHED:
            units = [names[pk] for pk in event.new.get("units", []) if pk in names]
        else:
            units = [event.unit.name] if event.unit else []
        shows_note = event.kind in _NOTE_KINDS and event.actor_kind == ActorKind.STAFF
        entries.append(
            TimelineEntry(
                at=event.created_at,
                label=str(EventKind(event.kind).label),
                units=units,
                note=event.note if shows_note else "",
            )
        )
    return entries


@require_GET
def public_report(request: HttpRequest, tracking_number: str) -> HttpResponse:
    complaint = complaint_get_public(tracking_number=tracking_number)
    attachments = list(complaint.attachments.filter(is_public=True).order_by("uploaded_at", "pk"))
    return render(
        request,
        "complaints/report_public.html",
        {"report": complaint, "timeline": _timeline(complaint), "attachments": attachments},
    )
