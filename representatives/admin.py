from django.contrib import admin

from representatives.models import (
    ContactChannel,
    DataImport,
    Delivery,
    DistrictOffice,
    Division,
    Office,
    Official,
    SocialAccount,
    Term,
)


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    autocomplete_fields = ["office"]


class ContactChannelInline(admin.TabularInline):
    model = ContactChannel
    extra = 0


class DistrictOfficeInline(admin.StackedInline):
    model = DistrictOffice
    extra = 0


class SocialAccountInline(admin.TabularInline):
    model = SocialAccount
    extra = 0


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "party", "bioguide_id", "ocd_person_id", "corrected_by_hand"]
    list_filter = ["corrected_by_hand", "terms__office__level", "terms__is_current"]
    search_fields = ["name", "family_name", "bioguide_id", "ocd_person_id"]
    inlines = [TermInline, ContactChannelInline, DistrictOfficeInline, SocialAccountInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # An edit by hand must survive the next import.
        if change and not form.instance.corrected_by_hand:
            form.instance.corrected_by_hand = True
            form.instance.save(update_fields=["corrected_by_hand"])


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "division"]
    list_filter = ["level"]
    search_fields = ["title", "division__name", "division__ocd_id"]
    list_select_related = ["division"]


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["name", "ocd_id", "kind", "state"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "ocd_id"]


@admin.register(DataImport)
class DataImportAdmin(admin.ModelAdmin):
    list_display = ["source", "finished_at", "snapshot_date", "congress", "seconds"]
    list_filter = ["source"]
    readonly_fields = [f.name for f in DataImport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["sender_email", "official", "action_key", "channel", "status", "sent_at"]
    list_filter = ["channel", "status"]
    search_fields = ["sender_email", "official__name", "action_key", "esp_message_id"]
    list_select_related = ["official"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False
