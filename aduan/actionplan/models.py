"""Rencana Aksi (DOMAIN.md section 8): an instansi's action plan for complaint handling.

A plan follows KemenPANRB's method: a self-assessment of the template's statements, each
mapped to one or more of five aspects; a priority per aspect; strategic indicators with yearly
targets; programmes of activities with success indicators; capacity (training, budget); and
monitoring and evaluation per quarter and year. Every edit is a service in `services.py` that
writes a `PlanChange` row.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from aduan.actionplan.choices import ActivityState, Aspect, Measure, TeamRole, TrainingKind
from aduan.organisation.models import Instansi


class StatementTemplate(models.Model):
    """A version of the method's self-assessment statements (KemenPANRB's 22, or a revision)."""

    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    """One statement of the self-assessment matrix and the aspects it counts towards."""

    template = models.ForeignKey(
        StatementTemplate, on_delete=models.CASCADE, related_name="statements"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    # Codes of `Aspect` (one or more): the categorisation of the seed's Table 3.
    aspects = models.JSONField(default=list)

    class Meta:
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="statement_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Plan(models.Model):
    """An instansi's action plan for a period of years."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(max_length=300)
    year_start = models.PositiveSmallIntegerField()
    year_end = models.PositiveSmallIntegerField()
    introduction = models.TextField(blank=True)  # chapter I
    goal = models.TextField(blank=True)  # tujuan
    strategic_target = models.TextField(blank=True)  # sasaran strategis
    closing = models.TextField(blank=True)  # chapter V
    decree_number = models.CharField(max_length=200, blank=True)
    decree_date = models.DateField(null=True, blank=True)
    published = models.BooleanField(default=False)
    template = models.ForeignKey(StatementTemplate, on_delete=models.PROTECT)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_plans"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["instansi", "-year_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "year_start", "year_end"], name="plan_period_unique"
            ),
            models.CheckConstraint(
                condition=Q(year_end__gte=models.F("year_start")), name="plan_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year_start}-{self.year_end}"

    @property
    def years(self) -> list[int]:
        return list(range(self.year_start, self.year_end + 1))


class EvidenceFile(models.Model):
    """A document the team keeps as evidence (a scanned berita acara, a decree, a photo of a
    training), referred to by scores, entries and activity statuses. Staff-only: served after
    the plan's access check, never on the public summary."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evidence_files")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="actionplan/evidence/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["plan", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class TeamMember(models.Model):
    """A member of the plan's team as the decree lists them, linked to a staff account if any."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="team")
    role = models.CharField(max_length=20, choices=TeamRole.choices)
    position = models.CharField(max_length=300)  # the decree's keterangan
    name = models.CharField(max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name or self.position}"


class Assessment(models.Model):
    """One year's self-assessment of a plan, dated, by the team."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField()
    assessed_on = models.DateField()
    assessed_by = models.CharField(max_length=300, blank=True)  # "Tim Penyusun Renaksi"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["plan", "year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="assessment_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} ({self.year})"


class Score(models.Model):
    """The score 1 (lowest) to 4 of one statement in one assessment, with a note and evidence."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT)
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    note = models.TextField(blank=True)
    evidence_url = models.URLField(blank=True, max_length=500)
    evidence_file = models.ForeignKey(
        EvidenceFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "statement__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "statement"], name="score_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=4), name="score_between_1_and_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement.number}: {self.value}"


class Priority(models.Model):
    """The priority (1 to 5) the team gave one aspect, with its reason (the seed's Table 4)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    aspect = models.CharField(max_length=20, choices=Aspect.choices)
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "aspect"], name="priority_aspect_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="priority_between_1_and_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_aspect_display()}: {self.level}"


class Minutes(models.Model):
    """The berita acara of the meeting that scored the matrix and set the priorities."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="minutes")
    held_on = models.DateField()
    place = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    # [{"name": ..., "affiliation": ...}] in the order of the attendance list.
    attendees = models.JSONField(default=list)
    signed_by = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.plan}: {self.held_on}"


class Programme(models.Model):
    """A programme area of the plan (the seed's Table 6) and its success indicators (Table 7)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="programmes")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    parties = models.CharField(max_length=500, blank=True)
    aspect = models.CharField(max_length=20, choices=Aspect.choices, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="programme_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Activity(models.Model):
    """An activity of a programme: the years it runs and the parties involved."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    years = models.JSONField(default=list)  # the calendar years it is scheduled in
    parties = models.CharField(max_length=500, blank=True)
    # A code of `actionplan.features.FEATURES` when aduan itself performs the activity.
    feature = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="activity_number_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ActivityStatus(models.Model):
    """Where an activity stands in one year, by which quarter it is due, with evidence."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="statuses")
    year = models.PositiveSmallIntegerField()
    state = models.CharField(
        max_length=20, choices=ActivityState.choices, default=ActivityState.PLANNED
    )
    due_quarter = models.PositiveSmallIntegerField(
        default=4, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    evidence_url = models.URLField(blank=True, max_length=500)
    evidence_file = models.ForeignKey(
        EvidenceFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["activity", "year"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "year"], name="activity_status_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.year}: {self.state}"


class Indicator(models.Model):
    """A strategic indicator of the plan (Table 5) or a success indicator of a programme
    (Table 7); measured by a registered figure, or reported with evidence."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    number = models.PositiveSmallIntegerField()
    name = models.TextField()
    unit = models.CharField(max_length=40, blank=True)  # "pengaduan", "%"
    measure = models.CharField(max_length=20, choices=Measure.choices)
    figure = models.CharField(max_length=40, blank=True)  # a code of `actionplan.figures`
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["plan", "programme__number", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(measure=Measure.REPORTED) | ~Q(figure=""),
                name="measured_indicator_has_figure",
            )
        ]

    def __str__(self) -> str:
        return self.name[:80]


class Target(models.Model):
    """An indicator's target for one year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Entry(models.Model):
    """A reported achievement of an indicator for a year, or a quarter of it, with evidence."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="entries")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(4)]
    )  # 0: the whole year
    value = models.DecimalField(max_digits=12, decimal_places=2)
    evidence_url = models.URLField(blank=True, max_length=500)
    evidence_file = models.ForeignKey(
        EvidenceFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    entered_at = models.DateTimeField()

    class Meta:
        ordering = ["indicator", "year", "quarter", "-entered_at"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class Training(models.Model):
    """One staff member's attendance at a training, refresher meeting or study visit."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="trainings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    person = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=TrainingKind.choices)
    title = models.CharField(max_length=300)
    held_on = models.DateField()
    organiser = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "-held_on", "person"]

    def __str__(self) -> str:
        return f"{self.person}: {self.title}"


class BudgetLine(models.Model):
    """A budget line of one year and what of it was spent (the plan wants >= 90%)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    allocated = models.DecimalField(max_digits=15, decimal_places=2)
    realised = models.DecimalField(max_digits=15, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["plan", "year", "name"]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class MonevNote(models.Model):
    """Monitoring and evaluation of a year (quarter empty) or of one quarter: notes and the
    follow-up decisions taken."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="monev_notes")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(default=0)  # 0: the whole year
    notes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "quarter"], name="monev_note_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.year} Q{self.quarter}"


class PlanChange(models.Model):
    """The audit trail of a plan: who changed what, when (append-only, written by services)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=60)
    detail = models.JSONField(default=dict)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["plan", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.action}"
