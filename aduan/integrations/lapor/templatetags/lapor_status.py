"""The national side of a report, for pages of lower apps (the tracking page of workflow):
a template tag, so no Python import goes upward."""

from __future__ import annotations

from django import template
from django.conf import settings

from aduan.complaints.models import Complaint
from aduan.integrations.lapor.models import LaporLink
from aduan.integrations.lapor.selectors import link_of

register = template.Library()


@register.simple_tag
def lapor_link_of(complaint: Complaint) -> LaporLink | None:
    """The report's SP4N-LAPOR! link (forwarded or disposed), if any."""
    return link_of(complaint)


@register.simple_tag
def lapor_track_url(national_id: str) -> str:
    """The national tracking page of an id (ADUAN_LAPOR_TRACK_URL), or "" when unset."""
    pattern: str = settings.ADUAN_LAPOR_TRACK_URL
    return pattern.replace("{id}", national_id) if pattern else ""
