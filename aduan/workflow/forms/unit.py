"""The shape of a liaison's input in the staff console: the unit's actions on a report.

Forms check shape only (required fields, lengths, number and size of files); the rules (who,
which state, which sub-unit, which file types) live in the workflow services.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aduan.complaints.choices import Cause
from aduan.complaints.services import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS
from aduan.organisation.models import Unit

ACCEPTED_FILES = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"
FILES_HELP = _(
    "Up to 5 files, 10 MB each: photos (JPEG, PNG, WebP) or PDF. Location data stored in "
    "photos is removed."
)

PUBLIC = "public"
INTERNAL = "internal"


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


def _files(label: Any) -> MultipleFileField:
    return MultipleFileField(
        label=label,
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPTED_FILES}),
        help_text=FILES_HELP,
    )


class HandBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this not for your unit?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The coordinator reads this and sends the report to the right unit."),
    )


class FollowupForm(forms.Form):
    text = forms.CharField(
        label=_("Follow-up"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    visibility = forms.ChoiceField(
        label=_("Who sees it"),
        choices=[
            (PUBLIC, _("Public reply to the reporter")),
            (INTERNAL, _("Internal note")),
        ],
        initial=PUBLIC,
        widget=forms.RadioSelect,
        help_text=_(
            "A public reply is shown to the reporter and on the report's public page (personal "
            "data masked); an internal note is seen only by the staff handling the report."
        ),
    )
    attachments = _files(_("Photos or documents (optional)"))

    @property
    def is_public(self) -> bool:
        return bool(self.cleaned_data["visibility"] == PUBLIC)


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the extension"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "An information request can be extended once, by 7 working days, with a written "
            "reason (UU 14/2008). Public: the reporter and the report's public page show the "
            "reason."
        ),
    )


class ResolveForm(forms.Form):
    summary = forms.CharField(
        label=_("What was done"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Public: shown to the reporter and on the report's public page (personal data masked)."
        ),
    )
    attachments = _files(_("Evidence (optional)"))
    cause = forms.ChoiceField(
        label=_("Where did the service fail? (optional)"),
        required=False,
        choices=[("", _("Not said")), *Cause.choices],
        help_text=_("For the unit's improvement: not shown to the public."),
    )
    improvement = forms.CharField(
        label=_("Propose an improvement (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What would prevent this next time; the leader decides on it."),
    )


class ImprovementDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Do not approve"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImprovementDoneForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReassignForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("Sub-unit"), queryset=Unit.objects.none(), empty_label=_("Choose a sub-unit")
    )
    note = forms.CharField(
        label=_("Instruction for the sub-unit (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only staff read it: never the reporter, never the public."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


class InfoRequestForm(forms.Form):
    """Rendered by the unit's panel; posted to the coordinator's hold view (console_hold)."""

    question = forms.CharField(
        label=_("What do you need to know from the reporter?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The report goes on hold and its clocks stop until the reporter answers. Public: "
            "the question is shown to the reporter and on the report's public page."
        ),
    )
