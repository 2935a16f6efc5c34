from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class FormRenderer(TemplatesSetting):
    """Render every form with the project's accessible field and error-summary templates."""

    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"


class StyleguideForm(forms.Form):
    """A form that exists only to show fields, help text and errors on /styleguide/."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send one email to confirm it is yours."),
    )
    postal_code = forms.CharField(label=_("ZIP code"), max_length=10, required=False)
    comment = forms.CharField(
        label=_("Why this matters to you"), widget=forms.Textarea, required=False
    )
    consent = forms.BooleanField(
        label=_("Polaris may email me about its campaigns"), required=False
    )
