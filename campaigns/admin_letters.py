"""Admin for letter actions: the letter, its preview for a sample official, the export."""

import io
import tempfile

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from campaigns import letters
from campaigns.admin import CSV_SPOOL_BYTES
from campaigns.models import LetterAction, Outreach, Target, TargetLevel
from campaigns.placeholders import (
    PLACEHOLDERS,
    Advocate,
    placeholder_values,
    placeholders_fill,
    placeholders_unknown,
)
from campaigns.targeting import ResolvedTarget, resolved_target

SAMPLE_ADVOCATE = Advocate(
    given_name="Ana",
    family_name="Sample",
    email="ana.sample@example.org",
    street="12 Pine St",
    city="Seattle",
    state="WA",
    zip_code="98101",
)
# Stands in for an official when the action names none: the preview needs somebody.
SAMPLE_OFFICIAL = ResolvedTarget(
    target=Target(pk=0, name="Sample official"),
    name="Jordan Sample",
    title="U.S. Senator for Washington",
    level=TargetLevel.US_SENATE,
    official_id=0,
    salutation="Senator",
    first_name="Jordan",
    last_name="Sample",
)


def _unknown_error(text: str) -> None:
    if unknown := placeholders_unknown(text):
        raise forms.ValidationError(
            _("Unknown placeholders: %(names)s. Use only those listed in the help text.")
            % {"names": ", ".join(f"{{{name}}}" for name in unknown)}
        )


class LetterActionForm(forms.ModelForm):
    target_levels = forms.TypedMultipleChoiceField(
        label=_("target by level"),
        choices=TargetLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Officials found for each advocate's address, before the named targets."),
    )

    class Meta:
        model = LetterAction
        fields = [
            "campaign", "title", "slug", "ask", "urgent", "ends_at", "closed_at",
            "target_levels", "targets", "bill", "position", "subjects", "body",
            "personal_min_length", "max_length", "editable",
        ]  # fmt: skip
        help_texts = {
            "body": format_lazy(
                "{} {}",
                _("Plain text; write {{ and }} for braces. Placeholders:"),
                ", ".join(f"{{{name}}}" for name in PLACEHOLDERS if name != "handle"),
            ),
        }

    def clean_subjects(self) -> str:
        subjects = self.cleaned_data["subjects"]
        _unknown_error(subjects)
        if not [line for line in subjects.splitlines() if line.strip()]:
            raise forms.ValidationError(_("Write at least one subject line."))
        return subjects

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        _unknown_error(body)
        return body


def _sample_target(action: LetterAction) -> ResolvedTarget:
    """The action's first named target, or a made-up official when it names none."""
    first = action.targets.order_by("pk").first()
    return resolved_target(target_id=first.pk) if first else SAMPLE_OFFICIAL


@admin.register(LetterAction)
class LetterActionAdmin(admin.ModelAdmin):
    form = LetterActionForm
    list_display = ["title", "campaign", "participants", "urgent", "ends_at", "closed_at"]
    list_filter = ["campaign__status", "urgent"]
    list_select_related = ["campaign"]
    search_fields = ["title", "slug", "campaign__title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["targets"]
    autocomplete_fields = ["campaign", "bill"]
    readonly_fields = ["participants", "preview", "export_link"]
    fieldsets = [
        (None, {"fields": ["campaign", "title", "slug", "ask", "urgent", "ends_at", "closed_at"]}),
        (_("Whom to write to"), {"fields": ["target_levels", "targets", "bill", "position"]}),
        (
            _("The letter"),
            {"fields": ["subjects", "body", "personal_min_length", "max_length", "editable"]},
        ),
        (_("Preview and letters sent"), {"fields": ["preview", "participants", "export_link"]}),
    ]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/outreaches.csv",
                self.admin_site.admin_view(self.outreaches_csv_view),
                name="campaigns_letteraction_outreaches_csv",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("preview for a sample official"))
    def preview(self, obj: LetterAction) -> str:
        if not obj.pk:
            return _("Save the letter to see it filled in.")
        target = _sample_target(obj)
        values = placeholder_values(target=target, advocate=SAMPLE_ADVOCATE, action=obj)
        subjects = [(placeholders_fill(line, values),) for line in obj.subject_lines]
        draft = letters.letter_draft(action=obj, target=target, advocate=SAMPLE_ADVOCATE)
        return format_html(
            '<p>{}</p><ol class="letter-preview__subjects">{}</ol><pre>{}</pre>',
            _("To %(name)s, from %(advocate)s:")
            % {"name": target.name, "advocate": SAMPLE_ADVOCATE.full_name},
            format_html_join("", "<li>{}</li>", subjects),
            draft.body,
        )

    @admin.display(description=_("letters sent"))
    def export_link(self, obj: LetterAction) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:campaigns_letteraction_outreaches_csv", args=[obj.pk]),
            _("Download the letters sent (CSV)"),
        )

    def has_export_permission(self, request) -> bool:
        """Whether the user may read advocates' data: the outreach's view permission."""
        opts = Outreach._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def outreaches_csv_view(self, request, object_id):
        action = self.get_object(request, object_id)
        if action is None:
            raise Http404
        if not self.has_view_permission(request, action) or not self.has_export_permission(request):
            raise PermissionDenied
        self.log_change(request, action, _("Exported the letters sent as CSV."))
        # Spooled: small exports stay in memory, big ones go to disk.
        spool = tempfile.SpooledTemporaryFile(max_size=CSV_SPOOL_BYTES)  # noqa: SIM115
        text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
        letters.letter_outreaches_csv(action=action, out=text)
        text.flush()
        text.detach()
        spool.seek(0)
        filename = f"{action.slug}-letters-{timezone.localdate():%Y-%m-%d}.csv"
        return FileResponse(spool, as_attachment=True, filename=filename, content_type="text/csv")
