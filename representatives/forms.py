from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

ADDRESS_MAX_LENGTH = 200


class FindOfficialsForm(forms.Form):
    zip = forms.CharField(
        label=_("ZIP code"),
        max_length=10,
        help_text=_("Five digits. We use it only to find your officials and keep nothing."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    address = forms.CharField(
        label=_("Street address"),
        required=False,
        max_length=ADDRESS_MAX_LENGTH,
        help_text=_(
            "For your state legislators and mayor, and the right House seat when your ZIP "
            "code is split. It is looked up and not kept."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    # When the ZIP code is split between districts, the person picks theirs.
    district = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Without a geocoder an address cannot be placed, so it is not asked for.
        if not settings.OFFICIALS_GEOCODER:
            del self.fields["address"]
