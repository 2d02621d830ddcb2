from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency / city")
    DISTRICT = "district", _("District (kecamatan)")
    VILLAGE = "village", _("Village (desa / kelurahan)")


class UnitKind(models.TextChoices):
    OPD = "opd", _("Regional agency (OPD)")
    SECRETARIAT = "secretariat", _("Secretariat section (bagian)")
    HOSPITAL = "hospital", _("Hospital (RSUD)")
    DISTRICT_OFFICE = "district_office", _("District office (kecamatan)")
    SUB_UNIT = "sub_unit", _("Sub-unit (UPT, puskesmas, school)")
    VILLAGE_OFFICE = "village_office", _("Village office (desa / kelurahan)")


class SlaTier(models.TextChoices):
    """Completion deadline classes of DOMAIN.md section 5; days are set per instansi."""

    LIGHT = "light", _("Light (ringan)")
    NORMATIVE = "normative", _("Normative (normatif)")
    NON_SUPERVISORY = "non_supervisory", _("Not supervisory (tidak berkadar pengawasan)")
    SUPERVISORY = "supervisory", _("Supervisory (berkadar pengawasan)")


class CalendarDayKind(models.TextChoices):
    OFF = "off", _("Day off")
    WORKING = "working", _("Working day")
