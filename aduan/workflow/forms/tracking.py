"""The shape of the reporter's input on the tracking page (/lacak/)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.complaints.codes import normalise_tracking_number


class TrackLookupForm(forms.Form):
    """Find a report by its tracking number; with the access code, open the private parts."""

    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=24,
        help_text=_("For example LWU-7K3M-9QXR."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    access_code = forms.CharField(
        label=_("Access code (optional)"),
        max_length=20,
        required=False,
        help_text=_("The secret code you got when you sent the report. It shows your own details."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_tracking_number(self) -> str:
        return normalise_tracking_number(str(self.cleaned_data["tracking_number"]))


class AccessCodeForm(forms.Form):
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you and the staff handling the report read it; it is not public."),
    )


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only you and the staff handling the report read it; it is not public."),
    )


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("How satisfied are you with how your report was handled?"),
        coerce=int,
        choices=[
            (5, _("5 stars: very satisfied")),
            (4, _("4 stars: satisfied")),
            (3, _("3 stars: so-so")),
            (2, _("2 stars: unsatisfied")),
            (1, _("1 star: very unsatisfied")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the staff read it; it is not public."),
    )
