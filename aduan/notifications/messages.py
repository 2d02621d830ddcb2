"""The wording of every notification, rendered in the recipient's language when enqueued.

English source strings through gettext (locale/ holds the Indonesian). Staff messages name the
report by tracking number and title only: never the reporter (anonim reports, DOMAIN.md 4).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Template:
    subject: str | Promise
    body: str | Promise


TEMPLATES: dict[str, Template] = {
    # To the reporter.
    "receipt": Template(
        _("Report %(tracking)s received"),
        _(
            "Your report “%(title)s” was received with tracking number %(tracking)s. "
            "Follow it on the tracking page with your access code."
        ),
    ),
    "dispatched": Template(
        _("Report %(tracking)s sent to %(units)s"),
        _("Your report %(tracking)s was verified and sent to %(units)s, which will follow it up."),
    ),
    "followup": Template(
        _("Follow-up on report %(tracking)s"),
        _("New follow-up on your report %(tracking)s:\n\n%(note)s"),
    ),
    "question": Template(
        _("Information needed for report %(tracking)s"),
        _(
            "To handle your report %(tracking)s we need more information:\n\n%(note)s\n\n"
            "Answer on the tracking page; the report waits until you do."
        ),
    ),
    "resolved": Template(
        _("Report %(tracking)s resolved"),
        _(
            "Your report %(tracking)s was resolved:\n\n%(note)s\n\n"
            "Confirm or reply on the tracking page. Without a reply it closes on %(due)s."
        ),
    ),
    "autoclose_warning": Template(
        _("Report %(tracking)s closes on %(due)s"),
        _(
            "Your report %(tracking)s was resolved and is waiting for your reply. "
            "Without a reply it closes automatically on %(due)s."
        ),
    ),
    "ombudsman": Template(
        _("Report %(tracking)s: the Ombudsman can help"),
        _(
            "Your report %(tracking)s has not been resolved for %(days)s days. "
            "You may take it to the Ombudsman of the Republic of Indonesia (ombudsman.go.id)."
        ),
    ),
    "archived": Template(
        _("Report %(tracking)s archived"),
        _("Your report %(tracking)s “%(title)s” was archived. Reason: %(reason)s.%(note)s"),
    ),
    "forwarded": Template(
        _("Report %(tracking)s forwarded to %(destination)s"),
        _(
            "Your report %(tracking)s is not the authority of this government and was "
            "forwarded to %(destination)s.%(new_number)s\n\nReason: %(note)s"
        ),
    ),
    "extended": Template(
        _("Report %(tracking)s: the answer takes longer"),
        _(
            "The deadline of your information request %(tracking)s was extended once, to "
            "%(due)s. Reason:\n\n%(note)s"
        ),
    ),
    "closed": Template(
        _("Report %(tracking)s closed"),
        _(
            "Your report %(tracking)s “%(title)s” is now closed. You can still read it on the "
            "tracking page and rate how it was handled."
        ),
    ),
    "survey_invitation": Template(
        _("How was the service? Report %(tracking)s"),
        _(
            "Your report %(tracking)s is closed. Please tell us how the service was: nine "
            "short questions, anonymous, answered once.\n\n%(link)s"
        ),
    ),
    # To staff: tracking number and title only.
    "supervisory_arrived": Template(
        _("Supervisory report %(tracking)s"),
        _(
            "Report %(tracking)s “%(title)s” is classified as supervisory (berkadar "
            "pengawasan): it concerns possible abuse of authority or a breach of the law by "
            "officials. Its completion deadline is %(due)s."
        ),
    ),
    "new_dispatch": Template(
        _("New report for %(units)s: %(tracking)s"),
        _("Report %(tracking)s “%(title)s” was sent to %(units)s. Follow it up by %(due)s."),
    ),
    "handed_back": Template(
        _("Report %(tracking)s handed back"),
        _("%(units)s handed back report %(tracking)s “%(title)s”:\n\n%(note)s"),
    ),
    "due_soon": Template(
        _("Due soon: %(clock)s of %(tracking)s"),
        _("The %(clock)s deadline of report %(tracking)s “%(title)s”%(unit)s is %(due)s."),
    ),
    "breached": Template(
        _("Deadline passed: %(clock)s of %(tracking)s"),
        _("The %(clock)s deadline of report %(tracking)s “%(title)s”%(unit)s passed on %(due)s."),
    ),
    "escalated": Template(
        _("Escalated: %(clock)s of %(tracking)s"),
        _(
            "The %(clock)s deadline of report %(tracking)s “%(title)s”%(unit)s passed on "
            "%(due)s and the report is still waiting. It is escalated to you."
        ),
    ),
}


def render(key: str, language: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body) of template `key` in `language`; values are rendered in it too."""
    template = TEMPLATES[key]
    with translation.override(language):
        values = {k: str(v) for k, v in context.items()}
        subject = str(template.subject) % values
        body = str(template.body) % values
    return subject[:200], body


# The last line of every message that leaves the site: where to follow the report.
LINK_LINES: dict[str, str | Promise] = {
    "reporter": _("Tracking page: %(url)s"),
    "staff": _("Open the report in the console: %(url)s"),
}


def link_append(body: str, *, kind: str, url: str, language: str) -> str:
    """`body` with the link line of the recipient `kind` (reporter or staff) in `language`."""
    with translation.override(language):
        line = str(LINK_LINES[kind]) % {"url": url}
    return f"{body}\n\n{line}"


# To a reporter who wrote by WhatsApp or SMS: the answer goes back in the chat.
TEMPLATES["question_chat"] = Template(
    _("Information needed for report %(tracking)s"),
    _(
        "To handle your report %(tracking)s we need more information:\n\n%(note)s\n\n"
        "Reply to this message with your answer; the report waits until you do."
    ),
)
TEMPLATES["resolved_chat"] = Template(
    _("Report %(tracking)s resolved"),
    _(
        "Your report %(tracking)s was resolved:\n\n%(note)s\n\n"
        "Is your problem solved? Reply 1 (yes) or 2 (not yet). Without a reply it closes on "
        "%(due)s."
    ),
)
