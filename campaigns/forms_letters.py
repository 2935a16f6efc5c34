"""Forms for letters: who the advocate is and where they live, then each letter."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.forms import OneLineCharField, PublicActionForm
from campaigns.letters import LetterDraft, LetterInput, letter_check, target_has_channel
from campaigns.models import LetterAction
from campaigns.placeholders import Advocate
from campaigns.targeting import ResolvedTarget
from core.models import Organisation

# The forms of address Communicating with Congress accepts; without one, letters to
# Congress are handed to the advocate instead.
PREFIXES = [("", _("(none)")), ("Ms.", "Ms."), ("Mr.", "Mr."), ("Mrs.", "Mrs."),
            ("Miss", "Miss"), ("Dr.", "Dr.")]  # fmt: skip


class LetterAdvocateForm(PublicActionForm):
    """Who writes, and the address that makes them a constituent."""

    prefix = forms.ChoiceField(
        label=_("Title"),
        choices=PREFIXES,
        required=False,
        help_text=_("Some offices of Congress take letters only with one."),
    )
    street = OneLineCharField(
        label=_("Street address"),
        max_length=200,
        help_text=_("Offices answer their own constituents; it is never shown."),
        widget=forms.TextInput({"autocomplete": "address-line1"}),
    )
    city = OneLineCharField(
        label=_("City"), max_length=100, widget=forms.TextInput({"autocomplete": "address-level2"})
    )
    zip_code = OneLineCharField(
        label=_("ZIP code"),
        max_length=10,
        widget=forms.TextInput({"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    # A CharField: its choices come from the lookup, which the view checks it against.
    district = OneLineCharField(
        label=_("Your congressional district"), max_length=200, required=False
    )
    personal = forms.CharField(
        label=_("In your own words"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("A sentence on why this matters to you. It goes into each letter."),
    )

    EMAIL_HELP_TEXT = _("Offices reply to it; we email you a receipt. It is never shown.")

    def __init__(
        self,
        *args,
        action: LetterAction,
        organisations: list[Organisation],
        district_choices: list[tuple[str, str]] | None = None,
        **kwargs,
    ):
        super().__init__(*args, organisations=organisations, **kwargs)
        self.action = action
        self.district_choices_set(district_choices or [])
        if action.personal_min_length:
            self.fields["personal"].required = True
            self.fields["personal"].help_text = _(
                "A sentence on why this matters to you, at least %(count)s characters. "
                "It goes into each letter."
            ) % {"count": action.personal_min_length}

    def district_choices_set(self, choices: list[tuple[str, str]]) -> None:
        field = self.fields["district"]
        if choices:
            field.widget = forms.Select(choices=[("", gettext("Choose your district")), *choices])
        else:
            field.widget = forms.HiddenInput()

    def clean_zip_code(self) -> str:
        value = self.cleaned_data["zip_code"].strip()
        digits = value.replace("-", "")
        if not digits.isdigit() or len(digits) not in (5, 9):
            raise forms.ValidationError(_("Enter a five-digit ZIP code, such as 98101."))
        return value

    def clean_personal(self) -> str:
        value = self.cleaned_data["personal"].strip()
        minimum = self.action.personal_min_length
        if minimum and len(value) < minimum:
            raise forms.ValidationError(
                _("Write at least %(min)s characters in your own words; you wrote %(count)s.")
                % {"min": minimum, "count": len(value)}
            )
        return value

    def advocate(self, *, state: str) -> Advocate:
        data = self.cleaned_data
        return Advocate(
            given_name=data["given_name"],
            family_name=data["family_name"],
            email=data["email"],
            street=data["street"],
            city=data["city"],
            state=state,
            zip_code=data["zip_code"],
        )


class LetterDraftsForm(forms.Form):
    """Each target's letter, as prepared and as the advocate edits it."""

    def __init__(
        self,
        *args,
        action: LetterAction,
        targets: list[ResolvedTarget],
        drafts: dict[int, LetterDraft],
        personal: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.action = action
        self.personal = personal
        self.drafts = drafts
        self.rows: list[dict] = []
        for target in targets:
            pk = target.target.pk
            row = {"target": target, "reachable": target_has_channel(target)}
            if row["reachable"] and action.editable:
                self.fields[f"subject_{pk}"] = OneLineCharField(
                    label=_("Subject"), max_length=200, initial=drafts[pk].subject
                )
                self.fields[f"body_{pk}"] = forms.CharField(
                    label=_("Letter to %(name)s") % {"name": target.name},
                    initial=drafts[pk].body,
                    strip=False,
                    widget=forms.Textarea({"rows": 14}),
                )
            if row["reachable"] and target.official_id is None and target.emails:
                self.fields[f"own_mail_{pk}"] = forms.BooleanField(
                    label=_("I will send it from my own email"), required=False
                )
            names = (f"subject_{pk}", f"body_{pk}", f"own_mail_{pk}")
            row["fields"] = [self[name] for name in names if name in self.fields]
            row["draft"] = drafts.get(pk)
            self.rows.append(row)

    def clean(self):
        cleaned = super().clean()
        for name in list(self.fields):
            if name.startswith("body_") and name in cleaned:
                for problem in letter_check(
                    action=self.action, body=cleaned[name], personal=self.personal
                ):
                    self.add_error(name, problem)
        return cleaned

    def letter_drafts(self) -> list[LetterDraft]:
        data = self.cleaned_data
        letters = []
        for row in self.rows:
            if not row["reachable"]:
                continue
            pk = row["target"].target.pk
            prepared = self.drafts[pk]
            letters.append(
                LetterDraft(
                    target_id=pk,
                    subject=data.get(f"subject_{pk}", prepared.subject),
                    body=data.get(f"body_{pk}", prepared.body).replace("\r\n", "\n"),
                    own_mail=bool(data.get(f"own_mail_{pk}")),
                )
            )
        return letters


def letter_input(
    *, advocate_form: LetterAdvocateForm, drafts_form: LetterDraftsForm, state: str, language: str
) -> LetterInput:
    """What the two forms hold, as the letter service takes it."""
    data = advocate_form.cleaned_data
    return LetterInput(
        advocate=advocate_form.advocate(state=state),
        drafts=drafts_form.letter_drafts(),
        personal=data.get("personal", ""),
        prefix=data.get("prefix", ""),
        consent_texts=advocate_form.consent_texts(),
        source=data["source"],
        referrer=data["referrer"],
        landing_url=data["landing_url"],
        language=language,
    )
