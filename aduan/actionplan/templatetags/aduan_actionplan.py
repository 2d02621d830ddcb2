"""Formatting for the action plan's pages: amounts with their unit, change names."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

NONE = "\u2013"  # an en dash: no value


@register.filter
def amount(value: Decimal | int | None, unit: str = "") -> str:
    """12.50 -> "12,5" (in Indonesian), with "%" when the unit is a percentage."""
    if value is None or value == "":
        return NONE
    number = Decimal(value).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    text = number_format(number, use_l10n=True, force_grouping=True)
    return f"{text}%" if unit == "%" else text


@register.filter
def change_label(action: str) -> str:
    labels = {
        "plan_create": _("plan created"),
        "plan_update": _("plan texts changed"),
        "plan_publish": _("publication changed"),
        "plan_copy_forward": _("copied to a new plan"),
        "plan_copied_from": _("made from the previous plan"),
        "team_member_add": _("team member added"),
        "assessment_record": _("self-assessment recorded"),
        "assessment_redo": _("self-assessment redone"),
        "priority_set": _("priority set"),
        "minutes_save": _("minutes saved"),
        "programme_add": _("programme added"),
        "activity_add": _("activity added"),
        "activity_status_set": _("activity status set"),
        "indicator_add": _("indicator added"),
        "target_set": _("target set"),
        "entry_add": _("achievement recorded"),
        "training_add": _("training recorded"),
        "budget_line_save": _("budget line saved"),
        "monev_note_save": _("monitoring notes saved"),
        "evidence_upload": _("evidence document kept"),
    }
    return labels.get(action, action)


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key)
