"""The survey form (nine elements, each optional, and the optional profile), and the period
filter of the results pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.complaints.choices import AgeGroup, Gender
from aduan.surveys.choices import ANSWERS, ELEMENTS, QUESTIONS, Education, Element, Occupation
from aduan.surveys.selectors import MAX_PERIOD_DAYS
from aduan.surveys.services import Respondent

NO_ANSWER = _("No answer")


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", NO_ANSWER), *choices]


class SurveyForm(forms.Form):
    """The SKM questionnaire of PermenPANRB 14/2017."""

    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=_blank(Gender.choices))
    age_group = forms.ChoiceField(label=_("Age"), required=False, choices=_blank(AgeGroup.choices))
    education = forms.ChoiceField(
        label=_("Education"), required=False, choices=_blank(Education.choices)
    )
    occupation = forms.ChoiceField(
        label=_("Occupation"), required=False, choices=_blank(Occupation.choices)
    )
    has_disability = forms.ChoiceField(
        label=_("Do you have a disability?"),
        required=False,
        choices=[("", NO_ANSWER), ("yes", _("Yes")), ("no", _("No"))],
    )
    suggestion = forms.CharField(
        label=_("Suggestions for the unit (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Do not write your name, NIK or phone number here."),
    )
    # Left empty by people; filled in by bots (hidden with CSS).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for element in ELEMENTS:
            labels = ANSWERS[element]
            self.fields[element] = forms.TypedChoiceField(
                label=QUESTIONS[element],
                help_text=Element(element).label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(str(i), label) for i, label in enumerate(labels, start=1)],
                widget=forms.RadioSelect,
            )
        # The nine questions first, then the profile.
        order = [*ELEMENTS, "gender", "age_group", "education", "occupation", "has_disability"]
        self.order_fields([*order, "suggestion", "website"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and all(data.get(e) is None for e in ELEMENTS):
            raise forms.ValidationError(_("Answer at least one question."))
        return data

    @property
    def element_fields(self) -> list[forms.BoundField]:
        return [self[e] for e in ELEMENTS]

    def answers(self) -> dict[str, int | None]:
        return {e: self.cleaned_data.get(e) for e in ELEMENTS}

    def respondent(self) -> Respondent:
        data = self.cleaned_data
        return Respondent(
            gender=data["gender"],
            age_group=data["age_group"],
            education=data["education"],
            occupation=data["occupation"],
            has_disability={"yes": True, "no": False}.get(data["has_disability"]),
        )


class YearPeriodForm(forms.Form):
    """A period of survey days; this year so far by default."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_from > date_to:
                self.add_error("date_to", _("The end of the period is before its start."))
            elif date_to - date_from > timedelta(days=MAX_PERIOD_DAYS):
                self.add_error("date_to", _("Choose a period of at most five years."))
        return data

    def period(self, today: date) -> tuple[date, date]:
        """The period asked for; a missing end: the year of the other end, or this year."""
        data = self.cleaned_data if self.is_valid() else {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_to is None:
            date_to = date_from.replace(month=12, day=31) if date_from else today
        if date_from is None:
            date_from = date_to.replace(month=1, day=1)
        return date_from, date_to
