"""Survey figures for pages of other apps: reporting sits beside surveys and may not import
it, so its unit pages read the IKM through these tags (no Python import either way)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from aduan.core.suppression import SMALL, suppress_count
from aduan.organisation.models import Instansi
from aduan.surveys.choices import Grade
from aduan.surveys.selectors import survey_results_by_unit

register = template.Library()


@register.simple_tag
def survey_index_by_unit(
    instansi: Instansi, date_from: date, date_to: date
) -> dict[int, dict[str, Any]]:
    """Per unit id: the respondents as published ("< 5" under five) and, from five answers,
    the IKM and its grade. One query for all units."""
    found: dict[int, dict[str, Any]] = {}
    for r in survey_results_by_unit(instansi=instansi, date_from=date_from, date_to=date_to):
        if r.unit is None:
            continue
        published = r.respondents >= SMALL and r.ikm is not None
        found[r.unit.pk] = {
            "respondents": suppress_count(r.respondents).text,
            "published": published,
            "ikm": r.ikm if published else None,
            "grade": r.grade if published else None,
            "grade_label": Grade(r.grade).label if published and r.grade else "",
        }
    return found


@register.filter
def survey_of(found: dict[int, dict[str, Any]], unit_id: int) -> dict[str, Any] | None:
    """`{{ ikms|survey_of:unit.pk }}`: one unit's entry, or None when it has no answers."""
    return found.get(unit_id)
