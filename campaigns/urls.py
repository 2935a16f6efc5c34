from django.urls import path
from django.utils.translation import pgettext_lazy

from campaigns.views import calls as call_views
from campaigns.views import consents as consent_views
from campaigns.views import events as event_views
from campaigns.views import letters as letter_views
from campaigns.views import pages, petitions
from campaigns.views import postcards as postcard_views
from campaigns.views import social as social_views

app_name = "campaigns"

urlpatterns = [
    # Browsing: home, campaigns, issue pages, organisations.
    path("", pages.home, name="home"),
    path(pgettext_lazy("URL path", "campaigns/"), pages.campaign_list, name="campaign_list"),
    path(
        pgettext_lazy("URL path", "campaigns/<slug:slug>/"),
        pages.campaign_detail,
        name="campaign_detail",
    ),
    path(pgettext_lazy("URL path", "issues/"), pages.issue_list, name="issue_list"),
    path(pgettext_lazy("URL path", "issues/<slug:slug>/"), pages.issue_detail, name="issue_detail"),
    path(
        pgettext_lazy("URL path", "organisations/"),
        pages.organisation_list,
        name="organisation_list",
    ),
    path(
        pgettext_lazy("URL path", "organisations/<slug:slug>/"),
        pages.organisation_detail,
        name="organisation_detail",
    ),
    # Petitions: sign, confirm, embed, print.
    path(
        pgettext_lazy("URL path", "petitions/<slug:slug>/"),
        petitions.petition_detail,
        name="petition_detail",
    ),
    path(
        pgettext_lazy("URL path", "petitions/<slug:slug>/check-your-email/"),
        petitions.petition_signed,
        name="petition_signed",
    ),
    path(
        pgettext_lazy("URL path", "petitions/<slug:slug>/embed/"),
        petitions.petition_embed,
        name="petition_embed",
    ),
    path(
        pgettext_lazy("URL path", "petitions/<slug:slug>/print/"),
        petitions.petition_print,
        name="petition_print",
    ),
    path(
        pgettext_lazy("URL path", "signatures/confirm/<str:token>/"),
        petitions.signature_confirm,
        name="signature_confirm",
    ),
    # Consents ticked with any other action, confirmed from the emailed link.
    path(
        pgettext_lazy("URL path", "consents/confirm/<str:token>/"),
        consent_views.consents_confirm,
        name="consents_confirm",
    ),
    # Letters: write to each target, send them all at once, and the receipt.
    path(
        pgettext_lazy("URL path", "letters/<slug:slug>/"),
        letter_views.letter_detail,
        name="letter_detail",
    ),
    path(
        pgettext_lazy("URL path", "letters/<slug:slug>/sent/<str:token>/"),
        letter_views.letter_sent,
        name="letter_sent",
    ),
    # Social actions: prepared posts to a target's handle.
    path(
        pgettext_lazy("URL path", "social/<slug:slug>/"),
        social_views.social_detail,
        name="social_detail",
    ),
    # Events: hosting, RSVPs, the list and map, calendar files.
    path(pgettext_lazy("URL path", "events/"), event_views.event_list, name="event_list"),
    path(
        pgettext_lazy("URL path", "events/e/<slug:slug>/"),
        event_views.event_page,
        name="event_page",
    ),
    path(
        pgettext_lazy("URL path", "events/e/<slug:slug>/calendar.ics"),
        event_views.event_ics,
        name="event_ics",
    ),
    path(
        pgettext_lazy("URL path", "events/host/<str:token>/"),
        event_views.event_host,
        name="event_host",
    ),
    path(
        pgettext_lazy("URL path", "events/<slug:slug>/"),
        event_views.event_detail,
        name="event_detail",
    ),
    # Postcard drives: pledge, print, say they were mailed.
    path(
        pgettext_lazy("URL path", "postcards/<slug:slug>/"),
        postcard_views.postcard_detail,
        name="postcard_detail",
    ),
    path(
        pgettext_lazy("URL path", "postcards/<slug:slug>/check-your-email/"),
        postcard_views.postcard_pledged,
        name="postcard_pledged",
    ),
    path(
        pgettext_lazy("URL path", "postcards/print/<str:token>/"),
        postcard_views.postcard_print,
        name="postcard_print",
    ),
    # Call actions: whom to call, the script, how it went.
    path(
        pgettext_lazy("URL path", "calls/<slug:slug>/"),
        call_views.call_detail,
        name="call_detail",
    ),
]
