"""The invitation to the survey after a report closes: a signed link, answered once.

The token is the report's id signed with the site's secret (django.core.signing): it cannot be
guessed or altered, carries nothing personal, and needs no table. That each closed report is
answered at most once is held by the database (`SurveyResponse.complaint` is unique).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse

from aduan.complaints.choices import DispatchStatus, Status
from aduan.complaints.models import Complaint, Dispatch
from aduan.core.http import site_url
from aduan.organisation.models import Unit

SALT = "aduan.surveys.invitation"
# How long an invitation link stays valid.
MAX_AGE_DAYS = 90
TOKEN_PARAMETER = "undangan"  # noqa: S105 (a query parameter's name, not a secret)


def invitation_token(complaint: Complaint) -> str:
    return signing.dumps(complaint.pk, salt=SALT)


def invitation_complaint(token: str) -> Complaint | None:
    """The closed report a token invites to answer; None when the token is forged, expired,
    or its report is not closed."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(pk, int):
        return None
    return Complaint.objects.select_related("instansi").filter(pk=pk, status=Status.CLOSED).first()


def survey_unit_of(complaint: Complaint) -> Unit | None:
    """The unit that served the report: the last unit that finished its dispatch, else the
    unit the reporter named; None when neither (no invitation is sent then)."""
    dispatch = (
        Dispatch.objects.filter(complaint=complaint, status=DispatchStatus.DONE)
        .select_related("unit")
        .order_by("-pk")
        .first()
    )
    if dispatch is not None:
        return dispatch.unit
    if complaint.target_unit_id is not None:
        return Unit.objects.filter(pk=complaint.target_unit_id).first()
    return None


def invitation_url(complaint: Complaint) -> str | None:
    """The absolute address of the report's survey (SITE_URL), or None when no unit
    served it."""
    unit = survey_unit_of(complaint)
    if unit is None:
        return None
    path = reverse("surveys:form", kwargs={"unit_code": unit.code})
    query = urlencode(
        {"instansi": complaint.instansi.code, TOKEN_PARAMETER: invitation_token(complaint)}
    )
    return f"{site_url(path)}?{query}"
