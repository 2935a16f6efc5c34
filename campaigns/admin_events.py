"""Admin for events and postcard drives: review proposed events, RSVPs, pledges, exports."""

import io

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaigns import events, postcards
from campaigns.exceptions import EventReviewRefused
from campaigns.models import RSVP, Event, EventAction, PostcardAction, PostcardPledge, TargetLevel
from campaigns.placeholders import placeholders_unknown


def _csv_response(write, rows, name: str) -> HttpResponse:
    out = io.StringIO()
    write(out=out, **rows)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


# ------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------
@admin.register(EventAction)
class EventActionAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "participants", "urgent", "ends_at", "closed_at"]
    list_filter = ["campaign__status", "urgent"]
    list_select_related = ["campaign"]
    search_fields = ["title", "slug", "campaign__title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["campaign"]
    readonly_fields = ["participants"]
    fields = [
        "campaign", "title", "slug", "ask", "host_guidance", "urgent", "ends_at", "closed_at",
        "participants",
    ]  # fmt: skip
    actions = ["export_rsvps_csv"]

    @admin.action(description=_("Download the RSVPs of these actions' events (CSV)"))
    def export_rsvps_csv(self, request, queryset):
        chosen = list(Event.objects.filter(action__in=queryset))
        return _csv_response(events.rsvps_csv, {"events": chosen}, "rsvps")


class RSVPInline(admin.TabularInline):
    model = RSVP
    extra = 0
    can_delete = False
    fields = ["person", "created_at", "source"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "action", "starts_at", "city", "state", "status", "rsvp_count"]
    list_filter = ["status", "action", "state"]
    list_select_related = ["action"]
    search_fields = ["title", "slug", "city", "venue"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["person"]
    readonly_fields = [
        "status", "reviewed_at", "rsvp_count", "created_at", "consent_texts", "source",
        "referrer", "landing_url",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["action", "title", "slug", "description", "status", "reviewed_at"]}),
        (_("When and where"), {"fields": ["starts_at", "ends_at", "venue", "street", "city",
                                          "state", "postal_code"]}),
        (_("Host"), {"fields": ["person", "consent_texts"]}),
        (_("Source"), {"fields": ["created_at", "source", "referrer", "landing_url"]}),
        (_("RSVPs"), {"fields": ["rsvp_count"]}),
    ]  # fmt: skip
    inlines = [RSVPInline]
    actions = ["approve", "reject", "cancel", "export_rsvps_csv"]

    def _review(self, request, queryset, status: str) -> None:
        done = refused = 0
        for event_id in queryset.values_list("pk", flat=True):
            try:
                events.event_review(event_id=event_id, status=status)
            except EventReviewRefused:
                refused += 1
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d event changed.", "%(count)d events changed.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d event was left as it was: its status does not allow that.",
                    "%(count)d events were left as they were: their status does not allow that.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )

    @admin.action(description=_("Approve: list publicly and email the host"))
    def approve(self, request, queryset):
        self._review(request, queryset, Event.Status.APPROVED)

    @admin.action(description=_("Reject"))
    def reject(self, request, queryset):
        self._review(request, queryset, Event.Status.REJECTED)

    @admin.action(description=_("Cancel an approved event"))
    def cancel(self, request, queryset):
        self._review(request, queryset, Event.Status.CANCELLED)

    @admin.action(description=_("Download these events' RSVPs (CSV)"))
    def export_rsvps_csv(self, request, queryset):
        return _csv_response(events.rsvps_csv, {"events": list(queryset)}, "rsvps")


# ------------------------------------------------------------------------------
# Postcard drives
# ------------------------------------------------------------------------------
class PostcardActionForm(forms.ModelForm):
    target_levels = forms.TypedMultipleChoiceField(
        label=_("target by level"),
        choices=TargetLevel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each pledger's officials, found from their ZIP code."),
    )

    class Meta:
        model = PostcardAction
        fields = [
            "campaign", "title", "slug", "ask", "urgent", "ends_at", "closed_at",
            "target_levels", "targets", "bill", "position", "message", "goal",
        ]  # fmt: skip

    def clean_message(self) -> str:
        message = self.cleaned_data["message"]
        if unknown := placeholders_unknown(message):
            raise forms.ValidationError(
                _("Unknown placeholders: %(names)s. Use only those listed in the help text.")
                % {"names": ", ".join(f"{{{name}}}" for name in unknown)}
            )
        return message


@admin.register(PostcardAction)
class PostcardActionAdmin(admin.ModelAdmin):
    form = PostcardActionForm
    list_display = ["title", "campaign", "mailed_count", "goal", "participants", "closed_at"]
    list_filter = ["campaign__status"]
    list_select_related = ["campaign"]
    search_fields = ["title", "slug", "campaign__title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["targets"]
    autocomplete_fields = ["campaign", "bill"]
    readonly_fields = ["mailed_count", "participants"]
    fieldsets = [
        (None, {"fields": ["campaign", "title", "slug", "ask", "urgent", "ends_at", "closed_at"]}),
        (_("To whom"), {"fields": ["target_levels", "targets", "bill", "position"]}),
        (_("Postcard"), {"fields": ["message", "goal"]}),
        (_("Counts"), {"fields": ["mailed_count", "participants"]}),
    ]
    actions = ["export_pledges_csv"]

    @admin.action(description=_("Download these drives' pledges (CSV)"))
    def export_pledges_csv(self, request, queryset):
        return _csv_response(postcards.pledges_csv, {"actions": list(queryset)}, "pledges")


@admin.register(PostcardPledge)
class PostcardPledgeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "action", "count", "mailed_count", "mailed_at", "created_at"]
    list_filter = ["action", "mailed_at"]
    list_select_related = ["action"]
    raw_id_fields = ["person"]
    readonly_fields = [
        "action", "person", "count", "targets", "mailed_count", "mailed_at", "created_at",
        "consent_texts", "source", "referrer", "landing_url",
    ]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False
