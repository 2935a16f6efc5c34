"""Forms of the social actions: the ZIP lookup and the post buttons' one form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.forms import OneLineCharField, PublicActionForm
from campaigns.models import SocialAction
from campaigns.social import (
    InvalidInstance,
    SocialButton,
    SocialPostInput,
    SocialTarget,
    mastodon_instance_clean,
)
from core.models import Organisation


class SocialLookupForm(forms.Form):
    """The ZIP code (and district, for a split ZIP) whose officials the page lists."""

    zip = OneLineCharField(
        label=_("Your ZIP code"),
        max_length=10,
        required=False,
        widget=forms.TextInput({"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    district = OneLineCharField(max_length=100, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        # Its own ids: the post form below carries the same ZIP in a field of its own.
        kwargs.setdefault("auto_id", "lookup-%s")
        super().__init__(*args, **kwargs)


class SocialPostForm(PublicActionForm):
    """Who is posting, and which button they pressed: one form around every button.

    One form rather than one per button, so the address and the Mastodon server are
    typed once and sent with whichever button is pressed, with no script needed.
    """

    instance = OneLineCharField(
        label=_("Your Mastodon server"),
        max_length=253,
        required=False,
        help_text=_("Only for Mastodon: the server your account is on, such as mastodon.social."),
        widget=forms.TextInput({"autocomplete": "off", "spellcheck": "false"}),
    )
    post = forms.ChoiceField(widget=forms.HiddenInput)
    # The ZIP and district the targets were looked up with, to find them again.
    zip = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)
    district = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    # A post needs no last name, and the first name is optional (set below).
    family_name = None

    field_order = ["email", "given_name"]
    EMAIL_HELP_TEXT = _("So each person counts once. It is never shown, and we send you nothing.")
    STALE_MESSAGE = _("This page was open a long time. Check your details and send again.")

    def __init__(
        self,
        *args,
        action: SocialAction,
        organisations: list[Organisation],
        targets: list[SocialTarget],
        **kwargs,
    ):
        super().__init__(*args, organisations=organisations, **kwargs)
        self.fields["given_name"].required = False
        self.action = action
        self.buttons: dict[str, tuple[SocialTarget, SocialButton]] = {
            button.value: (target, button) for target in targets for button in target.buttons
        }
        self.fields["post"].choices = [(value, value) for value in self.buttons]

    def clean_instance(self) -> str:
        value = self.cleaned_data["instance"]
        if not value:
            return ""
        try:
            return mastodon_instance_clean(value)
        except InvalidInstance:
            raise forms.ValidationError(
                _("Enter only the server's name, such as mastodon.social."), code="instance"
            ) from None

    def clean(self):
        data = super().clean()
        chosen = self.buttons.get(data.get("post", ""))
        mastodon = chosen is not None and chosen[1].network == SocialAction.Network.MASTODON
        if mastodon and not data.get("instance") and "instance" not in self.errors:
            self.add_error("instance", _("Enter your Mastodon server, so the post opens there."))
        return data

    @property
    def chosen(self) -> tuple[SocialTarget, SocialButton]:
        return self.buttons[self.cleaned_data["post"]]

    def post_input(self, *, language: str) -> SocialPostInput:
        return SocialPostInput(**self.participation_data(language=language))
