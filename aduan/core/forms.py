"""The site's form renderer: Django's, with every required field marked in its label."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's template renderer; a field's group is core/field.html, which adds "(wajib)" to
    the label of a required field, so nobody learns that a field is required from an error
    (issue 15: the category was required but not marked)."""

    field_template_name = "core/field.html"
