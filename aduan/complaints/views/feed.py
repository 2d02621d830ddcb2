"""The public feed (/laporan/) and the public page of one report (/laporan/<nomor>/).

Nothing here shows who filed a report; a rahasia report answers 404 like a missing one.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from html import escape as esc
from typing import Any

from django import forms
from django.conf import settings
from django.forms.utils import ErrorList
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from aduan.complaints.choices import EventKind, ReportType, Status
from aduan.complaints.models import Complaint
from aduan.complaints.search import (
    COUNT_LIMIT,
    MAX_QUERY_LENGTH,
    ORDER_NEWEST,
    ORDER_RELEVANCE,
    FeedFilters,
    search_public_values,
)
from aduan.complaints.selectors import attachments_public, complaint_get_public, public_events_of
from aduan.organisation.choices import RegionLevel
from aduan.organisation.models import Category, Instansi, Region, Unit

PAGE_SIZE = 20
MAX_PAGE = 500  # deeper pages cost an ever longer scan; the filters narrow faster

_SELECTS = ("status", "type", "category", "unit", "district", "sort")

# The filters' reference rows change only through the admin and the reference loaders, so each
# process keeps them for a minute instead of three queries a page. A save or delete of a
# reference row in this process forgets them at once (complaints.apps); another worker shows
# the change within FILTER_OPTIONS_TTL_SECONDS.
FILTER_OPTIONS_TTL_SECONDS = 60.0


@dataclass(frozen=True)
class FeedFilterOptions:
    """The choices of the feed's filters from the database: (pk, name) and (code, name)."""

    categories: tuple[tuple[int, str], ...]
    units: tuple[tuple[int, str], ...]
    districts: tuple[tuple[str, str], ...]


# Per instansi (0: every instansi, when the deployment hosts none yet): (expiry, options).
_filter_options: dict[int, tuple[float, FeedFilterOptions]] = {}
# The instansi a feed shows: code → (expiry, pk, name); the default one under "".
_feed_instansi: dict[str, tuple[float, int, str]] = {}


def filter_options_forget() -> None:
    """Forget the cached filter options (after a change to the reference rows, and in tests)."""
    _filter_options.clear()
    _feed_instansi.clear()
    _unfiltered_count.clear()


@dataclass(frozen=True)
class FeedInstansi:
    """The government whose reports and reference data a feed shows (0: all, none exists)."""

    pk: int
    code: str
    name: str
    is_default: bool


def feed_instansi(code: str | None) -> FeedInstansi:
    """The instansi of `?instansi=<code>`, else the deployment's default (settings
    ADUAN_DEFAULT_INSTANSI), else the first: each government's public pages show its own
    reports and reference data by default. Kept per process like the filter options."""
    wanted = (code or "").strip()
    now = time.monotonic()
    cached = _feed_instansi.get(wanted)
    if cached is None or cached[0] <= now:
        default = settings.ADUAN_DEFAULT_INSTANSI
        rows = {
            row[1]: row
            for row in Instansi.objects.filter(code__in={wanted, default}).values_list(
                "pk", "code", "name"
            )
        }
        found = rows.get(wanted) or rows.get(default)
        if found is None:  # no default configured: the first government, or none at all
            first = Instansi.objects.order_by("pk").values_list("pk", "code", "name").first()
            found = first or (0, "", "")
        pk, found_code, name = found
        cached = (now + FILTER_OPTIONS_TTL_SECONDS, pk, f"{found_code}\n{name}")
        _feed_instansi[wanted] = cached  # another thread may clear the dict at any moment
    found_code, name = cached[2].split("\n", 1)
    return FeedInstansi(
        pk=cached[1],
        code=found_code,
        name=name,
        is_default=found_code == settings.ADUAN_DEFAULT_INSTANSI,
    )


def feed_filter_options(instansi_id: int = 0) -> FeedFilterOptions:
    """The instansi's top-level active categories and units, and the kecamatan of its region
    (instansi_id 0: of every instansi).

    The same object is answered until it expires, so derived caches key on its identity.
    """
    now = time.monotonic()
    cached = _filter_options.get(instansi_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    categories = Category.objects.filter(parent=None, is_active=True).order_by("name")
    units = Unit.objects.filter(parent=None, is_active=True).order_by("name")
    governments = Instansi.objects.exclude(region=None)
    if instansi_id:
        categories = categories.filter(instansi_id=instansi_id)
        units = units.filter(instansi_id=instansi_id)
        governments = governments.filter(pk=instansi_id)
    districts = Region.objects.filter(
        level=RegionLevel.DISTRICT, parent__in=governments.values("region")
    ).order_by("name")
    options = FeedFilterOptions(
        categories=tuple(categories.values_list("pk", "name")),
        units=tuple(units.values_list("pk", "name")),
        districts=tuple(districts.values_list("code", "name")),
    )
    _filter_options[instansi_id] = (now + FILTER_OPTIONS_TTL_SECONDS, options)
    return options


_choices_of: dict[int, tuple[FeedFilterOptions, dict[str, list[tuple[Any, Any]]]]] = {}


def _choices(options: FeedFilterOptions) -> dict[str, list[tuple[Any, Any]]]:
    """Each select's choices, "All" first; the labels of status and type stay lazy, so the
    lists serve every language and are built once per set of options."""
    cached = _choices_of.get(id(options))
    if cached is not None and cached[0] is options:
        return cached[1]
    choices: dict[str, list[tuple[Any, Any]]] = {
        "status": list(Status.choices),
        "type": list(ReportType.choices),
        "category": list(options.categories),
        "unit": list(options.units),
        "district": list(options.districts),
    }
    built = {name: [("", _("All")), *values] for name, values in choices.items()}
    built["sort"] = [("", _("Best match")), (ORDER_NEWEST, _("Newest first"))]
    if len(_choices_of) > 64:  # options of expired sets
        _choices_of.clear()
    _choices_of[id(options)] = (options, built)
    return built


# The <option> elements of each select, escaped once per language and per set of options: for
# each choice its value and its markup unselected and selected. Keyed on the identity of the
# cached options, so a reloaded FeedFilterOptions builds them again.
_Options = dict[str, list[tuple[str, str, str]]]
_option_markup: dict[tuple[str, int], tuple[FeedFilterOptions, _Options]] = {}


def _options_markup(options: FeedFilterOptions) -> _Options:
    language = get_language() or ""
    key = (language, id(options))
    cached = _option_markup.get(key)
    if cached is not None and cached[0] is options:
        return cached[1]
    markup: _Options = {}
    for name, choices in _choices(options).items():
        markup[name] = []
        for value, label in choices:
            value_html, label_html = conditional_escape(str(value)), conditional_escape(label)
            markup[name].append(
                (
                    str(value),
                    f'\n  <option value="{value_html}">{label_html}</option>',
                    f'\n  <option value="{value_html}" selected>{label_html}</option>',
                )
            )
    if len(_option_markup) > 64:
        _option_markup.clear()
    _option_markup[key] = (options, markup)
    return markup


@dataclass(frozen=True)
class FilterControl:
    """One field of the filter form, ready for the template (no widget templates per option)."""

    name: str
    id: str
    label: str
    input_type: str  # "text", "date" or "select"
    value: str  # as the reader typed it (inputs)
    maxlength: int | None
    help_text: str
    errors: ErrorList | None
    describedby: str
    options: SafeString  # the <option> elements (selects)


def filter_controls(form: FeedForm) -> list[FilterControl]:
    """What Django's as_field_group would render, with the selects' options built in Python.

    Same label, hint, errors, aria-invalid and aria-describedby as BoundField gives them.
    """
    markup = _options_markup(form.options)
    controls = []
    for field in form:
        name = field.name
        errors = form.errors.get(name) if form.is_bound else None
        help_text = str(field.help_text)
        describedby = " ".join(
            [f"{field.auto_id}_helptext"] * bool(help_text)
            + [f"{field.auto_id}_error"] * bool(errors)
        )
        raw = form.data.get(name) if form.is_bound else None
        value = "" if raw is None else str(raw)
        options = SafeString("")
        if name in _SELECTS:
            chosen = value
            options = mark_safe(  # noqa: S308 (built from conditional_escape above)
                "".join(selected if v == chosen else plain for v, plain, selected in markup[name])
                + "\n"
            )
            input_type = "select"
        else:
            input_type = getattr(field.field.widget, "input_type", "text")
        controls.append(
            FilterControl(
                name=name,
                id=field.auto_id,
                label=f"{field.label}{form.label_suffix}",
                input_type=input_type,
                value=value,
                maxlength=getattr(field.field, "max_length", None),
                help_text=help_text,
                errors=errors,
                describedby=describedby,
                options=options,
            )
        )
    return controls


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
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        help_text=_("With search words: the best match first, or the newest first."),
    )

    def __init__(self, *args: Any, instansi_id: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi_id = instansi_id
        # The choices change only through the admin: no query while they are cached. Given as
        # callables, so Django neither normalises nor copies them for each form; they are read
        # only to validate a filter that is set (the template writes the options itself).
        self.options = feed_filter_options(instansi_id)
        choices = _choices(self.options)
        for name in _SELECTS:
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = functools.partial(choices.__getitem__, name)

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
            instansi_id=self.instansi_id or None,
        )


def _page_number(request: HttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


_NUMBER_SLOT = "NOMOR-SLOT"
# The columns feed_rows reads, and no others: a report's description is the bulk of its row.
FEED_ROW_FIELDS = (
    "tracking_number", "public_title", "status", "type", "submitted_at", "is_anonymous",
    "category__name", "region__name", "region__level", "region__parent__name",
)  # fmt: skip


@dataclass(frozen=True)
class FeedRow:
    """What one item of the feed shows, worked out in Python rather than by template lookups."""

    tracking_number: str
    url: str
    title: str
    status: str
    status_label: str
    type_label: str
    category: str | None  # None: no category
    district: str | None  # the report's kecamatan, or its village's; None: no region
    submitted_iso: str
    submitted_day: str
    is_anonymous: bool


def feed_rows(reports: list[dict[str, Any]]) -> list[FeedRow]:
    """The items of the page from search_public_values(fields=FEED_ROW_FIELDS)."""
    status_labels = {value: str(label) for value, label in Status.choices}
    type_labels = {value: str(label) for value, label in ReportType.choices}
    # As {% url %} and the |date filter would write them, without their cost on every row:
    # tracking numbers are letters, digits and dashes, so they go into the path as they are.
    url_pattern = reverse("complaints:public_report", args=[_NUMBER_SLOT])
    months: dict[int, str] = {}
    rows = []
    for report in reports:
        district: str | None
        if report["region__level"] is None:  # no region (a region always has a level)
            district = None
        elif report["region__level"] == RegionLevel.VILLAGE:
            district = report["region__parent__name"] or ""
        else:
            district = report["region__name"]
        submitted = timezone.localtime(report["submitted_at"])
        if submitted.month not in months:  # what the date format "M" writes: "Jan", "Agu"
            months[submitted.month] = dateformat.format(submitted, "M")
        number, status, type_ = report["tracking_number"], report["status"], report["type"]
        rows.append(
            FeedRow(
                tracking_number=number,
                url=url_pattern.replace(_NUMBER_SLOT, number),
                title=report["public_title"],
                status=status,
                status_label=status_labels.get(status, status),
                type_label=type_labels.get(type_, type_),
                category=report["category__name"],  # None: no category
                district=district,
                submitted_iso=submitted.isoformat(),  # the date format "c"
                submitted_day=f"{submitted.day} {months[submitted.month]} {submitted.year:04d}",
                is_anonymous=report["is_anonymous"],
            )
        )
    return rows


def feed_items_html(rows: list[FeedRow]) -> SafeString:
    """The <li> of each item, exactly as the template's loop wrote them (escaped the same way:
    conditional_escape of each value), without the template engine's cost per variable.
    The values are plain strings, so the standard library's escape, which Django's wraps
    (with a check for lazy strings on every call), writes the same text."""
    # Literal msgids, so makemessages still finds them (they were {% translate %} tags).
    status, type_, category, district, received, reporter, anonymous = (
        esc(term)
        for term in (
            gettext("Status"),
            gettext("Type"),
            gettext("Category"),
            gettext("Kecamatan"),
            gettext("Received"),
            gettext("Reporter"),
            gettext("Anonim"),
        )
    )
    items = []
    for row in rows:
        number = esc(row.tracking_number)
        category_facts = (
            "" if row.category is None else f"<dt>{category}</dt><dd>{esc(row.category)}</dd>"
        )
        district_facts = (
            "" if row.district is None else f"<dt>{district}</dt><dd>{esc(row.district)}</dd>"
        )
        reporter_facts = f"<dt>{reporter}</dt><dd>{anonymous}</dd>" if row.is_anonymous else ""
        items.append(
            f'\n<li class="feed-item">\n  <article aria-labelledby="report-{number}">\n'
            f'    <h3 id="report-{number}">'
            f'<a href="{esc(row.url)}">{esc(row.title)}</a></h3>\n'
            f'    <dl class="facts">\n'
            f'      <dt>{status}</dt><dd class="status status-{esc(row.status)}">'
            f"{esc(row.status_label)}</dd>\n"
            f"      <dt>{type_}</dt><dd>{esc(row.type_label)}</dd>\n"
            f"      {category_facts}\n"
            f"      {district_facts}\n"
            f'      <dt>{received}</dt><dd><time datetime="{esc(row.submitted_iso)}">'
            f"{esc(row.submitted_day)}</time></dd>\n"
            f"      {reporter_facts}\n"
            f"    </dl>\n  </article>\n</li>"
        )
    return mark_safe("".join(items))  # noqa: S308 (every value escaped above)


# The search-and-filter section of a feed without filters is the same for every reader of a
# language: it is rendered once per language and per set of filter options.
_filter_sections: dict[tuple[str, int], tuple[FeedFilterOptions, SafeString]] = {}


def filter_section_html(
    request: HttpRequest, form: FeedForm, instansi: FeedInstansi | None = None
) -> SafeString:
    """The <search> section (complaints/feed_filters.html) with the form's values and errors."""
    blank = not any(form.data.get(name) for name in form.fields)
    language = get_language() or ""
    options = form.options
    key = (language, form.instansi_id)
    if blank:
        cached = _filter_sections.get(key)
        if cached is not None and cached[0] is options:
            return cached[1]
    # The other filters stay unfolded while one of them is set or wrong.
    filters_open = any(form.data.get(name) for name in form.fields if name != "q") or bool(
        form.is_bound and form.errors
    )
    html = mark_safe(  # noqa: S308 (a rendered template)
        render_to_string(
            "complaints/feed_filters.html",
            {
                "form": form,
                "filter_controls": filter_controls(form),
                "filters_open": filters_open,
                "instansi": instansi,
                "instansi_query": (
                    f"instansi={instansi.code}" if instansi and not instansi.is_default else ""
                ),
            },
        )
    )
    if blank:
        _filter_sections[key] = (options, html)
    return html


# The number of public reports, capped at COUNT_LIMIT, changes only with intake: without a query
# or a filter, each process counts it at most once every UNFILTERED_COUNT_SECONDS.
UNFILTERED_COUNT_SECONDS = 10.0
_unfiltered_count: dict[int, tuple[float, int | None]] = {}  # instansi → (expiry, count)


def _unfiltered_count_known(instansi_id: int) -> tuple[bool, int | None]:
    """Whether this process knows the unfiltered count, and the count. One read of the dict:
    under threaded workers, a report saved by another thread clears it at any moment."""
    known = _unfiltered_count.get(instansi_id)
    if known is None or known[0] <= time.monotonic():
        return False, None
    return True, known[1]


def feed_count_forget() -> None:
    """Forget the unfiltered count: a report was saved or deleted in this process."""
    _unfiltered_count.clear()


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    # Django's Paginator would count every match; the page asks for one row more instead.
    instansi = feed_instansi(request.GET.get("instansi"))
    form = FeedForm(request.GET, instansi_id=instansi.pk)
    number = _page_number(request)
    count: int | None = None
    reports: list[dict[str, Any]] = []
    has_next = False
    if form.is_valid():  # invalid filters: the errors by their fields, and no list
        unfiltered = not any(form.cleaned_data.get(name) for name in form.fields)
        known, known_count = _unfiltered_count_known(instansi.pk) if unfiltered else (False, None)
        count, reports = search_public_values(
            query=form.cleaned_data["q"],
            filters=form.filters(),
            limit=PAGE_SIZE + 1,
            offset=(number - 1) * PAGE_SIZE,
            fields=FEED_ROW_FIELDS,
            with_count=not known,
            order=form.cleaned_data.get("sort") or ORDER_RELEVANCE,
        )
        if known:
            count = known_count
        elif unfiltered:
            _unfiltered_count[instansi.pk] = (time.monotonic() + UNFILTERED_COUNT_SECONDS, count)
        has_next = len(reports) > PAGE_SIZE and number < MAX_PAGE
        reports = reports[:PAGE_SIZE]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/feed.html",
        {
            "form": form,
            "filter_section": filter_section_html(request, form, instansi),
            "instansi": instansi,
            "reports": bool(reports),
            "feed_items": feed_items_html(feed_rows(reports)),
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
    # The one audience filter: public entries, a note only where it was written for the
    # public, screened (a dispatch instruction or a reporter's words never come through).
    events = public_events_of(complaint)
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
        entries.append(
            TimelineEntry(
                at=event.created_at,
                label=str(EventKind(event.kind).label),
                units=units,
                note=event.note,
            )
        )
    return entries


@require_GET
def public_report(request: HttpRequest, tracking_number: str) -> HttpResponse:
    complaint = complaint_get_public(tracking_number=tracking_number)
    attachments = attachments_public(complaint)
    return render(
        request,
        "complaints/report_public.html",
        {"report": complaint, "timeline": _timeline(complaint), "attachments": attachments},
    )
