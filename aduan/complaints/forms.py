"""The shape of the citizen portal's input: the report form and the tracking forms.

Forms check shape only (required fields, lengths, types); the rules live in the services
(`complaint_submit`, the workflow services), whose errors the views tie back to a field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from aduan.accounts.models import User
from aduan.complaints.choices import (
    STAFF_CHANNELS,
    AgeGroup,
    Channel,
    Gender,
    ReportType,
    VulnerableGroup,
)
from aduan.complaints.services import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    ReporterInput,
    ReportInput,
)
from aduan.organisation.choices import RegionLevel
from aduan.organisation.models import Category, Instansi, Region, Unit

ACCEPTED_FILES = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"

# Service error codes (DomainError.code) → the form field the message belongs to.
FIELD_OF_ERROR = {
    "title": "title",
    "description": "description",
    "date": "incident_date",
    "category": "category",
    "unit": "target_unit",
    "region": "desa",
    "point": "latitude",
    "phone": "phone",
    "nik": "nik",
    "attachments": "attachments",
    "attachment_size": "attachments",
    "attachment_type": "attachments",
    "honeypot": "website",
    "letter_number": "letter_number",
    "letter_date": "letter_date",
    "received": "letter_received_on",
    "call_at": "call_at",
    "rate_limited_phone": "phone",
}

Choices = list[tuple[Any, Any]]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to MAX_ATTACHMENTS files, each at most MAX_ATTACHMENT_BYTES; the type is checked by
    content in the service, not here."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files: Sequence[Any] = data if isinstance(data, list | tuple) else [data] if data else []
        files = [f for f in files if f]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("At most 5 files can be attached."))
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(
                    _("“%(name)s” is larger than 10 MB."), params={"name": upload.name}
                )
        return cleaned


def _blank(label: Any) -> Choices:
    return [("", label)]


class ReportForm(forms.Form):
    """A report filed by a citizen on /lapor/ (DOMAIN.md section 3)."""

    type = forms.ChoiceField(
        label=_("What do you want to send?"),
        choices=ReportType.choices,
        initial=ReportType.COMPLAINT,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_(
            "In a few words, e.g. “Broken road in front of SD Kanna”. Public once a coordinator "
            "has verified and published the report."
        ),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What, where, when and who was involved. Do not write your NIK here. Public once a "
            "coordinator has verified and published the report; NIK, phone numbers, e-mail "
            "addresses and names in it are masked."
        ),
    )
    incident_date = forms.DateField(
        label=_("Date it happened (complaints)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("If you are not sure, give an approximate date or leave it empty."),
    )
    kecamatan = forms.ChoiceField(
        label=_("Kecamatan"),
        required=False,
        help_text=_("For a suggestion or an information request: where you live."),
    )
    desa = forms.ChoiceField(label=_("Desa / kelurahan"), required=False)
    address = forms.CharField(
        label=_("Address or place"),
        max_length=255,
        required=False,
        help_text=_("e.g. street, hamlet (dusun), a landmark nearby."),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-90),
        max_value=Decimal(90),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=Decimal(-180),
        max_value=Decimal(180),
    )
    category = forms.ChoiceField(label=_("Topic (optional)"), required=False)
    target_unit = forms.ChoiceField(
        label=_("Office you think is responsible (optional)"), required=False
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonymous: hide my name"),
        required=False,
        help_text=_(
            "The public and the office handling your report will not see who you are; only the "
            "complaint coordinators of the regency can, and each time they look it is recorded."
        ),
    )
    is_confidential = forms.BooleanField(
        label=_("Confidential: do not publish my report"),
        required=False,
        help_text=_(
            "Your report will not appear on the public website; the staff who handle it still "
            "read it, and only you can follow it with your access code."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=20,
        required=False,
        help_text=_("The 16 digits on your KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone / WhatsApp number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    reporter_address = forms.CharField(
        label=_("Your address"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=_blank(_("No answer")) + Gender.choices,
    )
    age_group = forms.ChoiceField(
        label=_("Age"), required=False, choices=_blank(_("No answer")) + AgeGroup.choices
    )
    has_disability = forms.ChoiceField(
        label=_("Do you have a disability?"),
        required=False,
        choices=[("", _("No answer")), ("yes", _("Yes")), ("no", _("No"))],
    )
    vulnerable_group = forms.ChoiceField(
        label=_("Do you belong to one of these groups?"),
        required=False,
        choices=_blank(_("No answer")) + VulnerableGroup.choices,
    )
    attachments = MultipleFileField(
        label=_("Photos or documents (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPTED_FILES}),
        help_text=_(
            "Up to 5 files, 10 MB each: photos (JPEG, PNG, WebP) or PDF. Location data stored "
            "in photos is removed. Not public unless the coordinator chooses to publish a file."
        ),
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi = instansi
        english = (get_language() or "").startswith("en")
        districts = list(
            Region.objects.filter(parent_id=instansi.region_id, level=RegionLevel.DISTRICT)
            .only("code", "name")
            .order_by("name")
        )
        villages = list(
            Region.objects.filter(parent__parent_id=instansi.region_id, level=RegionLevel.VILLAGE)
            .only("code", "name", "parent_id")
            .order_by("name")
        )
        self.regions: dict[str, Region] = {r.code: r for r in [*districts, *villages]}
        by_district: dict[int, list[Region]] = {}
        for village in villages:
            by_district.setdefault(village.parent_id or 0, []).append(village)
        kecamatan = self.fields["kecamatan"]
        desa = self.fields["desa"]
        assert isinstance(kecamatan, forms.ChoiceField)
        assert isinstance(desa, forms.ChoiceField)
        kecamatan.choices = _blank(_("Choose a kecamatan")) + [(d.code, d.name) for d in districts]
        # One group per kecamatan: without JavaScript the citizen still finds the village;
        # report-form.js narrows the list to the chosen kecamatan.
        desa.choices = _blank(_("Choose a desa / kelurahan")) + [
            (d.name, [(v.code, v.name) for v in by_district.get(d.pk, [])]) for d in districts
        ]

        categories = list(
            Category.objects.filter(instansi=instansi, is_active=True).order_by("name")
        )
        self.categories = {str(c.pk): c for c in categories}

        def name_of(c: Category) -> str:
            return c.name_en if english and c.name_en else c.name

        category_choices: Choices = _blank(_("I am not sure"))
        for top in (c for c in categories if c.parent_id is None):
            children = [(str(c.pk), name_of(c)) for c in categories if c.parent_id == top.pk]
            if children:
                category_choices.append((name_of(top), [(str(top.pk), name_of(top)), *children]))
            else:
                category_choices.append((str(top.pk), name_of(top)))
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = category_choices

        units = list(Unit.objects.filter(instansi=instansi, is_active=True).order_by("name"))
        self.units = {str(u.pk): u for u in units}
        target_unit = self.fields["target_unit"]
        assert isinstance(target_unit, forms.ChoiceField)
        target_unit.choices = _blank(_("I am not sure")) + [(str(u.pk), u.name) for u in units]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kecamatan = self.regions.get(data.get("kecamatan") or "")
        desa = self.regions.get(data.get("desa") or "")
        if kecamatan and desa and desa.parent_id != kecamatan.pk:
            self.add_error("desa", _("This desa / kelurahan is not in the kecamatan you chose."))
        data["region"] = desa or kecamatan
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("A map point needs both latitude and longitude."))
        data["category_obj"] = self.categories.get(data.get("category") or "")
        data["target_unit_obj"] = self.units.get(data.get("target_unit") or "")
        return data

    def report_input(self, *, channel: Channel, user: User | None = None) -> ReportInput:
        """The cleaned form as the service's input; the same for the citizen and the desk."""
        data = self.cleaned_data
        report_type = ReportType(data["type"])
        return ReportInput(
            type=report_type,
            title=data["title"],
            description=data["description"],
            channel=channel,
            # Suggestions and information requests give the reporter's home region, no date.
            incident_date=data["incident_date"] if report_type == ReportType.COMPLAINT else None,
            region=data["region"],
            address=data["address"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            category=data["category_obj"],
            target_unit=data["target_unit_obj"],
            is_anonymous=data["is_anonymous"],
            is_confidential=data["is_confidential"],
            reporter=ReporterInput(
                name=data["name"].strip(),
                nik=data["nik"],
                phone=data["phone"],
                email=data["email"],
                address=data["reporter_address"].strip(),
                gender=data["gender"],
                age_group=data["age_group"],
                has_disability={"yes": True, "no": False}.get(data["has_disability"]),
                vulnerable_group=data["vulnerable_group"],
                user=user,
            ),
        )


class OperatorReportForm(ReportForm):
    """A report entered at the front desk on a citizen's behalf (/konsol/entri/).

    The citizen's form with the channel it came through and the scan of the letter; no
    honeypot (staff are signed in with two factors). The same service checks the files.
    """

    channel = forms.ChoiceField(
        label=_("How did the report come in?"),
        choices=[(c.value, c.label) for c in STAFF_CHANNELS],
        widget=forms.RadioSelect,
    )
    letter_scan = forms.FileField(
        label=_("Scan of the letter (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
        help_text=_("For a letter or a complaint-box note: a PDF or a photo, at most 10 MB."),
    )
    letter_number = forms.CharField(
        label=_("Letter number (optional)"),
        max_length=100,
        required=False,
        help_text=_("As written on the letter, e.g. 005/123/Desa-Kanna/I/2026."),
    )
    letter_date = forms.DateField(
        label=_("Date of the letter (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    letter_received_on = forms.DateField(
        label=_("Date the letter was received (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the office received it, if not today."),
    )
    call_at = forms.DateTimeField(
        label=_("Date and time of the call (optional)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d-%m-%Y %H.%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In the government's time zone, if not just now."),
    )
    website = None  # type: ignore[assignment]  # no honeypot on the staff console

    # The citizen's form speaks to the reporter; here the operator types for someone else.
    _OPERATOR_LABELS = {
        "type": _("What did the citizen send?"),
        "reporter_address": _("Address of the reporter"),
        "is_anonymous": _("Anonymous: the citizen asks to hide their name"),
        "is_confidential": _("Confidential: the citizen asks not to publish the report"),
        "name": _("Citizen's name"),
        "phone": _("Citizen's phone / WhatsApp number"),
        "email": _("Citizen's email"),
        "has_disability": _("Does the citizen have a disability?"),
        "vulnerable_group": _("Does the citizen belong to one of these groups?"),
        "attachments": _("Other photos or documents (optional)"),
    }

    def __init__(self, *args: Any, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, instansi=instansi, **kwargs)
        for name, label in self._OPERATOR_LABELS.items():
            self.fields[name].label = label
        self.fields["phone"].help_text = _(
            "The receipt with the tracking number goes to the email, or else by SMS to this "
            "number when SMS is set up."
        )
        self.fields["description"].help_text = _(
            "What the citizen reports, in their words as far as possible. Do not write the NIK "
            "here. Public once a coordinator has verified and published the report, with "
            "personal data masked."
        )
        # Help texts that spoke to the citizen ("where you live", "your KTP").
        self.fields["nik"].label = _("NIK of the reporter")
        self.fields["nik"].help_text = _("The 16 digits on the reporter's KTP.")
        self.fields["kecamatan"].help_text = _(
            "For a suggestion or an information request: where the reporter lives."
        )
        self.fields["incident_date"].help_text = _(
            "If the reporter is not sure, an approximate date, or leave it empty."
        )
        self.fields["is_anonymous"].help_text = _(
            "The public and the units handling the report will not see who the reporter is; "
            "only the coordinators can."
        )
        self.fields["is_confidential"].help_text = _(
            "The report will not appear on the public website; the staff who handle it still "
            "read it, and the reporter follows it with the access code."
        )
        self.instansi = instansi

    def clean_call_at(self) -> datetime | None:
        """The call's time as the operator typed it, in the government's time zone."""
        value: datetime | None = self.cleaned_data.get("call_at")
        if value is None:
            return None
        zone = ZoneInfo(self.instansi.time_zone or "Asia/Makassar")
        return value.replace(tzinfo=None).replace(tzinfo=zone)

    def report_input(self, *, channel: Channel, user: User | None = None) -> ReportInput:
        data = self.cleaned_data
        return dataclasses.replace(
            super().report_input(channel=channel, user=user),
            letter_number=data.get("letter_number") or "",
            letter_date=data.get("letter_date"),
            letter_received_on=data.get("letter_received_on"),
            call_at=data.get("call_at"),
        )

    def clean_letter_scan(self) -> UploadedFile | None:
        scan: UploadedFile | None = self.cleaned_data.get("letter_scan")
        if scan is not None and scan.size is not None and scan.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(
                _("“%(name)s” is larger than 10 MB."), params={"name": scan.name}
            )
        return scan

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        files = [data["letter_scan"]] if data.get("letter_scan") else []
        files += data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            self.add_error("attachments", _("At most 5 files can be attached."))
        data["files"] = files
        return data
