from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from core import selectors


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the database and broker answer; 503 names what does not."""
    report = selectors.health_report()
    return JsonResponse(report.as_dict(), status=200 if report.healthy else 503)


def _require_outbox_page() -> None:
    if not settings.OUTBOX_PAGE_ENABLED:
        raise Http404


@staff_member_required
def outbox_list(request: HttpRequest) -> HttpResponse:
    _require_outbox_page()
    page = Paginator(selectors.outbox_list(), 50).get_page(request.GET.get("page"))
    return render(request, "core/outbox_list.html", {"page_obj": page})


@staff_member_required
def outbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_outbox_page()
    message = get_object_or_404(selectors.outbox_list(), pk=pk)
    return render(request, "core/outbox_detail.html", {"message": message})


# The HTML of an email is shown as its recipient's mail client would: on its own
# page, sandboxed, with no script, and only its inline styles allowed.
@staff_member_required
@csp_override(
    {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "sandbox": ["allow-top-navigation-by-user-activation"],
    }
)
def outbox_html(request: HttpRequest, pk: int) -> HttpResponse:
    _require_outbox_page()
    message = get_object_or_404(selectors.outbox_list(), pk=pk)
    if not message.body_html:
        raise Http404
    return HttpResponse(message.body_html, content_type="text/html; charset=utf-8")


@staff_member_required
def styleguide(request: HttpRequest) -> HttpResponse:
    """Show every component, so designers and reviewers see them in one place."""
    from datetime import date

    from core.forms import StyleguideForm

    sample = {"first_name": "", "email": "not-an-email", "postal_code": "94110"}
    form = StyleguideForm(data=request.POST if request.method == "POST" else sample)
    form.is_valid()
    steps = [
        {"label": _("Introduced"), "state": "done", "date": date(2017, 8, 1)},
        {"label": _("Reported by committee"), "state": "done", "date": date(2018, 1, 10)},
        {"label": _("Passed the Senate"), "state": "current", "date": None},
        {"label": _("Signed into law"), "state": "upcoming", "date": None},
    ]
    page = Paginator(range(100), 10).get_page(request.GET.get("page", 3))
    return render(
        request,
        "core/styleguide.html",
        {"form": form, "steps": steps, "page_obj": page, "today": date.today()},
    )


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer a form sent too often from one address: 429, with when to try again."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "600"
    return response
