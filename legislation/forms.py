from django import forms
from django.utils.translation import gettext_lazy as _

from legislation import selectors


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
