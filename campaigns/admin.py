from django.contrib import admin

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


class PetitionInline(admin.StackedInline):
    model = Petition
    extra = 0
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title", "slug", "ask", "targets", "goal", "ask_postal_code", "ask_comment",
        "ends_at", "closed_at",
    ]  # fmt: skip
    filter_horizontal = ["targets"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "launched_at", "featured"]
    list_filter = ["status", "featured", "organisations", "issues"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisations", "issues", "bills"]
    inlines = [PetitionInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "website", "email"]
    search_fields = ["name", "official__name"]
    autocomplete_fields = ["official"]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    readonly_fields = ["organisation", "text", "given_at", "withdrawn_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["email", "given_name", "family_name", "language", "email_status"]
    list_filter = ["email_status", "language"]
    search_fields = ["email", "given_name", "family_name"]
    inlines = [ConsentInline]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["person", "petition", "created_at", "confirmed_at", "hidden", "source"]
    list_filter = ["petition", "hidden"]
    list_select_related = ["person", "petition"]
    search_fields = ["person__email"]
    list_editable = ["hidden"]
    readonly_fields = ["created_at", "confirmed_at", "reminder_sent_at"]
