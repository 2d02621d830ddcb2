"""Messages to a report's reporter and how far each got, for the console's report page
(a workflow template, which may not import this app's Python code). Never the address: the
page is also seen by units, who must not learn an anonim reporter's number."""

from __future__ import annotations

from django import template

from aduan.complaints.models import Complaint
from aduan.notifications.choices import RecipientKind
from aduan.notifications.models import Notification

register = template.Library()


@register.simple_tag
def reporter_deliveries(complaint: Complaint, limit: int = 20) -> list[Notification]:
    return list(
        Notification.objects.filter(complaint=complaint, recipient_kind=RecipientKind.REPORTER)
        .exclude(template_key="chat")  # the conversation's own answers: too many, no news
        .only(
            "channel",
            "template_key",
            "subject",
            "status",
            "delivery_status",
            "attempts",
            "created_at",
            "sent_at",
        )
        .order_by("-created_at", "-pk")[:limit]
    )
