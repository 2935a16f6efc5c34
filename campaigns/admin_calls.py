"""Admin for call actions: the script, the whip count and the outreach export."""

import io
import tempfile

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from campaigns import calls
from campaigns.admin import CSV_SPOOL_BYTES
from campaigns.models import CallAction, Outreach, TargetLevel
from campaigns.placeholders import placeholders_unknown


class CallActionForm(forms.ModelForm):
    target_levels = forms.TypedMultipleChoiceField(
        label=_("target by level"),
        choices=TargetLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Officials found for each caller's address, before the named targets."),
    )

    class Meta:
        model = CallAction
        fields = [
            "campaign", "title", "slug", "ask", "urgent", "ends_at", "closed_at",
            "target_levels", "targets", "bill", "position", "script",
        ]  # fmt: skip

    def clean_script(self) -> str:
        script = self.cleaned_data["script"]
        if unknown := placeholders_unknown(script):
            raise forms.ValidationError(
                _("Unknown placeholders: %(names)s. Use only those listed in the help text.")
                % {"names": ", ".join(f"{{{name}}}" for name in unknown)}
            )
        return script


@admin.register(CallAction)
class CallActionAdmin(admin.ModelAdmin):
    form = CallActionForm
    list_display = ["title", "campaign", "participants", "urgent", "ends_at", "closed_at"]
    list_filter = ["campaign__status", "urgent"]
    list_select_related = ["campaign"]
    search_fields = ["title", "slug", "campaign__title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["targets"]
    autocomplete_fields = ["campaign", "bill"]
    readonly_fields = ["participants", "outcome_links"]
    fieldsets = [
        (None, {"fields": ["campaign", "title", "slug", "ask", "urgent", "ends_at", "closed_at"]}),
        (_("Whom to call"), {"fields": ["target_levels", "targets", "bill", "position"]}),
        (_("Script"), {"fields": ["script"]}),
        (_("Outcomes"), {"fields": ["participants", "outcome_links"]}),
    ]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/whip-count/",
                self.admin_site.admin_view(self.whip_count_view),
                name="campaigns_callaction_whip_count",
            ),
            path(
                "<path:object_id>/outreaches.csv",
                self.admin_site.admin_view(self.outreaches_csv_view),
                name="campaigns_callaction_outreaches_csv",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("call outcomes"))
    def outcome_links(self, obj: CallAction) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:campaigns_callaction_whip_count", args=[obj.pk]),
            _("Whip count: outcomes and stances per target"),
            reverse("admin:campaigns_callaction_outreaches_csv", args=[obj.pk]),
            _("Download the call reports (CSV)"),
        )

    def has_export_permission(self, request) -> bool:
        """Whether the user may read callers' data: the outreach's view permission."""
        opts = Outreach._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def _action(self, request, object_id) -> CallAction:
        action = self.get_object(request, object_id)
        if action is None:
            raise Http404
        if not self.has_view_permission(request, action):
            raise PermissionDenied
        return action

    def whip_count_view(self, request, object_id):
        action = self._action(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": action,
            "title": _("Whip count: %(title)s") % {"title": action.title},
            "whip": calls.whip_count(action=action),
            "may_export": self.has_export_permission(request),
        }
        return TemplateResponse(request, "admin/campaigns/callaction/whip_count.html", context)

    def outreaches_csv_view(self, request, object_id):
        action = self._action(request, object_id)
        if not self.has_export_permission(request):
            raise PermissionDenied
        self.log_change(request, action, _("Exported the call reports as CSV."))
        # Spooled: small exports stay in memory, big ones go to disk.
        spool = tempfile.SpooledTemporaryFile(max_size=CSV_SPOOL_BYTES)  # noqa: SIM115
        text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
        calls.call_outreaches_csv_write(action=action, out=text)
        text.flush()
        text.detach()
        spool.seek(0)
        filename = f"{action.slug}-calls-{timezone.localdate():%Y-%m-%d}.csv"
        return FileResponse(spool, as_attachment=True, filename=filename, content_type="text/csv")
