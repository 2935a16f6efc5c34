from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from legislation import alerts, selectors, services
from legislation.models import (
    AlertFrequency,
    AlertRun,
    AlertSubscriber,
    AlertSubscription,
    Bill,
    BillAction,
    BillEvent,
    BillPosition,
    BillSource,
    FloorSchedule,
    Jurisdiction,
    LawTopic,
    LegislativeSession,
    RelatedBill,
    Sponsorship,
    StateLaw,
    Subject,
)


class BillActionInline(admin.TabularInline):
    model = BillAction
    extra = 1
    fields = ["date", "order", "chamber", "description", "classification"]


class SponsorshipInline(admin.TabularInline):
    model = Sponsorship
    extra = 0
    autocomplete_fields = ["official"]


class BillPositionInline(admin.StackedInline):
    model = BillPosition
    extra = 0


class RelatedBillInline(admin.TabularInline):
    model = RelatedBill
    fk_name = "bill"
    extra = 0
    autocomplete_fields = ["related_bill"]


class FloorScheduleInline(admin.TabularInline):
    model = FloorSchedule
    extra = 0


class BillSourceInline(admin.TabularInline):
    model = BillSource
    extra = 0


@admin.register(Bill)
class BillAdmin(admin.ModelAdmin):
    list_display = [
        "identifier",
        "display_title",
        "session",
        "status",
        "status_date",
        "status_locked",
    ]
    list_filter = ["session__jurisdiction", "status", "status_locked", "classification", "subjects"]
    list_select_related = ["session__jurisdiction"]
    search_fields = ["identifier", "title", "short_title"]
    filter_horizontal = ["subjects"]
    readonly_fields = ["slug", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["session", "identifier", "slug", "classification", "from_chamber"]}),
        (_("Titles and summary"), {"fields": ["short_title", "title", "summary", "subjects"]}),
        (
            _("Status"),
            {
                "fields": ["introduced_on", "status_locked", "status", "status_date"],
                "description": _(
                    "The status is derived from the actions on every save. Tick "
                    "“status set by hand” to keep the status and date below instead."
                ),
            },
        ),
    ]
    inlines = [
        BillActionInline,
        SponsorshipInline,
        RelatedBillInline,
        BillPositionInline,
        FloorScheduleInline,
        BillSourceInline,
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Inline rows (actions, cosponsors, schedules) exist only now.
        events = services.bill_refresh(bill_id=form.instance.pk)
        if events:
            self.message_user(
                request,
                ngettext(
                    "Recorded %(count)d new event for alerts.",
                    "Recorded %(count)d new events for alerts.",
                    len(events),
                )
                % {"count": len(events)},
                messages.INFO,
            )


@admin.register(BillEvent)
class BillEventAdmin(admin.ModelAdmin):
    """Events are append-only: staff read them, nobody edits or deletes them."""

    list_display = ["pk", "bill", "title", "kind", "happened_on", "notify", "created_at"]
    list_filter = ["kind", "notify"]
    list_select_related = ["bill__session"]
    search_fields = ["bill__identifier", "title", "description"]
    readonly_fields = ["email_preview"]

    @admin.display(description=_("The alert email it produces"))
    def email_preview(self, obj: BillEvent) -> str:
        message = alerts.alert_email_content(
            event_ids=[obj.pk],
            reasons=[f"bill:{obj.bill_id}"] if obj.bill_id else obj.targets,
            language="en",
            frequency=AlertFrequency.IMMEDIATE,
        )
        return format_html("<strong>{}</strong><pre>{}</pre>", message.subject, message.body)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "classification", "slug", "ocd_id"]
    list_filter = ["classification"]
    search_fields = ["name", "ocd_id"]


@admin.register(LegislativeSession)
class LegislativeSessionAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "identifier", "start_date", "end_date"]
    list_filter = ["jurisdiction__classification"]
    search_fields = ["name", "jurisdiction__name"]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class StateLawInline(admin.TabularInline):
    model = StateLaw
    extra = 0
    autocomplete_fields = ["bills"]


@admin.register(LawTopic)
class LawTopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "subject"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [StateLawInline]


class AlertSubscriptionInline(admin.TabularInline):
    model = AlertSubscription
    extra = 0
    fields = ["target", "frequency", "cursor", "created_at"]
    readonly_fields = ["target", "cursor", "created_at"]


@admin.register(AlertSubscriber)
class AlertSubscriberAdmin(admin.ModelAdmin):
    """Look an address up to see every event it was, or was not, sent, and why."""

    list_display = ["email", "language", "confirmed_at", "suppressed_at", "suppressed_reason"]
    list_filter = ["suppressed_reason", "language"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "confirmation_sent_at", "confirmed_at", "history"]
    inlines = [AlertSubscriptionInline]

    @admin.display(description=_("Events and what became of them"))
    def history(self, obj: AlertSubscriber) -> str:
        rows = selectors.subscriber_history(subscriber=obj)
        if not rows:
            return _("No events yet.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("Event"),
            _("About"),
            _("Sent"),
            _("Why"),
            format_html_join(
                "",
                "<tr><td>#{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (r.event.pk, r.event.description,
                     r.event.bill.identifier if r.event.bill_id else r.event.title,
                     _("yes") if r.sent else _("no"), r.why)
                    for r in rows
                ),
            ),
        )  # fmt: skip


@admin.register(AlertRun)
class AlertRunAdmin(admin.ModelAdmin):
    list_display = ["key", "frequency", "upper_event_id", "recipients", "batches", "created_at"]
    list_filter = ["frequency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
