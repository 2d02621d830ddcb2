from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportType(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    ASPIRATION = "aspiration", _("Suggestion")
    INFO_REQUEST = "info_request", _("Information request")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting verification")
    DISPATCHED = "dispatched", _("Dispatched")
    IN_PROGRESS = "in_progress", _("Being followed up")
    ON_HOLD = "on_hold", _("On hold")
    RESOLVED = "resolved", _("Resolved, awaiting the reporter")
    CLOSED = "closed", _("Closed")
    FORWARDED = "forwarded", _("Forwarded (not our authority)")
    ARCHIVED = "archived", _("Archived")


# States where the report still needs work from the government.
OPEN_STATUSES = (Status.SUBMITTED, Status.DISPATCHED, Status.IN_PROGRESS, Status.ON_HOLD)
FINAL_STATUSES = (Status.CLOSED, Status.FORWARDED, Status.ARCHIVED)


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    LAPOR = "lapor", _("SP4N-LAPOR!")
    SOCIAL_MEDIA = "social_media", _("Social media")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone call")
    WALK_IN = "walk_in", _("Walk-in")
    COMPLAINT_BOX = "complaint_box", _("Complaint box")
    OUTREACH = "outreach", _("Outreach visit")


# Channels a front-desk operator records on behalf of a citizen.
STAFF_CHANNELS = (
    Channel.LETTER,
    Channel.PHONE,
    Channel.WALK_IN,
    Channel.COMPLAINT_BOX,
    Channel.OUTREACH,
    Channel.SOCIAL_MEDIA,
)


class ArchiveReason(models.TextChoices):
    UNCLEAR = "unclear", _("Unclear")
    TOO_GENERAL = "too_general", _("Too general")
    IRRELEVANT = "irrelevant", _("Not relevant")
    DUPLICATE = "duplicate", _("Duplicate")
    SPAM = "spam", _("Spam")


class DispatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the unit")
    ACCEPTED = "accepted", _("Accepted by the unit")
    RETURNED = "returned", _("Handed back (not our authority)")
    DONE = "done", _("Done")


ACTIVE_DISPATCH_STATUSES = (DispatchStatus.PENDING, DispatchStatus.ACCEPTED)


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNSAID = "unsaid", _("Prefer not to say")


class AgeGroup(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_29 = "18_29", _("18-29")
    AGE_30_44 = "30_44", _("30-44")
    AGE_45_59 = "45_59", _("45-59")
    AGE_60_PLUS = "60_plus", _("60 or older")


class VulnerableGroup(models.TextChoices):
    """GESI answers offered by the citizen portal (Reporter.vulnerable_group stays free text)."""

    ELDERLY = "elderly", _("Elderly person")
    PREGNANT = "pregnant", _("Pregnant or breastfeeding")
    CHILD = "child", _("Child or young person")
    POOR = "poor", _("Poor household")
    REMOTE = "remote", _("Living in a remote area")
    INDIGENOUS = "indigenous", _("Indigenous community")
    OTHER = "other", _("Other")


class ActorKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    REPORTER = "reporter", _("Reporter")
    SYSTEM = "system", _("System")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Report received")
    VERIFIED = "verified", _("Verified")
    DISPATCHED = "dispatched", _("Dispatched to a unit")
    HANDLED_BY_COORDINATOR = "handled", _("Handled by the coordinating unit")
    EDITED = "edited", _("Details corrected")
    PRIVACY_CHANGED = "privacy_changed", _("Privacy changed")
    DISPATCH_ACCEPTED = "dispatch_accepted", _("Accepted by the unit")
    DISPATCH_RETURNED = "dispatch_returned", _("Handed back by the unit")
    FOLLOWUP = "followup", _("Follow-up")
    HELD = "held", _("Put on hold: information requested")
    RESUMED = "resumed", _("Resumed")
    REPORTER_MESSAGE = "reporter_message", _("Message from the reporter")
    EXTENDED = "extended", _("Deadline extended")
    RESOLVED = "resolved", _("Resolved")
    REOPENED = "reopened", _("Re-opened")
    CONFIRMED = "confirmed", _("Confirmed by the reporter")
    CLOSED = "closed", _("Closed")
    AUTO_CLOSED = "auto_closed", _("Closed automatically")
    FORWARDED = "forwarded", _("Forwarded")
    ARCHIVED = "archived", _("Archived")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    IDENTITY_VIEWED = "identity_viewed", _("Reporter identity viewed")
    RATED = "rated", _("Rated by the reporter")
    REASSIGNED = "reassigned", _("Re-assigned to a sub-unit")
    MERGED = "merged", _("Duplicate merged into this report")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Withdrawn from publication")
    MASKED = "masked", _("Text masked for the public")
    UNMASKED = "unmasked", _("Mask undone")
    SURVEYED = "surveyed", _("Satisfaction survey answered")
    IMPROVEMENT = "improvement", _("Service improvement")
    # The manual fallback of the SP4N-LAPOR! link: a coordinator records, changes or clears
    # (an empty id) the national tracking id of a forwarded report by hand.
    LAPOR_ID_RECORDED = "lapor_id_recorded", _("SP4N-LAPOR! tracking id recorded")


class Audience(models.TextChoices):
    """Who may read a timeline entry, or its note (DOMAIN.md section 4).

    Each is wider than the next: the public sees `public`; the reporter, with the access code,
    `public` and `reporter`; the report's staff everything.
    """

    PUBLIC = "public", _("Public")
    REPORTER = "reporter", _("The reporter")
    STAFF = "staff", _("Staff only")


class Cause(models.TextChoices):
    """Where the service failed, as a unit records it when resolving a report: the elements of
    the satisfaction survey (PermenPANRB 14/2017) but complaint handling itself."""

    REQUIREMENTS = "requirements", _("Requirements")
    PROCEDURE = "procedure", _("Systems, mechanisms and procedures")
    TIME = "time", _("Completion time")
    COST = "cost", _("Costs and tariffs")
    PRODUCT = "product", _("Service products")
    COMPETENCE = "competence", _("Competence of the staff")
    CONDUCT = "conduct", _("Conduct of the staff")
    FACILITIES = "facilities", _("Facilities and infrastructure")


class ImprovementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, awaiting the leader")
    APPROVED = "approved", _("Approved, being carried out")
    REJECTED = "rejected", _("Not approved")
    DONE = "done", _("Done")
