from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from core.models import current_language
from legislation import alerts, selectors
from legislation.exceptions import InvalidAlertToken
from legislation.forms import BillFilterForm, FollowForm

BILLS_PER_PAGE = 20


@require_GET
def bill_list(request: HttpRequest) -> HttpResponse:
    form = BillFilterForm(data=request.GET)
    filters = form.filters()
    page = Paginator(selectors.bill_list(filters=filters), BILLS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "legislation/bill_list.html",
        {"form": form, "page_obj": page, "filtered": any(vars(filters).values())},
    )


@require_GET
def bill_detail(
    request: HttpRequest, jurisdiction: str, session: str, identifier: str
) -> HttpResponse:
    bill = selectors.bill_get(jurisdiction=jurisdiction, session=session, identifier=identifier)
    return render(
        request,
        "legislation/bill_detail.html",
        {
            "detail": selectors.bill_detail(bill=bill),
            "follow_form": FollowForm(initial={"follow": f"bill:{bill.pk}"}),
        },
    )


@require_GET
def api_bill(
    request: HttpRequest, jurisdiction: str, session: str, identifier: str
) -> JsonResponse:
    """The bill's status, steps and actions as JSON, for widgets on other sites."""
    bill = selectors.bill_get(jurisdiction=jurisdiction, session=session, identifier=identifier)
    response = JsonResponse(selectors.bill_api(bill=bill))
    # Widgets on NGOs' own sites read it from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def law_topic(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "legislation/law_topic.html", {"map": selectors.law_topic_map(slug=slug)}
    )


@ratelimit(key="ip", rate="10/h", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def alert_follow(request: HttpRequest) -> HttpResponse:
    """Follow a bill, subject or jurisdiction: the form, and where every follow form posts."""
    if request.method == "GET":
        form = FollowForm(initial={"follow": request.GET.get("follow", "")})
        return render(request, "legislation/alert_follow.html", {"form": form})
    form = FollowForm(data=request.POST)
    if form.is_spam:
        return redirect("legislation:alert_follow_sent")
    if not form.is_valid():
        return render(request, "legislation/alert_follow.html", {"form": form}, status=400)
    alerts.follow_create(
        email=form.cleaned_data["email"],
        target=form.target,
        frequency=form.cleaned_data["frequency"],
        language=current_language(),
    )
    # The same page whether or not the address was known: it reveals nobody's follows.
    return redirect("legislation:alert_follow_sent")


@require_GET
def alert_follow_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "legislation/alert_follow_sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def alert_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows a Confirm button; only the POST it sends confirms (mail scanners GET)."""
    try:
        if request.method == "POST":
            subscriber = alerts.subscriber_confirm(token=token)
            return render(request, "legislation/alert_confirmed.html", {"subscriber": subscriber})
        alerts.subscriber_for_confirm(token)
    except InvalidAlertToken:
        return render(request, "legislation/alert_token_invalid.html", status=400)
    return render(request, "legislation/alert_confirm.html")


# Mail clients send the RFC 8058 one-click POST with no cookies and no CSRF token; the
# signed token in the URL is what authorises it.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A GET asks to confirm; a POST (the button, or a mail client's one-click) stops alerts."""
    try:
        if request.method == "POST":
            alerts.subscriber_unsubscribe(token=token)
            return render(request, "legislation/alert_unsubscribed.html")
        subscriber = alerts.subscriber_for_unsubscribe(token)
    except InvalidAlertToken:
        return render(request, "legislation/alert_token_invalid.html", status=400)
    return render(request, "legislation/alert_unsubscribe.html", {"subscriber": subscriber})
