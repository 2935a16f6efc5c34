"""Forms for events and postcard drives: propose an event, RSVP, pledge postcards, mailed."""

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.events import EventProposal, RSVPInput, event_time_zone
from campaigns.forms import _POSTAL_CODE, OneLineCharField, PublicActionForm
from campaigns.postcards import PledgeInput
from campaigns.targeting import ResolvedTarget
from core.geography import FEDERAL_DISTRICT, STATES

# How far ahead an event may be proposed: further out, plans change and pages go stale.
LATEST_EVENT = timedelta(days=2 * 365)


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
        widget=forms.TextInput({"autocomplete": "address-line1"}),
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
    EMAIL_HELP_TEXT = _(
        "Never shown. Once we approve the event, we email you a link to the list of people coming."
    )
    HONEYPOT_LAST = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_name"].label = _("Host's first name")
        self.fields["family_name"].label = _("Host's last name")
        self.fields["given_name"].help_text = _(
            "The event page shows your first name and last initial only."
        )
        self.fields["email"].label = _("Host's email address")

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
            **self.participation_data(language=language),
        )


class RSVPForm(PublicActionForm):
    """Say you will come: name and email."""

    HONEYPOT_LAST = True
    # The host's page lists each RSVP's name and email: say so.
    EMAIL_HELP_TEXT = _(
        "The event's host sees your name and email, to reach you about the event. "
        "It is not shown publicly."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_name"].help_text = _(
            "Only the host and the organisers see who is coming."
        )

    def rsvp_input(self, *, language: str) -> RSVPInput:
        return RSVPInput(**self.participation_data(language=language))


class PledgeForm(PublicActionForm):
    """Pledge postcards: how many, the ZIP code, and which of its officials receive them."""

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

    field_order = [
        "count", "zip_code", "district", "targets", "given_name", "family_name", "email",
    ]  # fmt: skip
    HONEYPOT_LAST = True

    def __init__(
        self,
        *args,
        district_choices: list[tuple[str, str]] | None = None,
        targets: list[ResolvedTarget] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.district_choices_set(district_choices or [])
        if targets is not None:
            # Offered only once the address is known; its choices are that address's targets.
            self.fields["targets"] = forms.TypedMultipleChoiceField(
                label=_("Whom will you write to?"),
                choices=[(str(t.target.pk), _target_label(t)) for t in targets],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Untick anyone you will not write to."),
                error_messages={
                    "required": _("Choose at least one official to write to."),
                    "invalid_choice": _("Choose only from the officials listed for your address."),
                },
            )
            self.order_fields(self.field_order)

    @property
    def lists_targets(self) -> bool:
        return "targets" in self.fields

    def district_choices_set(self, choices: list[tuple[str, str]]) -> None:
        field = self.fields["district"]
        if choices:
            field.widget = forms.Select(choices=[("", gettext("Choose your district")), *choices])
        else:
            field.widget = forms.HiddenInput()

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
            target_ids=tuple(data["targets"]) if "targets" in data else None,
            **self.participation_data(language=language),
        )


def _target_label(target: ResolvedTarget) -> str:
    return f"{target.name}, {target.title}" if target.title else target.name


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
