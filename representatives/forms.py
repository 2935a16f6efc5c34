from django import forms
from django.utils.translation import gettext_lazy as _


class FindOfficialsForm(forms.Form):
    zip = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        help_text=_("Five digits. We use it only to find your officials and keep nothing."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    # When the ZIP code is split between districts, the person picks theirs.
    district = forms.CharField(required=False, widget=forms.HiddenInput)
