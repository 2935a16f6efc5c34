"""Petitions: the signing page, its confirmation, the embed widget and the print view."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from campaigns import page_cache, selectors, services
from campaigns.exceptions import InvalidSignatureToken, PetitionClosed
from campaigns.forms import PetitionSignForm, SignatureConfirmForm, started_stamp
from campaigns.models import Petition
from campaigns.selectors import PetitionPage
from core.models import current_language

PRINT_PER_PAGE = 1000


def _rate_per_ip(group: str, request: HttpRequest) -> str:
    return settings.SIGN_RATE_PER_IP


def _rate_per_email(group: str, request: HttpRequest) -> str:
    return settings.SIGN_RATE_PER_EMAIL


def _email_key(group: str, request: HttpRequest) -> str:
    # Per petition: a supporter may sign many petitions in an hour, but one address
    # hammering one petition is a bot or someone mailing a stranger.
    email = request.POST.get("email", "").strip().lower()
    return f"{request.resolver_match.kwargs.get('slug', '')}:{email}"


def _landing(request: HttpRequest) -> dict[str, str]:
    """Where this visit came from, carried in the form to the signature."""
    return {
        "source": request.GET.get("source", "")[:100],
        "referrer": request.headers.get("referer", "")[:500],
        "landing_url": request.get_full_path()[:500],
    }


def _render(
    request: HttpRequest,
    page: PetitionPage,
    form: PetitionSignForm | None,
    status: int = 200,
    **extra: str,
) -> HttpResponse:
    return render(
        request,
        "campaigns/petition_detail.html",
        {
            "page": page,
            "petition": page.petition,
            "form": form if form is not None and page.petition.is_open() else None,
            "share_url": settings.SITE_URL + page.petition.get_absolute_url(),
            **extra,
        },
        status=status,
    )


def _petition_page(request: HttpRequest, petition: Petition, **holes: str) -> HttpResponse:
    """The page with an empty form; `holes` stand in for the per-request values."""
    page = selectors.petition_page(petition=petition)
    initial = {**_landing(request), "started": started_stamp()}
    initial.update((name, holes.pop(name)) for name in list(initial) if name in holes)
    form = PetitionSignForm(petition=petition, organisations=page.organisations, initial=initial)
    return _render(request, page, form, **holes)


def _petition_page_cached(request: HttpRequest, slug: str) -> HttpResponse:
    """The page for an anonymous visitor: shared, with this request's values filled in."""
    key = selectors.petition_page_key(
        slug=slug, path=request.path, language=translation.get_language()
    )
    values, holes = page_cache.page_holes(request)
    form_values = {**_landing(request), "started": started_stamp()}

    def fresh() -> tuple[HttpResponse, int]:
        petition = selectors.petition_get(slug=slug)
        form_holes = {name: page_cache.hole(name) for name in form_values}
        response = _petition_page(request, petition, **holes, **form_holes)
        return response, selectors.page_lifetime(actions=[petition])

    return page_cache.page_with_holes(key=key, render=fresh, fill=values | form_values)


# The per-address limit answers 429 (a person behind it needs to know); the per-email
# limit drops the post silently, so it tells a prober nothing about an address.
@ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=True, group="petition-sign")
@ratelimit(
    key=_email_key, rate=_rate_per_email, method="POST", block=False, group="petition-sign-email"
)
@require_http_methods(["GET", "POST"])
def petition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The petition and its form; a POST signs (the same answer whoever signs)."""
    if page_cache.cacheable(request):
        return _petition_page_cached(request, slug)
    staff = request.user.is_staff
    if request.method == "GET":
        return _petition_page(request, selectors.petition_get(slug=slug, staff=staff))
    if staff:
        petition = selectors.petition_get(slug=slug, staff=True)
        organisations = selectors.petition_organisations(petition=petition)
    else:
        petition, organisations = selectors.petition_for_signing(slug=slug)
    form = PetitionSignForm(data=request.POST, petition=petition, organisations=organisations)
    if form.is_spam or getattr(request, "limited", False):
        return redirect("campaigns:petition_signed", slug=petition.slug)
    if not form.is_valid():
        return _render(request, selectors.petition_page(petition=petition), form, status=400)
    try:
        services.petition_sign(
            petition=petition, data=form.signature_input(language=current_language())
        )
    except PetitionClosed:
        return _render(request, selectors.petition_page(petition=petition), None, status=409)
    return redirect("campaigns:petition_signed", slug=petition.slug)


@require_GET
def petition_signed(request: HttpRequest, slug: str) -> HttpResponse:
    petition = selectors.petition_get(slug=slug, staff=request.user.is_staff)
    return render(
        request,
        "campaigns/petition_signed.html",
        {"petition": petition, "share_url": settings.SITE_URL + petition.get_absolute_url()},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def signature_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows what will be recorded and a Confirm button; only its POST confirms
    (mail scanners follow GETs)."""
    try:
        signature = services.signature_for_token(token)
    except InvalidSignatureToken:
        return render(request, "campaigns/signature_token_invalid.html", status=400)
    organisations = selectors.petition_organisations(petition=signature.petition)
    form = SignatureConfirmForm(
        data=request.POST if request.method == "POST" else None,
        signature=signature,
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        result = services.signature_confirm(token=token, choices=form.choices())
        share_url = settings.SITE_URL + result.signature.petition.get_absolute_url()
        return render(
            request,
            "campaigns/signature_confirmed.html",
            {"result": result, "share_url": share_url},
        )
    return render(
        request,
        "campaigns/signature_confirm.html",
        {"signature": signature, "form": form},
        status=400 if form.is_bound else 200,
    )


# The one page other sites may frame: a count and a link that opens the petition here.
@xframe_options_exempt
@csp_override({**settings.SECURE_CSP, "frame-ancestors": ["*"]})
@require_GET
def petition_embed(request: HttpRequest, slug: str) -> HttpResponse:
    petition = selectors.petition_get(slug=slug)
    return render(request, "campaigns/petition_embed.html", {"petition": petition})


@staff_member_required
@permission_required("campaigns.view_signature", raise_exception=True)
@require_GET
def petition_print(request: HttpRequest, slug: str) -> HttpResponse:
    """The petition and its confirmed signers on paper, for delivery by hand."""
    petition = selectors.petition_get(slug=slug, staff=True)
    page = Paginator(selectors.signatures_for_delivery(petition=petition), PRINT_PER_PAGE)
    return render(
        request,
        "campaigns/petition_print.html",
        {"petition": petition, "page_obj": page.get_page(request.GET.get("page"))},
    )


@require_GET
def api_petition_count(request: HttpRequest, slug: str) -> JsonResponse:
    """The confirmed count and goal as JSON, for widgets on organisations' own sites."""
    response = JsonResponse(selectors.petition_count(slug=slug))
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=30"
    return response
