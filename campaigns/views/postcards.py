"""Postcard drives: the drive's page and pledge form, the printable postcards, "mailed"."""

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from campaigns import postcards, selectors
from campaigns.exceptions import (
    ActionClosed,
    InvalidPledgeToken,
    NoOfficialsFound,
    PledgeTargetsInvalid,
)
from campaigns.forms_events import MailedForm, PledgeForm
from campaigns.models import PostcardAction
from campaigns.targeting import ResolvedTarget
from campaigns.views.petitions import _email_key, _landing, _rate_per_email, _rate_per_ip
from core.models import current_language


def _render(request: HttpRequest, action: PostcardAction, form, status: int = 200) -> HttpResponse:
    return render(
        request,
        "campaigns/postcard_detail.html",
        {
            "action": action,
            "vote": selectors.action_vote_next(action=action),
            "organisations": form.organisations if form is not None else [],
            "preview": not action.campaign.is_public,
            "form": form if action.is_open() else None,
        },
        status=status,
    )


def _targets(action: PostcardAction, form: PledgeForm) -> list[ResolvedTarget] | None:
    """The address's officials, or None with the reason set on the form's fields."""
    data = form.cleaned_data
    try:
        return postcards.pledge_targets(
            action=action, postal_code=data["zip_code"], district=data["district"]
        )
    except postcards.DistrictRequired as exc:
        form.district_choices_set(exc.choices)
        form.add_error("district", _("Your ZIP code spans more than one district: choose yours."))
    except NoOfficialsFound:
        form.add_error(
            "zip_code",
            _("We found no members of Congress for this ZIP code. Check it and try again."),
        )
    return None


def _all_ticked(data: QueryDict, targets: list[ResolvedTarget]) -> QueryDict:
    # A list shown afresh (first time, or for a changed ZIP code) starts with everyone ticked.
    data = data.copy()
    data.setlist("targets", [str(t.target.pk) for t in targets])
    return data


@ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=True, group="postcard-pledge")
@require_http_methods(["GET", "POST"])
def postcard_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A postcard drive; "Show my officials" lists whom to write to, "Pledge" pledges."""
    action = selectors.postcard_get(slug=slug, staff=request.user.is_staff)
    organisations = selectors.action_organisations(action=action)
    if request.method == "GET":
        return _render(
            request, action, PledgeForm(organisations=organisations, initial=_landing(request))
        )
    form = PledgeForm(data=request.POST, organisations=organisations)
    if form.is_spam:
        return redirect("campaigns:postcard_pledged", slug=action.slug)
    if not action.is_open():
        return _render(request, action, None, status=409)
    if not form.is_valid() or (targets := _targets(action, form)) is None:
        return _render(request, action, form, status=400)
    pledging = request.POST.get("step") == "pledge"
    data = request.POST if pledging else _all_ticked(request.POST, targets)
    form = PledgeForm(data=data, organisations=organisations, targets=targets)
    if not form.is_valid() or not pledging:
        return _render(request, action, form, status=400 if pledging else 200)
    # Counted on the pledge only: looking up one's officials mails no one.
    if is_ratelimited(
        request, group="postcard-pledge-email", key=_email_key, rate=_rate_per_email, increment=True
    ):
        return redirect("campaigns:postcard_pledged", slug=action.slug)
    try:
        postcards.pledge_create(action=action, data=form.pledge_input(language=current_language()))
    except PledgeTargetsInvalid:
        form.add_error("targets", _("Choose only from the officials listed for your address."))
        return _render(request, action, form, status=400)
    except ActionClosed:
        return _render(request, action, None, status=409)
    return redirect("campaigns:postcard_pledged", slug=action.slug)


@require_GET
def postcard_pledged(request: HttpRequest, slug: str) -> HttpResponse:
    """After a pledge: the link to the postcards is on its way by email."""
    action = selectors.postcard_get(slug=slug, staff=request.user.is_staff)
    return render(request, "campaigns/postcard_pledged.html", {"action": action})


@never_cache
@require_http_methods(["GET", "POST"])
def postcard_print(request: HttpRequest, token: str) -> HttpResponse:
    """A pledge's postcards, addressed, to print; its POST says how many went in the post."""
    try:
        pledge = postcards.pledge_for_token(token)
    except InvalidPledgeToken:
        return render(request, "campaigns/postcard_token_invalid.html", status=400)
    form = MailedForm(data=request.POST if request.method == "POST" else None, pledged=pledge.count)
    if request.method == "POST" and pledge.mailed_at is None and form.is_valid():
        postcards.pledge_mailed(pledge_id=pledge.pk, count=form.cleaned_data["count"])
        return redirect("campaigns:postcard_print", token=token)
    return render(
        request,
        "campaigns/postcard_print.html",
        {
            "pledge": pledge,
            "action": pledge.action,
            "cards": postcards.postcards_for_pledge(pledge=pledge),
            "form": form if pledge.mailed_at is None else None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
