"""Activities that aduan itself performs, recognised by their name, and where the feature that
does them lives. A feature that does not exist yet (the satisfaction survey, the SP4N-LAPOR!
integration) has no page: adding it is one line in FEATURE_PAGES."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Feature:
    code: str
    label: Promise
    keywords: tuple[str, ...]  # all of them in an activity's name (lower case)


FEATURES = {
    f.code: f
    for f in (
        Feature("survey", _("Satisfaction survey (IKM)"), ("kepuasan masyarakat",)),
        Feature("periodic_report", _("Complaint statistics"), ("laporan pengaduan", "berkala")),
        Feature("publication", _("Public complaint data"), ("publikasi", "data pengaduan")),
        Feature("lapor_integration", _("SP4N-LAPOR! integration"), ("integrasi", "sp4n-lapor")),
    )
}

# The page (URL name) of each feature that exists.
FEATURE_PAGES = {
    "periodic_report": "reporting:statistics",
    "publication": "reporting:statistics",
}


def feature_for(activity_name: str) -> str:
    """The code of the feature that performs an activity of this name, or ""."""
    name = activity_name.lower()
    for feature in FEATURES.values():
        if all(word in name for word in feature.keywords):
            return feature.code
    return ""


def feature_url(code: str) -> str | None:
    """The page of a feature, or None while aduan has none."""
    name = FEATURE_PAGES.get(code)
    if name is None:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
