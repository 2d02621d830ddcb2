"""An event's change in words: "Status: menunggu verifikasi → didisposisi; Unit: Dinas PUPR".

The event log stores each change as JSON with codes and database ids (`old`, `new`); the
auditor's page and its exports show them as a person reads them, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.complaints.choices import Channel, ReportType, Status
from aduan.organisation.models import Category, Instansi, Unit

# The keys of ComplaintEvent.old/new → their label, in the order they are listed.
LABELS: dict[str, str | Promise] = {
    "status": gettext_lazy("Status"),
    "units": gettext_lazy("Unit"),
    "unit": gettext_lazy("Unit"),
    "title": gettext_lazy("Title"),
    "category": gettext_lazy("Category"),
    "type": gettext_lazy("Type"),
    "channel": gettext_lazy("Channel"),
    "is_anonymous": gettext_lazy("Anonymous"),
    "is_confidential": gettext_lazy("Confidential"),
    "late": gettext_lazy("Filed late"),
    "complete_due_at": gettext_lazy("Completion deadline"),
    "paused_working_days": gettext_lazy("Working days on hold"),
    "rating": gettext_lazy("Rating"),
    "attachments": gettext_lazy("Attachments"),
    "reason": gettext_lazy("Reason"),
    "duplicate_of": gettext_lazy("Duplicate of"),
    "duplicate": gettext_lazy("Merged duplicate"),
    "to": gettext_lazy("Sent to"),
    "new_tracking_number": gettext_lazy("Tracking number there"),
}


@dataclass
class Names:
    """The names of an instansi's units and categories, looked up once per page or export."""

    units: dict[int, str] = field(default_factory=dict)
    categories: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, instansi: Instansi) -> Names:
        return cls(
            units={
                pk: short or name  # as the console names units: "Dinas PUPR"
                for pk, short, name in Unit.objects.filter(instansi=instansi).values_list(
                    "pk", "short_name", "name"
                )
            },
            categories=dict(Category.objects.filter(instansi=instansi).values_list("pk", "name")),
        )


def _choice(labels: Mapping[str, Any]) -> Callable[[Any, Names], str]:
    return lambda value, _names: str(labels.get(value, value))


def _unit(value: Any, names: Names) -> str:
    return names.units.get(value, str(value)) if isinstance(value, int) else str(value)


def _units(value: Any, names: Names) -> str:
    if not isinstance(value, list):
        return str(value)
    return ", ".join(_unit(v, names) for v in value)


def _category(value: Any, names: Names) -> str:
    return names.categories.get(value, str(value)) if isinstance(value, int) else str(value)


def _when(value: Any, _names: Names) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return date(moment.year, moment.month, moment.day).strftime("%d-%m-%Y")


def _plain(value: Any, _names: Names) -> str:
    return str(value)


def _to(value: Any, _names: Names) -> str:
    return "SP4N-LAPOR!" if value == "lapor" else str(value)


_FORMATS: dict[str, Callable[[Any, Names], str]] = {
    "status": _choice(dict(Status.choices)),
    "type": _choice(dict(ReportType.choices)),
    "channel": _choice(dict(Channel.choices)),
    "units": _units,
    "unit": _unit,
    "category": _category,
    "complete_due_at": _when,
    "to": _to,
}


def _value(key: str, value: Any, names: Names) -> str:
    if value is None or value == "":
        return _("(none)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return _FORMATS.get(key, _plain)(value, names)


def change_in_words(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, names: Names
) -> str:
    """Each changed key as "Label: before → after" (or "Label: value" when only one side has
    it), joined with "; ", in the active language."""
    old, new = old or {}, new or {}
    keys = [k for k in LABELS if k in old or k in new]
    keys += sorted(k for k in {*old, *new} if k not in LABELS)
    parts = []
    for key in keys:
        label = str(LABELS.get(key, key))
        if key in old and key in new:
            if old[key] == new[key]:
                parts.append(f"{label}: {_value(key, new[key], names)}")
            else:
                parts.append(
                    f"{label}: {_value(key, old[key], names)} → {_value(key, new[key], names)}"
                )
        elif key in new:
            parts.append(f"{label}: {_value(key, new[key], names)}")
        else:
            parts.append(f"{label}: {_value(key, old[key], names)} → {_('(none)')}")
    return "; ".join(parts)
