from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.organisation.models import Membership
from aduan.staffapi.services import MAX_DAYS


class PersonalTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("What the token is for, e.g. the daily export script."),
    )
    membership = forms.ModelChoiceField(
        label=_("Role"), queryset=Membership.objects.none(), empty_label=None
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=90
    )

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Membership.objects.filter(pk__in=[m.pk for m in memberships])
        labels = {m.pk: _membership_label(m) for m in memberships}
        field.label_from_instance = lambda m: labels[m.pk]  # type: ignore[method-assign,assignment]


def _membership_label(membership: Membership) -> str:
    where = membership.unit.name if membership.unit else membership.instansi.name
    return f"{membership.get_role_display()} · {where}"
