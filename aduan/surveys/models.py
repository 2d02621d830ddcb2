"""Survey responses (SKM) and the population each unit's sample is measured against."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aduan.complaints.choices import AgeGroup, Gender
from aduan.complaints.models import Complaint
from aduan.organisation.models import Instansi, Unit
from aduan.surveys.choices import ELEMENTS, Education, Occupation, Source


def _answer(label: str) -> models.PositiveSmallIntegerField[int | None, int | None]:
    # Blank (null) when the respondent skipped the element: left out of its NRR.
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class SurveyResponse(models.Model):
    """One respondent's answers to the nine elements about one unit, and their optional
    profile. No name, no contact: a response answering an invitation is tied to its report
    only so that a report is answered once."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="survey_responses")
    complaint = models.OneToOneField(
        Complaint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_response",
        help_text=_("The closed report whose invitation this answers (at most one response)"),
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    u1 = _answer("u1")
    u2 = _answer("u2")
    u3 = _answer("u3")
    u4 = _answer("u4")
    u5 = _answer("u5")
    u6 = _answer("u6")
    u7 = _answer("u7")
    u8 = _answer("u8")
    u9 = _answer("u9")
    # The profile: every field voluntary (GESI, DOMAIN.md section 3).
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, blank=True
    )
    education = models.CharField(
        _("education"), max_length=14, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("occupation"), max_length=14, choices=Occupation.choices, blank=True
    )
    has_disability = models.BooleanField(_("person with a disability"), null=True, blank=True)
    suggestion = models.TextField(_("suggestion"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    # The day in the instansi's time zone: periods are whole local days.
    submitted_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [
            models.Index(fields=["unit", "submitted_on"], name="survey_unit_period"),
            models.Index(fields=["instansi", "submitted_on"], name="survey_instansi_period"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{e}__isnull": True}) | Q(**{f"{e}__gte": 1, f"{e}__lte": 4}),
                name=f"survey_{e}_1_to_4",
            )
            for e in ELEMENTS
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.submitted_on.isoformat()} #{self.pk}"


class SurveyPopulation(models.Model):
    """How many people a unit served in a period (e.g. services delivered in a year): the
    population its minimum sample is computed from."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="survey_populations")
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("until"))
    population = models.PositiveIntegerField(
        _("population"), help_text=_("For example the number of services delivered")
    )
    note = models.CharField(_("source of the figure"), max_length=200, blank=True)

    class Meta:
        ordering = ["unit", "-date_from"]
        verbose_name = _("survey population")
        verbose_name_plural = _("survey populations")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "date_from", "date_to"], name="survey_population_unique"
            ),
            models.CheckConstraint(
                condition=Q(date_from__lte=models.F("date_to")),
                name="survey_population_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.date_from.isoformat()}/{self.date_to.isoformat()}"
        return f"{self.unit} {period}: {self.population}"
