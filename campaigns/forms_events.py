"""Forms for events and postcard drives: propose an event, RSVP, pledge postcards, mailed."""

import time
from datetime import datetime, timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.events import EventProposal, RSVPInput, event_time_zone
from campaigns.forms import (
    _POSTAL_CODE,
    _STARTED_SALT,
    STARTED_MAX_AGE,
    OneLineCharField,
    consent_text,
    started_stamp,
)
from campaigns.postcards import PledgeInput
from core.geography import FEDERAL_DISTRICT, STATES
from core.models import Organisation

# How far ahead an event may be proposed: further out, plans change and pages go stale.
LATEST_EVENT = timedelta(days=2 * 365)


class PublicActionForm(forms.Form):
    """What every public action form shares: name, email, consents, spam guards, source."""

    given_name = OneLineCharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput({"autocomplete": "given-name"}),
    )
    family_name = OneLineCharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Never shown on this site."),
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    source = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    referrer = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    landing_url = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # A field people never see: bots that fill every input give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput({"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        # One unchecked box per sponsoring organisation; its words are kept as shown.
        for organisation in organisations:
            label = consent_text(organisation)
            if organisation.privacy_policy_url:
                label = format_html(
                    '{} <a href="{}">{}</a>',
                    label,
                    organisation.privacy_policy_url,
                    gettext("Privacy policy"),
                )
            self.fields[f"consent_{organisation.pk}"] = forms.BooleanField(
                label=label, required=False
            )
        self.fields["website"] = self.fields.pop("website")
        if not self.is_bound:
            self.initial.setdefault("started", started_stamp())

    @property
    def is_spam(self) -> bool:
        """A filled honeypot, or a form sent faster than a person could fill it."""
        if self.data.get("website"):
            return True
        try:
            started = signing.loads(self.data.get("started", ""), salt=_STARTED_SALT)
        except signing.BadSignature:
            return True
        return time.time() - float(started) < settings.SIGN_MIN_FILL_SECONDS

    def clean_started(self) -> str:
        value = self.cleaned_data["started"]
        try:
            signing.loads(value, salt=_STARTED_SALT, max_age=STARTED_MAX_AGE)
        except signing.SignatureExpired:
            data = self.data.copy()
            data["started"] = started_stamp()
            self.data = data
            self.add_error(
                None, _("This page was open a long time. Check your details and send again.")
            )
        except signing.BadSignature:
            pass  # is_spam has turned it away before validation
        return value

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_source(self) -> str:
        return " ".join(self.cleaned_data["source"].split())

    def clean_referrer(self) -> str:
        return " ".join(self.cleaned_data["referrer"].split())

    def clean_landing_url(self) -> str:
        return " ".join(self.cleaned_data["landing_url"].split())

    def _common(self, *, language: str) -> dict:
        data = self.cleaned_data
        return {
            "email": data["email"],
            "given_name": data["given_name"],
            "family_name": data["family_name"],
            "consent_texts": {
                organisation.pk: consent_text(organisation)
                for organisation in self.organisations
                if data.get(f"consent_{organisation.pk}")
            },
            "source": data["source"],
            "referrer": data["referrer"],
            "landing_url": data["landing_url"],
            "language": language,
        }


def _postal_code_clean(value: str) -> str:
    value = value.strip()
    if value and not _POSTAL_CODE.match(value):
        raise forms.ValidationError(_("Enter a ZIP code of 5 digits, such as 98101."))
    return value.upper()


STATE_CHOICES = [
    ("", _("Choose a state")),
    *sorted((STATES | FEDERAL_DISTRICT).items(), key=lambda item: item[1]),
]


class EventProposeForm(PublicActionForm):
    """Propose an event: what, when, where, and who hosts it."""

    title = OneLineCharField(label=_("Name of the event"), max_length=200)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput({"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput({"type": "time"}, format="%H:%M")
    )
    venue = OneLineCharField(
        label=_("Place"), max_length=200, help_text=_("A hall, a park, a café, a home.")
    )
    street = OneLineCharField(
        label=_("Street address"),
        max_length=200,
        required=False,
        widget=forms.TextInput({"autocomplete": "street-address"}),
    )
    city = OneLineCharField(label=_("City"), max_length=100)
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES)
    postal_code = OneLineCharField(
        label=_("ZIP code"),
        max_length=12,
        required=False,
        widget=forms.TextInput({"autocomplete": "postal-code"}),
    )
    description = forms.CharField(
        label=_("What will happen"),
        max_length=5000,
        widget=forms.Textarea({"rows": 5}),
        help_text=_("Shown on the event's public page."),
    )

    field_order = [
        "title", "date", "start_time", "end_time", "venue", "street", "city", "state",
        "postal_code", "description", "given_name", "family_name", "email",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_name"].label = _("Host's first name")
        self.fields["family_name"].label = _("Host's last name")
        self.fields["given_name"].help_text = _(
            "The event page shows your first name and last initial only."
        )
        self.fields["email"].label = _("Host's email address")
        self.fields["email"].help_text = _(
            "Never shown. Once we approve the event, we email you a link to the list of "
            "people coming."
        )
        self.fields["website"] = self.fields.pop("website")

    def clean_postal_code(self) -> str:
        return _postal_code_clean(self.cleaned_data["postal_code"])

    def clean(self) -> dict:
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day is None or start is None:
            return data
        zone = event_time_zone(data.get("state", ""))
        starts_at = datetime.combine(day, start, tzinfo=zone)
        now = timezone.now()
        if starts_at <= now:
            self.add_error("date", _("Choose a date and time that has not passed."))
        elif starts_at > now + LATEST_EVENT:
            self.add_error("date", _("Choose a date within the next two years."))
        if end is not None and end <= start:
            self.add_error("end_time", _("The event must end after it starts."))
        data["starts_at"] = starts_at
        data["ends_at"] = datetime.combine(day, end, tzinfo=zone) if end else None
        return data

    def proposal(self, *, language: str) -> EventProposal:
        data = self.cleaned_data
        return EventProposal(
            title=data["title"],
            description=data["description"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data["venue"],
            street=data["street"],
            city=data["city"],
            state=data["state"],
            postal_code=data["postal_code"],
            **self._common(language=language),
        )


class RSVPForm(PublicActionForm):
    """Say you will come: name and email."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_name"].help_text = _(
            "Only the host and the organisers see who is coming."
        )

    def rsvp_input(self, *, language: str) -> RSVPInput:
        return RSVPInput(**self._common(language=language))


class PledgeForm(PublicActionForm):
    """Pledge postcards: how many, and the ZIP code whose officials receive them."""

    count = forms.IntegerField(
        label=_("How many postcards will you write?"), min_value=1, max_value=100, initial=5
    )
    zip_code = OneLineCharField(
        label=_("Your ZIP code"),
        max_length=10,
        help_text=_("Your postcards go to your own members of Congress."),
        widget=forms.TextInput({"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    # Asked only when the ZIP code spans districts; carried along hidden otherwise.
    district = OneLineCharField(
        label=_("Your congressional district"), max_length=100, required=False
    )

    field_order = ["count", "zip_code", "district", "given_name", "family_name", "email"]

    def __init__(self, *args, district_choices: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        if district_choices:
            field.widget = forms.Select(
                choices=[("", _("Choose your district")), *district_choices]
            )
        else:
            field.widget = forms.HiddenInput()
        self.fields["website"] = self.fields.pop("website")

    def clean_zip_code(self) -> str:
        value = self.cleaned_data["zip_code"].strip()
        if not (len(value) in (5, 10) and value[:5].isdigit()):
            raise forms.ValidationError(_("Enter a ZIP code of 5 digits, such as 98101."))
        return value[:5]

    def pledge_input(self, *, language: str) -> PledgeInput:
        data = self.cleaned_data
        return PledgeInput(
            count=data["count"],
            postal_code=data["zip_code"],
            district=data.get("district", ""),
            **self._common(language=language),
        )


class MailedForm(forms.Form):
    """Say how many of the pledged postcards went in the post."""

    count = forms.IntegerField(label=_("How many did you mail?"), min_value=1)

    def __init__(self, *args, pledged: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.pledged = pledged
        self.fields["count"].widget.attrs["max"] = pledged
        self.initial.setdefault("count", pledged)

    def clean_count(self) -> int:
        count = self.cleaned_data["count"]
        if count > self.pledged:
            raise forms.ValidationError(
                _("You pledged %(pledged)d; enter a number up to that.") % {"pledged": self.pledged}
            )
        return count
