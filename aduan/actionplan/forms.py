"""The shape of the action plan's console forms; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from aduan.actionplan.choices import ActivityState, Aspect, TeamRole, TrainingKind
from aduan.actionplan.figures import FIGURES
from aduan.actionplan.models import (
    Activity,
    EvidenceFile,
    Indicator,
    Plan,
    Programme,
    Statement,
)

QUARTERS = [(0, _("Whole year")), (1, _("Quarter I")), (2, _("Quarter II")),
            (3, _("Quarter III")), (4, _("Quarter IV"))]  # fmt: skip
SCORES = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]
LEVELS = [(n, str(n)) for n in range(1, 6)]


def _years(plan: Plan) -> list[tuple[int, str]]:
    return [(y, str(y)) for y in plan.years]


def _evidence_field(label: Any) -> forms.ModelChoiceField[EvidenceFile]:
    return forms.ModelChoiceField(label=label, queryset=EvidenceFile.objects.none(), required=False)


def _offer_evidence(form: forms.Form, plan: Plan, *names: str) -> None:
    files = plan.evidence_files.all()
    for name in names:
        field = form.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = files


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 10 MB)"))


class DateInput(forms.DateInput):
    input_type = "date"


class PlanTextForm(forms.Form):
    goal = forms.CharField(label=_("Goal (tujuan)"), widget=forms.Textarea, required=False)
    strategic_target = forms.CharField(
        label=_("Strategic target (sasaran)"), widget=forms.Textarea, required=False
    )
    introduction = forms.CharField(
        label=_("Chapter I: introduction"), widget=forms.Textarea, required=False
    )
    closing = forms.CharField(label=_("Chapter V: closing"), widget=forms.Textarea, required=False)
    decree_number = forms.CharField(label=_("Decree number"), max_length=200, required=False)
    decree_date = forms.DateField(label=_("Decree date"), widget=DateInput, required=False)


class PublishForm(forms.Form):
    published = forms.BooleanField(label=_("Publish the summary on the public page"),
                                   required=False)  # fmt: skip


class CopyForwardForm(forms.Form):
    year_start = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    year_end = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_start"), data.get("year_end")
        if start is not None and end is not None and end < start:
            raise forms.ValidationError(_("The last year comes after the first."))
        return data


class AssessmentForm(forms.Form):
    """The matrix: a score 1-4 with a note and a link to evidence for every statement."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=DateInput)
    assessed_by = forms.CharField(label=_("Assessed by"), max_length=300)

    def __init__(self, *args: Any, plan: Plan, statements: list[Statement], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.statements = statements
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = _years(plan)
        for s in statements:
            self.fields[f"score_{s.number}"] = forms.TypedChoiceField(
                label=_("Score of statement %(n)s") % {"n": s.number},
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{s.number}"] = forms.CharField(
                label=_("Note on statement %(n)s") % {"n": s.number}, required=False
            )
            self.fields[f"evidence_{s.number}"] = forms.URLField(
                label=_("Evidence (link) for statement %(n)s") % {"n": s.number},
                required=False,
                assume_scheme="https",
            )
            self.fields[f"evidence_file_{s.number}"] = _evidence_field(
                _("Evidence (document) for statement %(n)s") % {"n": s.number}
            )
        _offer_evidence(self, plan, *[f"evidence_file_{s.number}" for s in statements])

    def rows(self) -> list[tuple[Statement, Any, Any, Any, Any]]:
        return [
            (s, self[f"score_{s.number}"], self[f"note_{s.number}"],
             self[f"evidence_{s.number}"], self[f"evidence_file_{s.number}"])
            for s in self.statements
        ]  # fmt: skip


class PriorityForm(forms.Form):
    aspect = forms.ChoiceField(label=_("Aspect"), choices=Aspect.choices)
    level = forms.TypedChoiceField(label=_("Priority (1-5)"), choices=LEVELS, coerce=int)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=2000)


class MinutesForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the meeting"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    summary = forms.CharField(label=_("Results"), widget=forms.Textarea, required=False)
    attendees = forms.CharField(
        label=_("Attendees"),
        help_text=_("One a line: name; instansi or unit."),
        widget=forms.Textarea,
    )
    signed_by = forms.CharField(label=_("Acknowledged by"), max_length=300, required=False)

    def attendee_list(self) -> list[tuple[str, str]]:
        found = []
        for line in self.cleaned_data["attendees"].splitlines():
            name, _sep, affiliation = line.partition(";")
            if name.strip():
                found.append((name.strip(), affiliation.strip()))
        return found


class TargetForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    value = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2, min_value=0)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plan.indicators.all()
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = _years(plan)


class EntryForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(label=_("Period"), choices=QUARTERS, coerce=int)
    value = forms.DecimalField(label=_("Achievement"), max_digits=12, decimal_places=2, min_value=0)
    evidence_url = forms.URLField(label=_("Evidence (link)"), required=False,
                                  assume_scheme="https")  # fmt: skip
    evidence_file = _evidence_field(_("Evidence (document)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _offer_evidence(self, plan, "evidence_file")
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plan.indicators.filter(measure="reported")
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = _years(plan)


class ActivityStatusForm(forms.Form):
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    state = forms.ChoiceField(label=_("Status"), choices=ActivityState.choices)
    due_quarter = forms.TypedChoiceField(
        label=_("Due by the end of"), choices=QUARTERS[1:], coerce=int, initial=4
    )
    evidence_url = forms.URLField(label=_("Evidence (link)"), required=False,
                                  assume_scheme="https")  # fmt: skip
    evidence_file = _evidence_field(_("Evidence (document)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _offer_evidence(self, plan, "evidence_file")
        field = self.fields["activity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Activity.objects.filter(programme__plan=plan).order_by(
            "programme__number", "number"
        )
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = _years(plan)


class TrainingForm(forms.Form):
    person = forms.CharField(label=_("Name"), max_length=200)
    username = forms.CharField(
        label=_("Staff account (username), if any"), max_length=150, required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    organiser = forms.CharField(label=_("Organiser"), max_length=300, required=False)


class BudgetLineForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    name = forms.CharField(label=_("Budget line"), max_length=300)
    allocated = forms.DecimalField(label=_("Allocated (Rp)"), max_digits=15, decimal_places=2)
    realised = forms.DecimalField(
        label=_("Realised (Rp)"), max_digits=15, decimal_places=2, required=False
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any):
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = _years(plan)


class MonevPeriodForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(label=_("Period"), choices=QUARTERS, coerce=int, initial=0)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any):
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = _years(plan)


class MonevNoteForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)
    decisions = forms.CharField(
        label=_("Follow-up decisions"), widget=forms.Textarea, required=False
    )


class TeamMemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)
    position = forms.CharField(label=_("Position"), max_length=300)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    username = forms.CharField(
        label=_("Staff account (username), if any"), max_length=150, required=False
    )


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Programme"), max_length=300)
    parties = forms.CharField(label=_("Parties involved"), max_length=500, required=False)
    aspect = forms.ChoiceField(
        label=_("Aspect"), choices=[*BLANK_CHOICE_DASH, *Aspect.choices], required=False
    )


class ActivityForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    name = forms.CharField(label=_("Activity"), max_length=300)
    years = forms.TypedMultipleChoiceField(
        label=_("Years"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    parties = forms.CharField(label=_("Parties involved"), max_length=500, required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plan.programmes.all()
        years = self.fields["years"]
        assert isinstance(years, forms.TypedMultipleChoiceField)
        years.choices = _years(plan)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=1000)
    programme = forms.ModelChoiceField(
        label=_("Programme (empty: a strategic indicator)"),
        queryset=Programme.objects.none(),
        required=False,
    )
    figure = forms.ChoiceField(label=_("Measured by aduan as"), required=False)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=2000, max_value=2100, required=False
    )
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=12, decimal_places=2, min_value=0, required=False
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plan.programmes.all()
        figure = self.fields["figure"]
        assert isinstance(figure, forms.ChoiceField)
        figure.choices = [
            ("", _("Not measured: reported with evidence")),
            *[(f.code, f.label) for f in FIGURES.values()],
        ]
