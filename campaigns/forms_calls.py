"""Forms of the call page: where the caller lives, and how each call went."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.calls import CallReport
from campaigns.forms import OneLineCharField, PublicActionForm
from campaigns.models import Outreach
from core.models import Organisation


class CallLookupForm(forms.Form):
    """The caller's ZIP code (and street, or district when the ZIP is split)."""

    zip = OneLineCharField(
        label=_("ZIP code"),
        max_length=10,
        widget=forms.TextInput({"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    street = OneLineCharField(
        label=_("Street address (optional)"),
        max_length=200,
        required=False,
        help_text=_("Finds your one House district when your ZIP code has several."),
        widget=forms.TextInput({"autocomplete": "address-line1"}),
    )
    name = OneLineCharField(
        label=_("Your first name (optional)"),
        max_length=100,
        required=False,
        help_text=_("Fills in the script. Not stored until you report a call."),
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    district = forms.ChoiceField(label=_("Your congressional district"), required=False)
    # Where the caller came from, kept through the lookup to the report.
    source = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args, district_choices: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if district_choices:
            self.fields["district"].choices = [("", _("Choose your district")), *district_choices]
        else:
            # Any value passes here; the lookup says whether it names one of the ZIP's.
            self.fields["district"] = OneLineCharField(
                required=False, max_length=100, widget=forms.HiddenInput
            )

    def clean_zip(self) -> str:
        return self.cleaned_data["zip"].strip()


class CallOutcomeForm(PublicActionForm):
    """How one call went, from the caller: one form per target on the call page."""

    outcome = forms.ChoiceField(
        label=_("How did it go?"), choices=Outreach.Outcome.choices, widget=forms.RadioSelect
    )
    stance = forms.ChoiceField(
        label=_("Their stance, if they gave one"),
        choices=Outreach.Stance.choices,
        initial=Outreach.Stance.UNKNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    target = forms.IntegerField(widget=forms.HiddenInput)
    # The lookup, carried so the page comes back the same and the target can be checked.
    zip = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)
    street = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    district = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    field_order = ["outcome", "stance", "given_name", "family_name", "email"]
    EMAIL_HELP_TEXT = _(
        "So that a second report about this office updates the first. It is never shown."
    )
    STALE_MESSAGE = _("This page was open a long time. Check your details and send again.")

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        # Several of these forms share a page: pass auto_id="t<target id>-%s" so their
        # ids differ; their field names stay plain, which the bot checks read.
        super().__init__(*args, organisations=organisations, **kwargs)
        # The carried lookup renders after the tracking fields, as it always has.
        for name in ("target", "zip", "street", "district"):
            self.fields[name] = self.fields.pop(name)

    def report(self, *, language: str) -> CallReport:
        data = self.cleaned_data
        return CallReport(
            outcome=data["outcome"],
            stance=data.get("stance") or "",
            postal_code=data.get("zip", "")[:12],
            **self.participation_data(language=language),
        )
