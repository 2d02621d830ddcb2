"""The generic sectors of a regency's OPD structure, and the scope of a report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """What a regency's units do, the same in every regency: each instansi maps its units to
    these (UnitSector), so a model trained on other governments' reports is useful here."""

    PUBLIC_WORKS = "public_works", _("Public works and water resources")
    ENVIRONMENT = "environment", _("Environment and cleanliness")
    TRANSPORT = "transport", _("Transport")
    CIVIL_REGISTRY = "civil_registry", _("Civil registry")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    SOCIAL = "social", _("Social affairs")
    PUBLIC_ORDER = "public_order", _("Public order")
    HOUSING = "housing", _("Housing and settlements")
    WATER_UTILITY = "water_utility", _("Water utility")
    DISTRICT_OFFICE = "district_office", _("Kecamatan and kelurahan offices")
    OTHER = "other", _("Other")


class Scope(models.TextChoices):
    """Whose business a report is: the regional government's, or one that goes on through
    SP4N-LAPOR! to a ministry or national agency, BPJS, or a state- or region-owned company."""

    REGIONAL = "regional", _("Regional government")
    CENTRAL = "central", _("Central government")
    BPJS = "bpjs", _("BPJS")
    BUMN_BUMD = "bumn_bumd", _("State- or region-owned company (BUMN/BUMD)")
