from django import forms
from django.utils.translation import gettext_lazy as _

from legislation import hooks, selectors
from legislation.alerts import FollowTarget, follow_target
from legislation.exceptions import InvalidFollow
from legislation.models import AlertFrequency


class BillFilterForm(forms.Form):
    """The bill list's filters and text search; every field is optional."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), required=False)
    session = forms.ChoiceField(label=_("Session"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    subject = forms.ChoiceField(label=_("Subject"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = selectors.bill_filter_choices()
        for name, options in choices.items():
            self.fields[name].choices = [("", _("Any")), *options]

    def filters(self) -> selectors.BillFilters:
        """The valid filters; an invalid value (a stale link) is dropped, not an error page."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name, "") for name in self.fields}
        data["q"] = " ".join(data["q"].split())
        return selectors.BillFilters(**data)


class FollowForm(forms.Form):
    """Follow a bill, a subject, a jurisdiction or a registered kind with an email alone."""

    follow = forms.CharField(label=_("What to follow"), max_length=120)
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send one email to confirm it is yours. No account, no password."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=AlertFrequency.choices,
        initial=AlertFrequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    # A field people never see: bots that fill every input give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = self.data.get("follow") if self.is_bound else self.initial.get("follow", "")
        self.target: FollowTarget | None = None
        # Set when the form follows one organisation or issue page, as its page's box does.
        self.follows_news: hooks.FollowKind | None = None
        kind, _sep, rest = str(value or "").partition(":")
        if kind == "bill":
            self.fields["follow"].widget = forms.HiddenInput()
            try:
                self.target = follow_target(kind="bill", value=rest)
            except InvalidFollow:
                self.target = None
            return
        registered = hooks.follow_kind(kind)
        if registered is not None:
            try:
                self.target = follow_target(kind=kind, value=rest)
            except InvalidFollow:
                pass  # offer the list instead, with the error beside it
            else:
                self.follows_news = registered
                self.fields["follow"].widget = forms.HiddenInput()
                return
        self.fields["follow"].widget = forms.Select(choices=selectors.follow_choices())

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if "\r" in email or "\n" in email:
            raise forms.ValidationError(_("Enter the email address on one line."))
        return email

    def clean_follow(self) -> str:
        value = self.cleaned_data["follow"]
        kind, _sep, rest = value.partition(":")
        try:
            self.target = follow_target(kind=kind, value=rest)
        except InvalidFollow:
            raise forms.ValidationError(_("Choose what to follow from the list.")) from None
        return value
