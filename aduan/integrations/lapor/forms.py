from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NationalIdForm(forms.Form):
    number = forms.CharField(label=_("Tracking number here"), max_length=40)
    national_id = forms.CharField(label=_("SP4N-LAPOR! tracking id"), max_length=60, required=False)
    clear = forms.BooleanField(
        label=_("Remove the tracking id recorded by hand"),
        required=False,
        help_text=_("For an id recorded by mistake; the id field is then left empty."),
    )
