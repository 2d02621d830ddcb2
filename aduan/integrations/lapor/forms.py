from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NationalIdForm(forms.Form):
    number = forms.CharField(label=_("Tracking number here"), max_length=40)
    national_id = forms.CharField(label=_("SP4N-LAPOR! tracking id"), max_length=60)
