"""Admin for social actions, and the list of every action with its participants' export.

Imported by campaigns/admin.py.
"""

import io
import tempfile

from django import forms
from django.contrib import admin, messages
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns import social
from campaigns.admin import CSV_SPOOL_BYTES
from campaigns.models import Action, Outreach, SocialAction, TargetLevel
from campaigns.placeholders import placeholders_unknown


class SocialActionForm(forms.ModelForm):
    target_levels = forms.TypedMultipleChoiceField(
        label=_("target by level"),
        choices=TargetLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Officials found for each advocate's ZIP code, before the named targets."),
    )
    networks = forms.TypedMultipleChoiceField(
        label=_("networks"),
        choices=SocialAction.Network.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A button shows for each target with a handle on the network."),
    )

    class Meta:
        model = SocialAction
        fields = [
            "campaign", "title", "slug", "ask", "urgent", "ends_at", "closed_at",
            "target_levels", "targets", "bill", "position", "intent", "networks", "post_text",
        ]  # fmt: skip

    def clean_post_text(self) -> str:
        text = self.cleaned_data["post_text"]
        if unknown := placeholders_unknown(text):
            raise forms.ValidationError(
                _("Unknown placeholders: %(names)s. Use only those listed in the help text.")
                % {"names": ", ".join(f"{{{name}}}" for name in unknown)}
            )
        if "{handle}" not in text:
            # Without it the post would not reach the person it is meant for.
            raise forms.ValidationError(_("Put {handle} where the post names them."))
        return text


@admin.register(SocialAction)
class SocialActionAdmin(admin.ModelAdmin):
    form = SocialActionForm
    list_display = ["title", "campaign", "intent", "participants", "urgent", "ends_at"]
    list_filter = ["campaign__status", "intent", "urgent"]
    list_select_related = ["campaign"]
    search_fields = ["title", "slug", "campaign__title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["targets"]
    autocomplete_fields = ["campaign", "bill"]
    readonly_fields = ["participants"]
    fieldsets = [
        (None, {"fields": ["campaign", "title", "slug", "ask", "urgent", "ends_at", "closed_at"]}),
        (_("Whom to post to"), {"fields": ["target_levels", "targets", "bill", "position"]}),
        (
            _("The post"),
            {
                "fields": ["intent", "networks", "post_text"],
                "description": _(
                    "Advocates post from their own accounts and may change the text. "
                    "Facebook takes no prepared text, only a link to the campaign."
                ),
            },
        ),
        (_("Counts"), {"fields": ["participants"]}),
    ]
    actions = ["export_participants_csv"]

    def has_export_permission(self, request) -> bool:
        return _may_export(request)

    @admin.action(description=_("Export participants (CSV)"), permissions=["export"])
    def export_participants_csv(self, request, queryset):
        return _participants_csv(self, request, queryset)


# ------------------------------------------------------------------------------
# Every action, whatever its kind
# ------------------------------------------------------------------------------
def _may_export(request) -> bool:
    """Whether the user may read participants' data: the outreach's view permission."""
    opts = Outreach._meta
    return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def _participants_csv(model_admin, request, queryset):
    actions = list(queryset)
    for action in actions:
        model_admin.log_change(request, action, _("Exported the participants as CSV."))
    # Spooled: small exports stay in memory, big ones go to disk, never all in RAM.
    spool = tempfile.SpooledTemporaryFile(max_size=CSV_SPOOL_BYTES)  # noqa: SIM115
    text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
    count = social.participants_csv_write(action_ids=[a.pk for a in actions], out=text)
    text.flush()
    text.detach()
    spool.seek(0)
    if not count:
        spool.close()
        model_admin.message_user(
            request, _("No one has taken part in these actions yet."), messages.INFO
        )
        return None
    name = actions[0].slug if len(actions) == 1 else "actions"
    filename = f"{name}-participants-{timezone.localdate():%Y-%m-%d}.csv"
    return FileResponse(spool, as_attachment=True, filename=filename, content_type="text/csv")


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    """All actions in one list: their kinds, counts and one export of who took part.

    Each kind is edited in its own admin; petitions export signatures there. Here
    staff export the outreach (letters, calls, posts) of any actions they choose.
    """

    list_display = ["title", "kind", "campaign", "participants", "ends_at", "closed_at"]
    list_filter = ["kind", "campaign__status"]
    list_select_related = ["campaign"]
    search_fields = ["title", "slug", "campaign__title"]
    actions = ["export_participants_csv"]

    def has_add_permission(self, request):
        # An action is created as its kind (a petition, a letter, ...), never bare.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request) -> bool:
        return _may_export(request)

    @admin.action(description=_("Export participants (CSV)"), permissions=["export"])
    def export_participants_csv(self, request, queryset):
        return _participants_csv(self, request, queryset)
