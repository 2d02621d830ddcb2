"""The routing assistant's suggestions on the console's report page, which belongs to a lower
app (workflow) and may not import this one's Python code."""

from __future__ import annotations

from typing import Any

from django import template

from aduan.accounts.choices import Role
from aduan.accounts.models import User
from aduan.complaints.choices import Status
from aduan.complaints.models import Complaint
from aduan.organisation.selectors import has_role
from aduan.routing.selectors import suggestion_for

register = template.Library()


@register.inclusion_tag("routing/suggestions.html", takes_context=True)
def routing_suggestions(context: dict[str, Any], complaint: Complaint) -> dict[str, Any]:
    user = context["request"].user
    shown = (
        complaint.status == Status.SUBMITTED
        and isinstance(user, User)
        and has_role(user, (Role.COORDINATOR,), instansi_id=complaint.instansi_id)
    )
    return {
        "request": context["request"],
        "complaint": complaint,
        "suggestion": suggestion_for(complaint) if shown else None,
    }
