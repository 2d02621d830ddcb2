from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.complaints.identity import normalise_phone
from aduan.core.errors import ValidationFailed


class SmsConfirmationForm(forms.Form):
    """The number that gets the tracking number and access code of a report just filed."""

    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("For example 0812 3456 7890."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValidationFailed as error:
            raise forms.ValidationError(str(error)) from None
