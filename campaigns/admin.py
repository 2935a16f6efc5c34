"""Staff tools for campaigns: curation, moderation, counts, delivery and privacy requests.

Signatures and people are personal data. Staff see them only with the model's view
permission; the admin log records them by id, never by address, because the log
outlives an erasure; nobody deletes them here (erasing keeps the counts right).
"""

import io
import json
import tempfile
from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaigns import alerts, reports, services
from campaigns.models import (
    Campaign,
    Consent,
    IssuePage,
    Person,
    Petition,
    Resource,
    Signature,
    Target,
)

CSV_SPOOL_BYTES = 2 * 1024 * 1024
EMBED_WIDTH, EMBED_HEIGHT = 400, 480


def _on_commit_announce(announce, **ids: int) -> None:
    """Record the alert once the admin's transaction has committed."""
    transaction.on_commit(partial(announce, **ids))


class PrivateLogMixin:
    """Log changes under "person #12", not the address: the admin log is never erased."""

    def _log(self, request, objects, flag: int, message="") -> list[LogEntry]:
        if isinstance(message, list):
            message = json.dumps(message)
        content_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        label = self.model._meta.verbose_name
        return LogEntry.objects.bulk_create(
            LogEntry(
                user_id=request.user.pk,
                content_type_id=content_type.pk,
                object_id=str(obj.pk),
                object_repr=f"{label} #{obj.pk}",
                action_flag=flag,
                change_message=message,
            )
            for obj in objects
        )

    def log_addition(self, request, obj, message):
        return self._log(request, [obj], ADDITION, message)[0]

    def log_change(self, request, obj, message):
        return self._log(request, [obj], CHANGE, message)[0]

    def log_deletions(self, request, queryset):
        return self._log(request, queryset, DELETION)


# ------------------------------------------------------------------------------
# Issue pages and targets
# ------------------------------------------------------------------------------
class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0


@admin.register(IssuePage)
class IssuePageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "last_reviewed"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["bills"]
    inlines = [ResourceInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "website", "email", "prefers_own_mail"]
    list_filter = ["prefers_own_mail"]
    list_select_related = ["official"]
    search_fields = ["name", "official__name"]
    autocomplete_fields = ["official"]


# ------------------------------------------------------------------------------
# Campaigns
# ------------------------------------------------------------------------------
class PetitionInline(admin.StackedInline):
    model = Petition
    extra = 0
    show_change_link = True
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title", "slug", "ask", "targets", "goal", "confirmed_count", "ask_postal_code",
        "ask_comment", "urgent", "ends_at", "closed_at",
    ]  # fmt: skip
    readonly_fields = ["confirmed_count"]
    filter_horizontal = ["targets"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = [
        "title", "status", "sponsors", "launched_at", "featured", "petition_count",
        "signature_count", "preview",
    ]  # fmt: skip
    list_filter = ["status", "featured", "organisations", "issues"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisations", "issues", "bills"]
    readonly_fields = ["signature_count"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "organisations", "issues"]}),
        (_("Bills"), {"fields": ["bills"], "classes": ["collapse"]}),
        (
            _("Status"),
            {
                "fields": ["status", "launched_at", "ended_at", "victory_message", "featured"],
                "description": _(
                    "Going live for the first time sets the launch time and tells the "
                    "followers of its organisations and issues; winning or closing sets "
                    "the end time."
                ),
            },
        ),
        (_("Sharing"), {"fields": ["hero_image", "hero_alt", "share_text"]}),
        (_("Counts"), {"fields": ["signature_count"]}),
    ]
    inlines = [PetitionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                petitions=Count("actions"),
                signatures=Sum("actions__petition__confirmed_count"),
            )
            .prefetch_related("organisations")
        )

    @admin.display(description=_("sponsors"))
    def sponsors(self, obj: Campaign) -> str:
        return ", ".join(o.name for o in obj.organisations.all())

    @admin.display(description=_("actions"), ordering="petitions")
    def petition_count(self, obj: Campaign) -> int:
        return obj.petitions

    @admin.display(description=_("confirmed signatures"), ordering="signatures")
    def signature_count(self, obj: Campaign) -> int:
        return obj.signatures or 0

    @admin.display(description=_("on the site"))
    def preview(self, obj: Campaign) -> str:
        label = _("View on site") if obj.is_public else _("Preview")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    def save_model(self, request, obj, form, change):
        before = (
            Campaign.objects.filter(pk=obj.pk).values("status", "launched_at").first()
            if change
            else None
        )
        was_live = bool(
            before and (before["status"] == Campaign.Status.LIVE or before["launched_at"])
        )
        form.launching = obj.status == Campaign.Status.LIVE and not was_live
        now = timezone.now()
        if obj.launched_at is None and before and before["launched_at"]:
            # A campaign keeps the time it first went live, even if the field is cleared.
            obj.launched_at = before["launched_at"]
        elif obj.launched_at is None and form.launching:
            obj.launched_at = min(now, obj.ended_at or now)
        if obj.status in (Campaign.Status.WON, Campaign.Status.CLOSED) and obj.ended_at is None:
            obj.ended_at = max(now, obj.launched_at or now)
        super().save_model(request, obj, form, change)
        if form.launching:
            _on_commit_announce(alerts.campaign_launch_announce, campaign_id=obj.pk)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not Petition or getattr(form, "launching", False):
            # A campaign's launch announcement already carries its actions.
            return
        for petition in formset.new_objects:
            _urgent_announce(petition)
        for petition, fields in formset.changed_objects:
            if "urgent" in fields:
                _urgent_announce(petition)


def _urgent_announce(petition: Petition) -> None:
    if petition.urgent and petition.campaign.status == Campaign.Status.LIVE:
        _on_commit_announce(alerts.action_urgent_announce, action_id=petition.pk)


# ------------------------------------------------------------------------------
# Petitions: counts, chart, delivery, embedding
# ------------------------------------------------------------------------------
@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = [
        "title", "campaign", "state", "confirmed_count", "goal", "urgent", "ends_at",
        "closed_at",
    ]  # fmt: skip
    list_filter = ["campaign__status", "urgent", "campaign__organisations"]
    list_select_related = ["campaign"]
    search_fields = ["title", "slug", "campaign__title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["targets"]
    autocomplete_fields = ["campaign"]
    readonly_fields = [
        "confirmed_count", "demo_signatures", "embed_snippet", "count_api_url", "delivery_links",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["campaign", "title", "slug", "ask", "targets", "urgent"]}),
        (_("Form"), {"fields": ["ask_postal_code", "ask_comment"]}),
        (
            _("Signatures"),
            {"fields": ["goal", "confirmed_count", "demo_signatures", "ends_at", "closed_at"]},
        ),
        (
            _("Delivery and sharing"),
            {"fields": ["delivery_links", "embed_snippet", "count_api_url"]},
        ),
    ]
    actions = ["export_signatures_csv", "close_now"]

    class Media:
        css = {"all": ["css/admin-campaigns.css"]}

    def get_urls(self):
        return [
            path(
                "<path:object_id>/signatures.csv",
                self.admin_site.admin_view(self.signatures_csv_view),
                name="campaigns_petition_signatures_csv",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("state"))
    def state(self, obj: Petition) -> str:
        return _("open") if obj.is_open() else _("not taking signatures")

    @admin.display(description=_("demo data"))
    def demo_signatures(self, obj: Petition) -> str:
        demo = obj.signatures.filter(source="demo").count() if obj.pk else 0
        if not demo:
            return "—"
        return ngettext(
            "%(count)d of these signatures is made-up demo data (source “demo”), not a "
            "real person.",
            "%(count)d of these signatures are made-up demo data (source “demo”), not real people.",
            demo,
        ) % {"count": demo}

    @admin.display(description=_("embed code"))
    def embed_snippet(self, obj: Petition) -> str:
        if not obj.pk:
            return "—"
        with translation.override(settings.LANGUAGE_CODE):
            src = settings.SITE_URL + reverse("campaigns:petition_embed", kwargs={"slug": obj.slug})
        snippet = format_html(
            '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy"></iframe>',
            src, obj.title, EMBED_WIDTH, EMBED_HEIGHT,
        )  # fmt: skip
        return format_html(
            '<textarea readonly rows="3" cols="80" class="vLargeTextField" aria-label="{}">'
            "{}</textarea>"
            '<div class="help">{}</div>',
            _("Embed code to copy"),
            # Escaped once more: the textarea shows the HTML as text to copy.
            escape(snippet),
            _("Paste this into another site's page to show the count and a link to sign."),
        )

    @admin.display(description=_("count API"))
    def count_api_url(self, obj: Petition) -> str:
        if not obj.pk:
            return "—"
        url = settings.SITE_URL + reverse("api_petition_count", kwargs={"slug": obj.slug})
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description=_("delivery"))
    def delivery_links(self, obj: Petition) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("campaigns:petition_print", kwargs={"slug": obj.slug}),
            _("Print view for hand delivery"),
            reverse("admin:campaigns_petition_signatures_csv", args=[obj.pk]),
            _("Download confirmed signatures (CSV)"),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        petition = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if petition is not None:
            series = reports.signatures_per_day(petition=petition)
            extra_context["signature_chart"] = reports.day_chart(series=series)
            extra_context["may_export"] = self.has_export_permission(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "urgent" in form.changed_data or not change:
            _urgent_announce(obj)

    def has_export_permission(self, request) -> bool:
        """Whether the user may read signers' data: the signature's view permission."""
        opts = Signature._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def _signatures_csv(self, petition: Petition) -> FileResponse:
        # Spooled: small exports stay in memory, big ones go to disk, never all in RAM.
        # FileResponse closes it once sent.
        spool = tempfile.SpooledTemporaryFile(max_size=CSV_SPOOL_BYTES)  # noqa: SIM115
        # utf-8-sig: spreadsheet programs read the names' accents right with the mark.
        text = io.TextIOWrapper(spool, encoding="utf-8-sig", newline="")
        services.signatures_csv(petition=petition, out=text)
        text.flush()
        text.detach()
        spool.seek(0)
        filename = f"{petition.slug}-signatures-{timezone.localdate():%Y-%m-%d}.csv"
        return FileResponse(spool, as_attachment=True, filename=filename, content_type="text/csv")

    def signatures_csv_view(self, request, object_id):
        petition = self.get_object(request, object_id)
        if petition is None:
            raise Http404
        if not self.has_export_permission(request):
            raise PermissionDenied
        self.log_change(request, petition, _("Exported the confirmed signatures as CSV."))
        return self._signatures_csv(petition)

    @admin.action(description=_("Export confirmed signatures (CSV)"), permissions=["export"])
    def export_signatures_csv(self, request, queryset):
        petitions = list(queryset[:2])
        if len(petitions) != 1:
            self.message_user(
                request, _("Choose one petition to export at a time."), messages.WARNING
            )
            return None
        self.log_change(request, petitions[0], _("Exported the confirmed signatures as CSV."))
        return self._signatures_csv(petitions[0])

    @admin.action(description=_("Close now (stop taking signatures)"), permissions=["change"])
    def close_now(self, request, queryset):
        ids = list(queryset.filter(closed_at__isnull=True).values_list("pk", flat=True))
        for petition_id in ids:
            services.petition_close(petition_id=petition_id)
        self.message_user(
            request,
            ngettext("Closed %(count)d petition.", "Closed %(count)d petitions.", len(ids))
            % {"count": len(ids)},
            messages.SUCCESS,
        )


# ------------------------------------------------------------------------------
# People and signatures: personal data
# ------------------------------------------------------------------------------
class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    readonly_fields = ["organisation", "text", "given_at", "withdrawn_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    show_change_link = True
    fields = ["petition", "created_at", "confirmed_at", "source", "hidden"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(PrivateLogMixin, admin.ModelAdmin):
    list_display = ["email", "given_name", "family_name", "language", "email_status", "erased_at"]
    list_filter = ["email_status", "language"]
    search_fields = ["email", "given_name", "family_name"]
    readonly_fields = ["email_status", "erased_at", "created_at", "updated_at"]
    inlines = [SignatureInline, ConsentInline]
    actions = ["export_data", "erase_data"]

    def has_delete_permission(self, request, obj=None):
        # Deleting would drop signatures from under the counters; erase instead.
        return False

    @admin.action(description=_("Export this person's data (JSON)"), permissions=["view"])
    def export_data(self, request, queryset):
        people = list(queryset[:2])
        if len(people) != 1:
            self.message_user(
                request, _("Choose one person to export at a time."), messages.WARNING
            )
            return None
        person = people[0]
        self.log_change(request, person, _("Exported this person's data."))
        response = JsonResponse(
            services.person_data_export(email=person.email),
            json_dumps_params={"indent": 2, "ensure_ascii": False},
        )
        response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
        return response

    @admin.action(description=_("Erase this person's data"), permissions=["change"])
    def erase_data(self, request, queryset):
        people = list(queryset.filter(erased_at__isnull=True))
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/campaigns/person/erase_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Erase people's data"),
                    "opts": self.model._meta,
                    "people": people,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for person in people:
            self.log_change(request, person, _("Erased this person's data."))
            services.person_erase(email=person.email)
        self.message_user(
            request,
            ngettext(
                "Erased %(count)d person's data.", "Erased %(count)d people's data.", len(people)
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )
        return None


@admin.register(Signature)
class SignatureAdmin(PrivateLogMixin, admin.ModelAdmin):
    list_display = [
        "person", "petition", "comment_excerpt", "created_at", "confirmed_at", "hidden", "source",
    ]  # fmt: skip
    list_filter = ["petition", "hidden", ("confirmed_at", admin.EmptyFieldListFilter), "source"]
    list_select_related = ["person", "petition"]
    search_fields = ["person__email", "comment"]
    list_editable = ["hidden"]
    fields = [
        "person", "petition", "comment", "hidden", "show_name", "region", "source",
        "referrer", "landing_url", "consent_texts", "created_at", "confirmed_at",
        "reminder_sent_at",
    ]  # fmt: skip
    # Only the moderation flag is staff's to change; the rest is what the signer gave.
    readonly_fields = [name for name in fields if name != "hidden"]
    actions = ["hide_comments", "show_comments"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A deleted confirmed signature would leave the counter above COUNT; erase instead.
        return False

    @admin.display(description=_("comment"))
    def comment_excerpt(self, obj: Signature) -> str:
        return Truncator(obj.comment).chars(80)

    def save_model(self, request, obj, form, change):
        # Only `hidden` is editable; the service also refreshes the cached public page.
        services.signatures_moderate(signature_ids=[obj.pk], hidden=obj.hidden)

    def _hide(self, request, queryset, hidden: bool) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        count = services.signatures_moderate(signature_ids=ids, hidden=hidden)
        if hidden:
            message = ngettext("Hid %(count)d comment.", "Hid %(count)d comments.", count)
        else:
            message = ngettext("Showed %(count)d comment.", "Showed %(count)d comments.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Hide comments"), permissions=["change"])
    def hide_comments(self, request, queryset):
        self._hide(request, queryset, True)

    @admin.action(description=_("Show comments"), permissions=["change"])
    def show_comments(self, request, queryset):
        self._hide(request, queryset, False)


# Each action type keeps its admin in a module of its own.
from campaigns import admin_calls, admin_events, admin_letters, admin_social  # noqa: E402, F401
