from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from legislation import selectors
from legislation.forms import BillFilterForm

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
        request, "legislation/bill_detail.html", {"detail": selectors.bill_detail(bill=bill)}
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
