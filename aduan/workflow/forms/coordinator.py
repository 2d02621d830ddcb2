"""Forms of the coordinator's actions on the report page (/konsol/laporan/<number>/).

Each form only shapes the input; the service called by the view is the real check. Forms that
correct a report (title, category, type, anonim, rahasia) treat a blank field as "unchanged",
so a one-click form can post a single field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from aduan.complaints.choices import ArchiveReason, ReportType
from aduan.complaints.codes import normalise_tracking_number
from aduan.complaints.models import Attachment, Complaint
from aduan.complaints.selectors import reporter_files_of
from aduan.organisation.models import Category, Instansi, Unit
from aduan.workflow.widgets import UnitPicker, grouped_unit_choices

LAPOR = "lapor"


def _yes_no(value: str) -> bool:
    return value == "yes"


def _yes_no_field(label: Any, help_text: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class CategoryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.parent.name} / {obj.name}" if obj.parent_id and obj.parent else obj.name


class UnitsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


def _categories(instansi_id: int) -> Any:
    return (
        Category.objects.filter(instansi_id=instansi_id, is_active=True)
        .select_related("parent")
        # Each top-level category, then its children: "Kesehatan", "Kesehatan / Gizi buruk".
        .order_by(Coalesce("parent__name", "name"), F("parent_id").asc(nulls_first=True), "name")
    )


def _units(instansi_id: int) -> Any:
    return Unit.objects.filter(instansi_id=instansi_id, is_active=True).order_by("name", "pk")


def _units_field(instansi_id: int) -> UnitsField:
    units = _units(instansi_id)
    field = UnitsField(
        label=_("Units"),
        help_text=_("Choose one or more units; type part of a name to find one."),
        queryset=units,
        widget=UnitPicker(),
        error_messages={"required": _("Choose at least one unit.")},
    )
    field.choices = grouped_unit_choices(units)  # the picker's groups; validation uses units
    return field


def _instruction_field() -> forms.CharField:
    return forms.CharField(
        label=_("Instruction to the unit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff read it: never the reporter, never the public."),
    )


class AttachmentsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Attachment) -> str:
        return f"{obj.original_name} ({obj.content_type})"


def _publication_fields(form: forms.Form, complaint: Complaint) -> None:
    """The publication decision taken at verification: publish or not (default: yes unless
    rahasia), and which attachments are public (default: none)."""
    form.fields["publish"] = forms.TypedChoiceField(
        label=_("Publish the report"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=_yes_no,
        empty_value=None,
        required=False,
        initial="no" if complaint.is_confidential else "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "Published: the title and the description, with personal data masked as shown "
            "above, appear on the public feed, in search and on the report's public page. "
            "A confidential report is never published."
        ),
    )
    files = Attachment.objects.filter(reporter_files_of(complaint)).order_by("uploaded_at", "pk")
    form.fields["public_attachments"] = AttachmentsField(
        label=_("Public attachments"),
        queryset=files,
        initial=[a.pk for a in files if a.is_public],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None by default: photos can show faces and number plates. Tick only what the "
            "public may see."
        ),
    )


def publication(form: forms.Form) -> dict[str, Any]:
    """The publication decision as keyword arguments of the verifying services."""
    return {
        "publish": form.cleaned_data.get("publish"),
        "public_attachments": [a.pk for a in form.cleaned_data.get("public_attachments") or []],
    }


class CorrectionsForm(forms.Form):
    """Title, category, type, anonim and rahasia: blank means "leave as it is"."""

    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    category = CategoryChoiceField(label=_("Category"), required=False, queryset=Category.objects)
    type = forms.TypedChoiceField(
        label=_("Type"),
        choices=[("", "—"), *ReportType.choices],
        coerce=ReportType,
        empty_value=None,
        required=False,
    )
    is_anonymous = _yes_no_field(
        _("Anonymous"), _("The reporter's identity is hidden from the units handling it.")
    )
    is_confidential = _yes_no_field(
        _("Confidential (rahasia)"), _("The report's content is never published.")
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": complaint.title,
                "category": complaint.category_id,
                "type": complaint.type,
                "is_anonymous": "yes" if complaint.is_anonymous else "no",
                "is_confidential": "yes" if complaint.is_confidential else "no",
            },
        )
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        category = self.fields["category"]
        assert isinstance(category, CategoryChoiceField)
        category.queryset = _categories(complaint.instansi_id)

    def corrections(self) -> dict[str, Any]:
        """Keyword arguments for the services' corrections (None: unchanged)."""
        data = self.cleaned_data
        return {
            "title": data.get("title") or None,
            "category": data.get("category"),
            "type": data.get("type"),
            "is_anonymous": data.get("is_anonymous"),
            "is_confidential": data.get("is_confidential"),
        }


class VerifyForm(CorrectionsForm):
    """*Verifikasi* and dispatch: the units, an instruction, and corrections in one go."""

    field_order = ["units", "instruction"]

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["units"] = _units_field(complaint.instansi_id)
        self.fields["instruction"] = _instruction_field()
        _publication_fields(self, complaint)
        self.order_fields(self.field_order)
        if complaint.category_id is None:
            # The service refuses a report without a category; saying so here, with the other
            # errors and a marked field, saves a round trip.
            category = self.fields["category"]
            category.required = True
            category.error_messages["required"] = _("Choose a category before verifying.")
        default_unit = complaint.category.default_unit_id if complaint.category else None
        if default_unit and not self.is_bound:
            self.initial["units"] = [default_unit]
        if default_unit:
            widget = self.fields["units"].widget
            assert isinstance(widget, UnitPicker)
            widget.suggested = {str(default_unit)}


class EditForm(CorrectionsForm):
    """Rewrite the title, fix the category or type, set anonim and rahasia."""


class DispatchForm(forms.Form):
    """Send a verified report to more units."""

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"] = _units_field(complaint.instansi_id)
        self.fields["instruction"] = _instruction_field()


class HandleForm(forms.Form):
    """*Kelola*: the coordinator's own unit handles it."""

    category = CategoryChoiceField(
        label=_("Category"),
        required=False,
        queryset=Category.objects,
        help_text=_("Leave blank to keep the current category."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only staff read it: never the reporter, never the public."),
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, CategoryChoiceField)
        category.queryset = _categories(complaint.instansi_id)
        _publication_fields(self, complaint)


class HoldForm(forms.Form):
    """*Tunda*: a question to the reporter; the clocks stop until the answer."""

    question = forms.CharField(
        label=_("Question to the reporter"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Public: shown on the report's public page (personal data masked) and to the reporter."
        ),
        error_messages={"required": _("Write the question for the reporter.")},
    )

    def __init__(self, *args: Any, complaint: Complaint | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ResumeForm(forms.Form):
    note = forms.CharField(
        label=_("Note (for example, what the reporter answered by phone)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only staff read it: never the reporter, never the public."),
    )

    def __init__(self, *args: Any, complaint: Complaint | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ForwardForm(forms.Form):
    """*Bukan wewenang*: to another government of this deployment, or to SP4N-LAPOR!."""

    destination = forms.ChoiceField(
        label=_("Forward to"),
        error_messages={"required": _("Choose where the report goes.")},
    )
    reason = forms.CharField(
        label=_("Why this is not our authority"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The reporter reads it with the access code; it is not public."),
        error_messages={"required": _("Say why this is not our authority.")},
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Instansi.objects.exclude(pk=complaint.instansi_id).order_by("name", "pk")
        self._others = {str(i.pk): i for i in others}
        destination = self.fields["destination"]
        assert isinstance(destination, forms.ChoiceField)
        destination.choices = [
            ("", "—"),
            (LAPOR, _("SP4N-LAPOR! (the national system)")),
            *((pk, i.name) for pk, i in self._others.items()),
        ]

    def destination_kwargs(self) -> dict[str, Any]:
        chosen = self.cleaned_data["destination"]
        if chosen == LAPOR:
            return {"to_lapor": True}
        return {"to_instansi": self._others[chosen]}


class ArchiveForm(forms.Form):
    """*Arsipkan* with a reason (a duplicate goes through the merge form instead)."""

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[c for c in ArchiveReason.choices if c[0] != ArchiveReason.DUPLICATE],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason for archiving.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The reporter reads it with the access code; it is not public."),
    )

    def __init__(self, *args: Any, complaint: Complaint | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class MergeForm(forms.Form):
    """Merge this report, a duplicate, into its original: one of the possible duplicates,
    or any report of the government by its tracking number."""

    original = forms.ChoiceField(
        label=_("Original report"), required=False, widget=forms.RadioSelect
    )
    tracking_number = forms.CharField(
        label=_("Or the original's tracking number"), required=False, max_length=24
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        candidates: Sequence[Complaint] = (),
        complaint: Complaint | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        original = self.fields["original"]
        assert isinstance(original, forms.ChoiceField)
        original.choices = [
            (c.tracking_number, f"{c.tracking_number} · {c.title}") for c in candidates
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = normalise_tracking_number(
            data.get("tracking_number") or data.get("original") or ""
        )
        if not number:
            raise forms.ValidationError(
                _("Choose the original report or type its tracking number.")
            )
        data["number"] = number
        return data


class IdentityForm(forms.Form):
    """Show an anonim reporter's identity: the press of the button is logged."""


class PublishForm(forms.Form):
    """Publish a verified report that is not public: which attachments go with it."""

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _publication_fields(self, complaint)
        del self.fields["publish"]


class UnpublishForm(forms.Form):
    """Withdraw a report from the public pages, with the reason (kept in the staff log)."""

    reason = forms.CharField(
        label=_("Why withdraw it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only staff read it: never the reporter, never the public."),
        error_messages={"required": _("Say why the report is withdrawn.")},
    )

    def __init__(self, *args: Any, complaint: Complaint | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class MaskForm(forms.Form):
    """Mask a piece of the title or description by hand, or undo a mask."""

    text = forms.CharField(
        label=_("Text to mask"),
        max_length=200,
        help_text=_(
            "Copy it exactly from the title or description, e.g. a name or an address. It is "
            "replaced by “[disamarkan]” in every public output; staff still read the original."
        ),
        error_messages={"required": _("Write the text to mask: 3 to 200 characters.")},
    )

    def __init__(self, *args: Any, complaint: Complaint | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
