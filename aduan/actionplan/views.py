"""The action plan's console pages (/konsol/rencana-aksi/) and its public summary.

Readers (the instansi's coordinators, leaders and auditors, and the plan's team) open every
page; the edit forms show, and their POSTs pass, only for editors (coordinators and the team):
a reader's POST is refused with 403, an outsider gets 404 for everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.accounts.models import User
from aduan.accounts.selectors import user_for_identifier
from aduan.actionplan import document, forms, selectors, services
from aduan.actionplan.charts import aspect_chart
from aduan.actionplan.models import Plan
from aduan.core import clock
from aduan.core.errors import DomainError
from aduan.core.http import stored_file_response
from aduan.organisation.clocks import local_date
from aduan.organisation.decorators import role_required


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # role_required let only signed-in staff through
    return user


def _plan(request: HttpRequest, plan_id: int, *, edit: bool = False) -> Plan:
    plan = selectors.plan_get_for_user(user=_user(request), plan_id=plan_id)
    if edit and not selectors.can_edit(_user(request), plan):
        raise HttpForbidden
    return plan


def _render(
    request: HttpRequest, plan: Plan, template: str, status: int = 200, **context: Any
) -> HttpResponse:
    context.update(
        plan=plan,
        can_edit=selectors.can_edit(_user(request), plan),
        section=request.resolver_match.url_name if request.resolver_match else "",
    )
    return render(request, f"actionplan/{template}", context, status=status)


def _done(request: HttpRequest, message: str, name: str, plan: Plan) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse(f"actionplan:{name}", args=[plan.pk]))


# ---------------------------------------------------------------- plans


@require_GET
@role_required()
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.plans_visible_to(_user(request)))
    if not plans:
        # Staff with no plan to read (liaisons, operators): as for any page not theirs.
        raise Http404
    return render(
        request,
        "actionplan/plan_list.html",
        {"plans": plans},
    )


def _overview(request: HttpRequest, plan: Plan, status: int = 200, **forms_: Any) -> HttpResponse:
    return _render(
        request,
        plan,
        "plan_overview.html",
        status,
        team=list(plan.team.select_related("user")),
        strategic=selectors.indicator_rows(plan),
        changes=list(plan.changes.select_related("actor")[:20]),
        text_form=forms_.get("text_form")
        or forms.PlanTextForm(
            initial={f: getattr(plan, f) for f in (*services.PLAN_TEXT_FIELDS, "decree_date")}
        ),
        publish_form=forms.PublishForm(initial={"published": not plan.published}),
        team_form=forms_.get("team_form") or forms.TeamMemberForm(),
        copy_form=forms_.get("copy_form")
        or forms.CopyForwardForm(
            initial={
                "year_start": plan.year_end + 1,
                "year_end": plan.year_end + 1 + plan.year_end - plan.year_start,
            }
        ),
    )


@require_GET
@role_required()
def plan_overview(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _overview(request, _plan(request, plan_id))


@require_POST
@role_required()
def plan_texts(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.PlanTextForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        decree_date = data.pop("decree_date")
        services.plan_update(actor=_user(request), plan=plan, decree_date=decree_date, **data)
        return _done(request, _("The plan was saved."), "overview", plan)
    return _overview(request, plan, 400, text_form=form)


@require_POST
@role_required()
def team_member_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.TeamMemberForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        username = data.pop("username")
        user = user_for_identifier(username) if username else None
        if username and user is None:
            form.add_error("username", _("No staff account has this username."))
        else:
            services.team_member_add(actor=_user(request), plan=plan, user=user, **data)
            return _done(request, _("The team member was added."), "overview", plan)
    return _overview(request, plan, 400, team_form=form)


@require_POST
@role_required()
def plan_publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.PublishForm(request.POST)
    form.is_valid()
    published = bool(form.cleaned_data.get("published"))
    services.plan_publish(actor=_user(request), plan=plan, published=published)
    message = _("The summary is public.") if published else _("The summary is no longer public.")
    return _done(request, message, "overview", plan)


@require_POST
@role_required()
def plan_copy(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.CopyForwardForm(request.POST)
    if form.is_valid():
        try:
            new = services.plan_copy_forward(
                actor=_user(request),
                plan=plan,
                year_start=form.cleaned_data["year_start"],
                year_end=form.cleaned_data["year_end"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, _("The new plan was made from this one."), "overview", new)
    return _overview(request, plan, 400, copy_form=form)


# ---------------------------------------------------------------- assessment


@require_GET
@role_required()
def assessment(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    comparison = selectors.assessment_comparison(plan)
    return _render(
        request, plan, "assessment.html", comparison=comparison, chart=aspect_chart(comparison)
    )


@require_http_methods(["GET", "POST"])
@role_required()
def assessment_entry(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    statements = list(plan.template.statements.order_by("number"))
    if request.method == "POST":
        form = forms.AssessmentForm(request.POST, plan=plan, statements=statements)
        if form.is_valid():
            data = form.cleaned_data
            scores = {
                s.number: services.ScoreInput(
                    data[f"score_{s.number}"], data[f"note_{s.number}"],
                    data[f"evidence_{s.number}"], data[f"evidence_file_{s.number}"],
                )
                for s in statements
            }  # fmt: skip
            try:
                services.assessment_record(
                    actor=_user(request),
                    plan=plan,
                    year=data["year"],
                    assessed_on=data["assessed_on"],
                    assessed_by=data["assessed_by"],
                    scores=scores,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return _done(request, _("The assessment was saved."), "assessment", plan)
        return _render(request, plan, "assessment_entry.html", 400, form=form)
    year = local_date(plan.instansi, clock.now()).year
    form = forms.AssessmentForm(
        plan=plan,
        statements=statements,
        initial={
            "year": min(max(year, plan.year_start), plan.year_end),
            "assessed_by": _("Plan team"),
        },
    )
    return _render(request, plan, "assessment_entry.html", form=form)


# ---------------------------------------------------------------- priorities and minutes


def _priorities(request: HttpRequest, plan: Plan, status: int = 200, **forms_: Any) -> HttpResponse:
    minutes = getattr(plan, "minutes", None)
    initial = {}
    if minutes is not None:
        initial = {
            "held_on": minutes.held_on,
            "place": minutes.place,
            "summary": minutes.summary,
            "signed_by": minutes.signed_by,
            "attendees": "\n".join(f"{a['name']}; {a['affiliation']}" for a in minutes.attendees),
        }
    return _render(
        request,
        plan,
        "priorities.html",
        status,
        comparison=selectors.assessment_comparison(plan),
        minutes=minutes,
        priority_form=forms_.get("priority_form") or forms.PriorityForm(),
        minutes_form=forms_.get("minutes_form") or forms.MinutesForm(initial=initial),
    )


@require_GET
@role_required()
def priorities(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _priorities(request, _plan(request, plan_id))


@require_POST
@role_required()
def priority_set(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.PriorityForm(request.POST)
    if form.is_valid():
        services.priority_set(actor=_user(request), plan=plan, **form.cleaned_data)
        return _done(request, _("The priority was saved."), "priorities", plan)
    return _priorities(request, plan, 400, priority_form=form)


@require_POST
@role_required()
def minutes_save(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_save(
                actor=_user(request),
                plan=plan,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                summary=form.cleaned_data["summary"],
                attendees=form.attendee_list(),
                signed_by=form.cleaned_data["signed_by"],
            )
        except DomainError as error:
            form.add_error("attendees", str(error))
        else:
            return _done(request, _("The minutes were saved."), "priorities", plan)
    return _priorities(request, plan, 400, minutes_form=form)


@require_GET
@role_required()
def minutes_print(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    return render(
        request,
        "actionplan/minutes_print.html",
        {
            "plan": plan,
            "minutes": getattr(plan, "minutes", None),
            "comparison": selectors.assessment_comparison(plan),
        },
    )


# ---------------------------------------------------------------- indicators


def _indicators(request: HttpRequest, plan: Plan, status: int = 200, **forms_: Any) -> HttpResponse:
    return _render(
        request,
        plan,
        "indicators.html",
        status,
        strategic=selectors.indicator_rows(plan),
        success=selectors.indicator_rows(plan, programmes=True),
        target_form=forms_.get("target_form") or forms.TargetForm(plan=plan),
        entry_form=forms_.get("entry_form") or forms.EntryForm(plan=plan),
        indicator_form=forms_.get("indicator_form") or forms.IndicatorForm(plan=plan),
    )


@require_GET
@role_required()
def indicators(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _indicators(request, _plan(request, plan_id))


@require_POST
@role_required()
def target_set(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.TargetForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.target_set(actor=_user(request), **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, _("The target was saved."), "indicators", plan)
    return _indicators(request, plan, 400, target_form=form)


@require_POST
@role_required()
def entry_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.EntryForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.entry_add(actor=_user(request), **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, _("The achievement was recorded."), "indicators", plan)
    return _indicators(request, plan, 400, entry_form=form)


@require_POST
@role_required()
def indicator_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.IndicatorForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.indicator_add(actor=_user(request), plan=plan, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, _("The indicator was added."), "indicators", plan)
    return _indicators(request, plan, 400, indicator_form=form)


# ---------------------------------------------------------------- programmes


def _programmes(request: HttpRequest, plan: Plan, status: int = 200, **forms_: Any) -> HttpResponse:
    return _render(
        request,
        plan,
        "programmes.html",
        status,
        programmes=selectors.programme_rows(plan),
        form=forms_.get("form") or forms.ActivityStatusForm(plan=plan),
        programme_form=forms_.get("programme_form") or forms.ProgrammeForm(),
        activity_form=forms_.get("activity_form") or forms.ActivityForm(plan=plan),
    )


@require_GET
@role_required()
def programmes(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _programmes(request, _plan(request, plan_id))


@require_POST
@role_required()
def activity_status_set(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.ActivityStatusForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.activity_status_set(actor=_user(request), **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, _("The activity's status was saved."), "programmes", plan)
    return _programmes(request, plan, 400, form=form)


@require_POST
@role_required()
def programme_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.ProgrammeForm(request.POST)
    if form.is_valid():
        services.programme_add(actor=_user(request), plan=plan, **form.cleaned_data)
        return _done(request, _("The programme was added."), "programmes", plan)
    return _programmes(request, plan, 400, programme_form=form)


@require_POST
@role_required()
def activity_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.ActivityForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.activity_add(actor=_user(request), **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, _("The activity was added."), "programmes", plan)
    return _programmes(request, plan, 400, activity_form=form)


# ---------------------------------------------------------------- monitoring and evaluation


def _monev(request: HttpRequest, plan: Plan, status: int = 200,
           note_form: forms.MonevNoteForm | None = None) -> HttpResponse:  # fmt: skip
    today = local_date(plan.instansi, clock.now())
    period = forms.MonevPeriodForm(request.GET or None, plan=plan)
    year = min(max(today.year, plan.year_start), plan.year_end)
    quarter = 0
    if period.is_bound and period.is_valid():
        year, quarter = period.cleaned_data["year"], period.cleaned_data["quarter"]
    elif not period.is_bound:
        period = forms.MonevPeriodForm(plan=plan, initial={"year": year, "quarter": 0})
    report = selectors.monev(plan, year=year, quarter=quarter, today=today)
    if note_form is None:
        note = report.note
        note_form = forms.MonevNoteForm(
            initial={"notes": note.notes, "decisions": note.decisions} if note else None
        )
    return _render(request, plan, "monev.html", status, period=period, report=report,
                   note_form=note_form)  # fmt: skip


@require_GET
@role_required()
def monev(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _monev(request, _plan(request, plan_id))


@require_POST
@role_required()
def monev_note_save(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    period = forms.MonevPeriodForm(request.GET, plan=plan)
    form = forms.MonevNoteForm(request.POST)
    if period.is_valid() and form.is_valid():
        year, quarter = period.cleaned_data["year"], period.cleaned_data["quarter"]
        services.monev_note_save(actor=_user(request), plan=plan, year=year, quarter=quarter,
                                 **form.cleaned_data)  # fmt: skip
        messages.success(request, _("The monitoring notes were saved."))
        query = request.GET.urlencode()
        return redirect(f"{reverse('actionplan:monev', args=[plan.pk])}?{query}")
    return _monev(request, plan, 400, form)


# ---------------------------------------------------------------- capacity


def _capacity(request: HttpRequest, plan: Plan, status: int = 200, **forms_: Any) -> HttpResponse:
    return _render(
        request,
        plan,
        "capacity.html",
        status,
        trainings=list(plan.trainings.select_related("user")),
        budget=selectors.budget_years(plan),
        training_form=forms_.get("training_form") or forms.TrainingForm(),
        budget_form=forms_.get("budget_form") or forms.BudgetLineForm(plan=plan),
    )


@require_GET
@role_required()
def capacity(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _capacity(request, _plan(request, plan_id))


@require_POST
@role_required()
def training_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.TrainingForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        username = data.pop("username")
        user = user_for_identifier(username) if username else None
        if username and user is None:
            form.add_error("username", _("No staff account has this username."))
        else:
            try:
                services.training_add(actor=_user(request), plan=plan, user=user, **data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return _done(request, _("The training was recorded."), "capacity", plan)
    return _capacity(request, plan, 400, training_form=form)


@require_POST
@role_required()
def budget_line_save(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.BudgetLineForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            services.budget_line_save(actor=_user(request), plan=plan, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, _("The budget line was saved."), "capacity", plan)
    return _capacity(request, plan, 400, budget_form=form)


# ---------------------------------------------------------------- evidence


def _evidence(request: HttpRequest, plan: Plan, status: int = 200,
              form: forms.EvidenceForm | None = None) -> HttpResponse:  # fmt: skip
    return _render(
        request,
        plan,
        "evidence.html",
        status,
        files=list(plan.evidence_files.select_related("uploaded_by")),
        form=form or forms.EvidenceForm(),
    )


@require_GET
@role_required()
def evidence(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _evidence(request, _plan(request, plan_id))


@require_POST
@role_required()
def evidence_upload(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id, edit=True)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_upload(
                actor=_user(request),
                plan=plan,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            return _done(request, _("The document was kept as evidence."), "evidence", plan)
    return _evidence(request, plan, 400, form)


@require_GET
@role_required()
def evidence_download(request: HttpRequest, plan_id: int, file_id: int) -> HttpResponseBase:
    plan = _plan(request, plan_id)
    found = selectors.evidence_get(plan=plan, file_id=file_id)
    return stored_file_response(
        found.file, content_type=found.content_type, filename=found.original_name
    )


# ---------------------------------------------------------------- the document


@require_GET
@role_required()
def document_pdf(request: HttpRequest, plan_id: int) -> HttpResponseBase:
    plan = _plan(request, plan_id)
    return _attachment(document.plan_pdf(plan), "application/pdf", plan, "pdf")


@require_GET
@role_required()
def document_docx(request: HttpRequest, plan_id: int) -> HttpResponseBase:
    plan = _plan(request, plan_id)
    kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return _attachment(document.plan_docx(plan), kind, plan, "docx")


def _attachment(content: bytes, kind: str, plan: Plan, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    name = f"rencana-aksi-{plan.instansi.code}-{plan.year_start}-{plan.year_end}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------- public


@require_GET
def public_summary(request: HttpRequest, code: str) -> HttpResponse:
    """The published summary: the goal, the strategic targets and their achievements."""
    plan = selectors.plan_published(instansi_code=code)
    return render(
        request,
        "actionplan/public_summary.html",
        {"plan": plan, "strategic": selectors.indicator_rows(plan)},
    )
