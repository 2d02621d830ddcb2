"""The dispatch picker: a searchable, grouped list of checkboxes for choosing units.

Replaces a 63-item multi-select ("hold Ctrl") that could not be used on a tablet. Without
JavaScript it is a plain list of checkboxes grouped by kind of unit (OPD, kecamatan, …), each a
fieldset with its legend; static/js/unit-picker.js adds a search box that narrows the list as
one types, keeps the chosen units in view, and counts them. The category's default unit comes
checked (VerifyForm's initial) and is marked as the suggestion.
"""

from __future__ import annotations

from typing import Any

from django import forms

from aduan.organisation.choices import UnitKind
from aduan.organisation.models import Unit

# The order of the groups: where reports go most often first.
KIND_ORDER = [
    UnitKind.OPD,
    UnitKind.DISTRICT_OFFICE,
    UnitKind.HOSPITAL,
    UnitKind.SUB_UNIT,
    UnitKind.SECRETARIAT,
    UnitKind.VILLAGE_OFFICE,
]


class UnitPicker(forms.CheckboxSelectMultiple):
    template_name = "workflow/widgets/unit_picker.html"
    option_template_name = "workflow/widgets/unit_picker_option.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.suggested: set[str] = set()

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["suggested"] = self.suggested
        return context

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["suggested"] = str(option["value"]) in self.suggested
        return option


def grouped_unit_choices(units: Any) -> list[tuple[str, list[tuple[int, str]]]]:
    """The units as (group label, [(pk, name), …]) in KIND_ORDER, for the picker's fieldsets."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for unit in units:
        assert isinstance(unit, Unit)
        groups.setdefault(unit.kind, []).append((unit.pk, unit.name))
    labels = dict(UnitKind.choices)
    order = [str(kind) for kind in KIND_ORDER] + sorted(set(groups) - set(KIND_ORDER))
    return [(str(labels.get(kind, kind)), groups[kind]) for kind in order if kind in groups]
