"""The nine elements (unsur) of PermenPANRB 14/2017 with their four answers, and the
respondent profile's choices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Promise


class Element(models.TextChoices):
    """The survey's elements in the regulation's order (DOMAIN.md section 7)."""

    U1 = "u1", _("Requirements")
    U2 = "u2", _("Systems, mechanisms and procedures")
    U3 = "u3", _("Completion time")
    U4 = "u4", _("Costs and tariffs")
    U5 = "u5", _("Service products")
    U6 = "u6", _("Competence of the staff")
    U7 = "u7", _("Conduct of the staff")
    U8 = "u8", _("Handling of complaints, suggestions and feedback")
    U9 = "u9", _("Facilities and infrastructure")


ELEMENTS: tuple[str, ...] = tuple(Element.values)

# Each element's question and its four answers (1 to 4), as the regulation's sample
# questionnaire words them (Lampiran PermenPANRB 14/2017).
QUESTIONS: dict[str, Promise] = {
    "u1": _("How well do the service's requirements fit the kind of service?"),
    "u2": _("How easy is the procedure of the service at this unit?"),
    "u3": _("How fast was the service given?"),
    "u4": _("How fair are the costs or tariffs of the service?"),
    "u5": _("How well does what you received match the service standard?"),
    "u6": _("How competent were the staff who served you?"),
    "u7": _("How polite and friendly were the staff who served you?"),
    "u8": _("How are the complaints of service users handled?"),
    "u9": _("What is the quality of the facilities and infrastructure?"),
}

ANSWERS: dict[str, tuple[Promise, Promise, Promise, Promise]] = {
    "u1": (_("Not suitable"), _("Less suitable"), _("Suitable"), _("Very suitable")),
    "u2": (_("Not easy"), _("Less easy"), _("Easy"), _("Very easy")),
    "u3": (_("Not fast"), _("Less fast"), _("Fast"), _("Very fast")),
    "u4": (_("Very expensive"), _("Fairly expensive"), _("Cheap"), _("Free of charge")),
    "u5": (_("Not matching"), _("Less matching"), _("Matching"), _("Fully matching")),
    "u6": (_("Not competent"), _("Less competent"), _("Competent"), _("Very competent")),
    "u7": (
        _("Not polite and friendly"),
        _("Less polite and friendly"),
        _("Polite and friendly"),
        _("Very polite and friendly"),
    ),
    "u8": (
        _("There is none"),
        _("There is, but it does not work"),
        _("It works, but not fully"),
        _("It is well managed"),
    ),
    "u9": (_("Poor"), _("Adequate"), _("Good"), _("Very good")),
}


class Grade(models.TextChoices):
    """The service quality grade of an IKM value (mutu pelayanan)."""

    A = "A", _("Very good")
    B = "B", _("Good")
    C = "C", _("Less good")
    D = "D", _("Not good")


class Source(models.TextChoices):
    """Where a response came in."""

    WEB = "web", _("Survey page")
    INVITATION = "invitation", _("Invitation after a closed report")
    API = "api", _("API")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Primary school or lower")
    JUNIOR = "junior", _("Junior secondary school")
    SENIOR = "senior", _("Senior secondary school")
    DIPLOMA = "diploma", _("Diploma (D1-D3)")
    BACHELOR = "bachelor", _("Bachelor (D4/S1)")
    POSTGRADUATE = "postgraduate", _("Master or doctorate (S2/S3)")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servant, police or military")
    PRIVATE = "private", _("Private employee")
    SELF_EMPLOYED = "self_employed", _("Self-employed or trader")
    FARMER = "farmer", _("Farmer or fisher")
    STUDENT = "student", _("Pupil or student")
    HOMEMAKER = "homemaker", _("Homemaker")
    UNEMPLOYED = "unemployed", _("Not working")
    OTHER = "other", _("Other")
