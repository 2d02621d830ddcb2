from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aduan.accounts.choices import Role
from aduan.organisation.choices import CalendarDayKind, RegionLevel, SlaTier, UnitKind


class Region(models.Model):
    """An administrative area with its Kemendagri code (73.17.01.2005)."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # The centroid of the region's boundary (data/coordinates/SOURCE.md), where one is known:
    # a shared location is mapped to the nearest desa by it.
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["parent", "name"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Instansi(models.Model):
    """A government hosted by this deployment (Pemerintah Kabupaten Luwu), with its SLA settings."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=40, default="Asia/Makassar")
    tracking_prefix = models.CharField(
        _("tracking number prefix"),
        max_length=6,
        help_text=_("Upper-case letters that start every tracking number, e.g. LWU."),
    )
    # Clocks of DOMAIN.md section 5, in working days (cfg).
    verify_days = models.PositiveSmallIntegerField(_("verification and dispatch"), default=3)
    first_followup_days = models.PositiveSmallIntegerField(_("first follow-up"), default=5)
    light_days = models.PositiveSmallIntegerField(_("completion: light"), default=2)
    normative_days = models.PositiveSmallIntegerField(_("completion: normative"), default=5)
    non_supervisory_days = models.PositiveSmallIntegerField(
        _("completion: not supervisory"), default=14
    )
    supervisory_days = models.PositiveSmallIntegerField(_("completion: supervisory"), default=60)
    info_request_days = models.PositiveSmallIntegerField(_("information request"), default=10)
    info_extension_days = models.PositiveSmallIntegerField(
        _("information request extension"), default=7
    )
    autoclose_days = models.PositiveSmallIntegerField(_("auto-close after"), default=10)
    at_risk_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format  (a literal per cent sign, not a placeholder)
        _("at risk in the last % of a clock"),
        default=20,
    )
    late_filing_days = models.PositiveSmallIntegerField(
        _("flag reports filed later than (calendar days)"), default=30
    )
    # Bumped whenever a calendar day changes, so cached calendars are rebuilt.
    calendar_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        constraints = [
            models.CheckConstraint(
                condition=Q(at_risk_percent__lte=100), name="instansi_at_risk_percent_max_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def completion_days(self, tier: str) -> int:
        return {
            SlaTier.LIGHT: self.light_days,
            SlaTier.NORMATIVE: self.normative_days,
            SlaTier.NON_SUPERVISORY: self.non_supervisory_days,
            SlaTier.SUPERVISORY: self.supervisory_days,
        }[SlaTier(tier)]


class Unit(models.Model):
    """A unit of an instansi that handles reports: an OPD, a kecamatan office, a sub-unit."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, help_text=_("Area it serves")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["instansi", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "code"], name="unit_code_unique_per_instansi"
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Category(models.Model):
    """A two-level complaint category of an instansi, with its SLA tier and default unit."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="categories")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=160)
    name_en = models.CharField(_("name in English"), max_length=160, blank=True)
    sla_tier = models.CharField(
        _("SLA tier"), max_length=20, choices=SlaTier.choices, default=SlaTier.NON_SUPERVISORY
    )
    default_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("default unit")
    )
    lapor_topic_id = models.CharField(_("SP4N-LAPOR! topic id"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["instansi", "parent_id", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "code"], name="category_code_unique_per_instansi"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A role a user holds in an instansi; a unit role is limited to one unit and its subtree.

    Lives here rather than in accounts because it points at units (accounts sits below
    organisation in the dependency order).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # Two partial constraints, not nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["user", "role", "instansi", "unit"],
                condition=Q(unit__isnull=False),
                name="membership_unique_in_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "instansi"],
                condition=Q(unit__isnull=True),
                name="membership_unique_in_instansi",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.LIAISON) | Q(unit__isnull=False),
                name="membership_liaison_has_unit",
            ),
        ]

    def __str__(self) -> str:
        scope = self.unit or self.instansi
        return f"{self.user} · {self.get_role_display()} · {scope}"


class CalendarDay(models.Model):
    """A day an administrator declares off (regional holiday) or working (removes a holiday)."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="calendar_days")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarDayKind.choices)
    description = models.CharField(_("description"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "date"], name="calendar_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}: {self.description}"

    @property
    def is_off(self) -> bool:
        return self.kind == CalendarDayKind.OFF


class ReplyTemplate(models.Model):
    """A ready reply a unit can start a follow-up from, kept per instansi by its administrators."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="reply_templates")
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), max_length=5000)
    is_active = models.BooleanField(_("active"), default=True)
    ordering = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Smaller numbers are listed first.")
    )

    class Meta:
        ordering = ["instansi", "ordering", "title"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "title"], name="reply_template_title_unique_per_instansi"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ServiceCharter(models.Model):
    """The instansi's maklumat pelayanan pengaduan: its promise on complaint handling, the
    channels, and whom to contact. Published at /maklumat/; edited in the admin. The SOP times
    are the instansi's own clock settings, shown beside it."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="charter")
    policy = models.TextField(
        _("statement (maklumat)"),
        help_text=_(
            "The promise, as signed by the head of the government. Paragraphs: blank lines."
        ),
    )
    channels = models.TextField(
        _("channels"),
        blank=True,
        help_text=_("One channel per line, e.g. “SMS/WhatsApp 0812 …”, “Loket Diskominfo”."),
    )
    office_hours = models.CharField(_("service hours"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint service charter (maklumat)")
        verbose_name_plural = _("complaint service charters (maklumat)")

    def __str__(self) -> str:
        return str(self.instansi)

    @property
    def channel_list(self) -> list[str]:
        return [line.strip() for line in self.channels.splitlines() if line.strip()]


class CharterOfficial(models.Model):
    """An official responsible for complaint handling, as the maklumat names them."""

    charter = models.ForeignKey(ServiceCharter, on_delete=models.CASCADE, related_name="officials")
    position = models.CharField(_("position"), max_length=200)
    name = models.CharField(_("name"), max_length=120)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("unit")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["charter", "ordering", "pk"]
        verbose_name = _("responsible official")
        verbose_name_plural = _("responsible officials")

    def __str__(self) -> str:
        return f"{self.position}: {self.name}"
