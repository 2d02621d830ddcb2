from django.db import models
from django.utils.translation import gettext_lazy as _


class Aspect(models.TextChoices):
    """The five aspects of KemenPANRB's method (the seed's Table 3), in the method's order."""

    POLICY = "policy", _("Policy & institutions")
    PEOPLE = "people", _("Human resources")
    DATA = "data", _("Data & applications")
    PARTICIPATION = "participation", _("Stakeholder participation")
    COORDINATION = "coordination", _("Coordination & monitoring")


class TeamRole(models.TextChoices):
    """A member's role in the plan's team (the decree's *jabatan dalam tim*)."""

    STEERING = "steering", _("Steering (pengarah)")
    CHAIR = "chair", _("Chair (ketua)")
    COORDINATOR = "coordinator", _("Coordinator (koordinator)")
    MEMBER = "member", _("Member (anggota)")


class Measure(models.TextChoices):
    """How an indicator's achievement is known."""

    MEASURED = "measured", _("Measured by aduan")
    REPORTED = "reported", _("Reported with evidence")


class ActivityState(models.TextChoices):
    """Where an activity stands in one year."""

    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class TrainingKind(models.TextChoices):
    """A capacity-building event of the plan's resources chapter."""

    BIMTEK = "bimtek", _("Technical training (bimtek)")
    REFRESHER = "refresher", _("Refresher meeting")
    STUDY_VISIT = "study_visit", _("Study visit")
