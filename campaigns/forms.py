import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.models import Petition, Signature
from campaigns.services import ConfirmChoices, SignatureInput
from core.models import ONE_LINE, Organisation

_STARTED_SALT = "campaigns.sign.started"
# A form left open longer than this is sent back once with a fresh stamp, input kept.
STARTED_MAX_AGE = 12 * 60 * 60
_POSTAL_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,10}[A-Za-z0-9]$")


def started_stamp() -> str:
    """A signed note of when the form was shown, for the minimum fill time."""
    return signing.dumps(time.time(), salt=_STARTED_SALT)


def consent_text(organisation: Organisation) -> str:
    """The exact sentence beside an organisation's consent box; it is stored as shown."""
    return gettext("Yes, %(organisation)s may email me about its campaigns and work.") % {
        "organisation": organisation.name
    }


class OneLineCharField(forms.CharField):
    """A text input that refuses line breaks, which could end up in an email header."""

    def to_python(self, value):
        # Checked before stripping, which would quietly drop a trailing line break.
        if isinstance(value, str) and ("\r" in value or "\n" in value):
            raise forms.ValidationError(ONE_LINE.message, code="one_line")
        return super().to_python(value)

    def prepare_value(self, value):
        # Refused input is shown again to be fixed; an <input> value cannot hold a line
        # break, so the words come back on one line, none of them lost.
        if isinstance(value, str):
            value = " ".join(value.splitlines())
        return super().prepare_value(value)


def consent_texts_ticked(organisations: list[Organisation], data: dict) -> dict[int, str]:
    """The exact sentence of each consent box ticked in a form's cleaned data, by organisation."""
    return {
        organisation.pk: consent_text(organisation)
        for organisation in organisations
        if data.get(f"consent_{organisation.pk}")
    }


class PublicActionForm(forms.Form):
    """What every public action form shares: name, email, consents, spam guards, source.

    A form's own fields render after the name and email (or where its field_order puts
    them), then the tracking fields and the honeypot, then one consent box per sponsor.
    """

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
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    # Where the person came from, carried from the page view to the post.
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

    # Each form says what it does with the address, so each has its own help text.
    EMAIL_HELP_TEXT = _("Never shown on this site.")
    # Said when the started stamp has expired; a petition asks to sign, not send, again.
    STALE_MESSAGE = _("This page was open a long time. Check your details and send again.")
    # The event and postcard forms show the honeypot after the consent boxes.
    HONEYPOT_LAST = False

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        self.fields["email"].help_text = self.EMAIL_HELP_TEXT
        # Declared here, so first: moved behind the form's own fields.
        for name in ("source", "referrer", "landing_url", "started", "website"):
            self.fields[name] = self.fields.pop(name)
        self.consent_fields_add(organisations)
        if self.HONEYPOT_LAST:
            self.fields["website"] = self.fields.pop("website")
        if not self.is_bound:
            self.initial.setdefault("started", started_stamp())

    def consent_fields_add(self, organisations: list[Organisation]) -> None:
        """Add one unchecked box per sponsoring organisation; its words are kept as shown."""
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
            # Shown again with a fresh stamp; what the person typed is kept.
            data = self.data.copy()
            data["started"] = started_stamp()
            self.data = data
            self.add_error(None, self.STALE_MESSAGE)
        except signing.BadSignature:
            pass  # is_spam has turned it away before validation
        return value

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        # EmailField refuses these already; the address goes into mail headers, so again.
        if "\r" in email or "\n" in email:
            raise forms.ValidationError(_("Enter the email address on one line."))
        return email.strip().lower()

    def clean_source(self) -> str:
        return " ".join(self.cleaned_data["source"].split())

    def clean_referrer(self) -> str:
        return " ".join(self.cleaned_data["referrer"].split())

    def clean_landing_url(self) -> str:
        return " ".join(self.cleaned_data["landing_url"].split())

    def consent_texts(self) -> dict[int, str]:
        """The exact label text of each ticked consent box, by organisation id."""
        return consent_texts_ticked(self.organisations, self.cleaned_data)

    def participation_data(self, *, language: str) -> dict:
        """Who acts, what they agreed to and where they came from, as the services take it."""
        data = self.cleaned_data
        return {
            # A form may drop a name field (the social form asks no last name).
            **{
                name: data[name]
                for name in ("email", "given_name", "family_name")
                if name in self.fields
            },
            "consent_texts": self.consent_texts(),
            "source": data["source"],
            "referrer": data["referrer"],
            "landing_url": data["landing_url"],
            "language": language,
        }


class PetitionSignForm(PublicActionForm):
    """Sign a petition: name, email, the fields the petition asks for, and consents."""

    postal_code = OneLineCharField(
        label=_("ZIP or postal code"),
        max_length=12,
        widget=forms.TextInput({"autocomplete": "postal-code"}),
    )
    comment = forms.CharField(
        label=_("Why this matters to you"),
        max_length=1000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Shown on the public list only if you show your name."),
    )
    show_name = forms.BooleanField(
        label=_("Show my first name and last initial on the public list of signers"),
        required=False,
    )

    EMAIL_HELP_TEXT = _("We email you a link to confirm your signature. It is never shown.")
    STALE_MESSAGE = _("This page was open a long time. Check your details and sign again.")

    def __init__(self, *args, petition: Petition, organisations: list[Organisation], **kwargs):
        super().__init__(*args, organisations=organisations, **kwargs)
        self.petition = petition
        if not petition.ask_postal_code:
            del self.fields["postal_code"]
        if not petition.ask_comment:
            del self.fields["comment"]

    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"].strip()
        if not _POSTAL_CODE.match(value):
            raise forms.ValidationError(
                _("Enter a ZIP or postal code of 3 to 12 letters and digits, such as 98101.")
            )
        return value.upper()

    def signature_input(self, *, language: str) -> SignatureInput:
        data = self.cleaned_data
        return SignatureInput(
            postal_code=data.get("postal_code", ""),
            comment=data.get("comment", ""),
            show_name=data["show_name"],
            **self.participation_data(language=language),
        )


class SignatureConfirmForm(forms.Form):
    """The confirmation page: the owner of the address settles name, listing and consents."""

    given_name = OneLineCharField(label=_("First name"), max_length=100)
    family_name = OneLineCharField(label=_("Last name"), max_length=100)
    show_name = forms.BooleanField(
        label=_("Show my first name and last initial on the public list of signers"),
        required=False,
    )

    def __init__(self, *args, signature: Signature, organisations: list[Organisation], **kwargs):
        asked = signature.consent_texts or {}
        person = signature.person
        kwargs.setdefault(
            "initial",
            {
                "given_name": person.given_name,
                "family_name": person.family_name,
                "show_name": signature.show_name,
                **{f"consent_{pk}": str(pk) in asked for pk in (o.pk for o in organisations)},
            },
        )
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        for organisation in organisations:
            self.fields[f"consent_{organisation.pk}"] = forms.BooleanField(
                label=consent_text(organisation), required=False
            )

    def choices(self) -> ConfirmChoices:
        data = self.cleaned_data
        return ConfirmChoices(
            given_name=data["given_name"],
            family_name=data["family_name"],
            show_name=data["show_name"],
            consent_texts=consent_texts_ticked(self.organisations, data),
        )
