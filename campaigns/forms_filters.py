"""The campaign list's filters; every field is optional and a stale value is dropped."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns import selectors


class CampaignFilterForm(forms.Form):
    """Filter the campaign list by issue, organisation, kind of action and status."""

    issue = forms.ChoiceField(label=_("Issue"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, options in selectors.campaign_filter_choices().items():
            self.fields[name].choices = [("", _("Any")), *options]
        if self.is_bound:
            # A stale link (an issue renamed, an organisation gone) shows the list with
            # that filter off, not an error beside a form nobody submitted.
            data = self.data.copy()
            for name, field in self.fields.items():
                if data.get(name) and not field.valid_value(data[name]):
                    del data[name]
            self.data = data

    def filters(self) -> selectors.CampaignFilters:
        """The filters chosen, each empty when not chosen."""
        self.is_valid()
        return selectors.CampaignFilters(
            **{name: self.cleaned_data.get(name, "") for name in self.fields}
        )
