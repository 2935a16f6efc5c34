"""Browsing: the home page, campaigns, issue pages and organisations."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from campaigns import page_cache, selectors
from campaigns.forms_filters import CampaignFilterForm
from core import selectors as core_selectors
from legislation import selectors as legislation_selectors

CAMPAIGNS_PER_PAGE = 12
HOME_BILL_ITEMS = 5


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "campaigns/home.html",
        {
            "campaigns": selectors.campaign_home_list(),
            "upcoming_votes": legislation_selectors.floor_schedule_upcoming(limit=HOME_BILL_ITEMS),
            "bill_events": legislation_selectors.bill_event_latest(limit=HOME_BILL_ITEMS),
            "organisations": core_selectors.organisation_list(),
        },
    )


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    form = CampaignFilterForm(data=request.GET)
    filters = form.filters()
    page = Paginator(selectors.campaign_list(filters=filters), CAMPAIGNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "campaigns/campaign_list.html",
        {"form": form, "page_obj": page, "filtered": any(vars(filters).values())},
    )


@require_GET
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A campaign; from the shared cache for anonymous visitors, fresh for staff."""
    if not page_cache.cacheable(request):
        # Staff see drafts: this page is the admin's preview.
        campaign = selectors.campaign_get(slug=slug, preview=request.user.is_staff)
        return render(request, "campaigns/campaign_detail.html", {"campaign": campaign})
    key = selectors.campaign_page_key(
        slug=slug, path=request.path, language=translation.get_language()
    )
    values, holes = page_cache.page_holes(request)

    def fresh() -> tuple[HttpResponse, int]:
        campaign = selectors.campaign_get(slug=slug)
        context = {"campaign": campaign, **holes}
        response = render(request, "campaigns/campaign_detail.html", context)
        return response, selectors.page_lifetime(actions=campaign.action_list)

    return page_cache.page_with_holes(key=key, render=fresh, fill=values)


@require_GET
def issue_list(request: HttpRequest) -> HttpResponse:
    return render(request, "campaigns/issue_list.html", {"issues": selectors.issue_list()})


@require_GET
def issue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "campaigns/issue_detail.html", {"detail": selectors.issue_detail(slug=slug)}
    )


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "campaigns/organisation_list.html",
        {"organisations": core_selectors.organisation_list()},
    )


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "campaigns/organisation_detail.html",
        {"detail": selectors.organisation_detail(slug=slug)},
    )
