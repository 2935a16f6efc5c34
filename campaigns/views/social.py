"""Social actions: the page of prepared posts, and the record made before each opens."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from campaigns import selectors, social
from campaigns.exceptions import ActionClosed
from campaigns.forms_social import SocialLookupForm, SocialPostForm
from campaigns.models import SocialAction
from campaigns.views.petitions import _email_key, _landing, _rate_per_email, _rate_per_ip
from core.models import current_language


def _render(
    request: HttpRequest,
    action: SocialAction,
    lookup: social.SocialLookup,
    lookup_form: SocialLookupForm,
    form: SocialPostForm | None = None,
    status: int = 200,
) -> HttpResponse:
    organisations = selectors.action_organisations(action=action)
    if form is None:
        form = SocialPostForm(
            action=action,
            organisations=organisations,
            targets=lookup.targets,
            initial={**_landing(request), **lookup_form.cleaned_data},
        )
    context = {
        "action": action,
        "lookup": lookup,
        "lookup_form": lookup_form,
        "form": form if action.is_open() else None,
        "has_buttons": any(target.buttons for target in lookup.targets),
        "vote": selectors.action_vote_next(action=action),
        "preview": not action.campaign.is_public,
    }
    return render(request, "campaigns/social_detail.html", context, status=status)


# As the petition's: 429 past the per-address limit, silence past the per-email one.
@ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=True, group="social-post")
@ratelimit(key=_email_key, rate=_rate_per_email, method="POST", block=False, group="social-email")
@require_http_methods(["GET", "POST"])
def social_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The action, its targets for the visitor's ZIP code, and a button per network;
    a POST (a button pressed) is recorded and opens the network."""
    if request.method == "POST":
        return _social_post(request, slug)
    action = selectors.social_action_get(slug=slug, staff=request.user.is_staff)
    lookup_form = SocialLookupForm(data=request.GET)
    lookup_form.is_valid()  # every field is optional; a bad ZIP is the lookup's to say
    values = lookup_form.cleaned_data
    lookup = social.social_lookup(
        action=action, zip_code=values.get("zip", ""), district=values.get("district", "")
    )
    if lookup.error:
        lookup_form.add_error("zip", lookup.error)
    return _render(request, action, lookup, lookup_form)


def _social_post(request: HttpRequest, slug: str) -> HttpResponse:
    """Record that the advocate is posting, then open the network's compose page."""
    action = selectors.social_action_get(slug=slug, staff=request.user.is_staff)
    lookup_form = SocialLookupForm(data=request.POST)
    lookup_form.is_valid()
    where = lookup_form.cleaned_data
    lookup = social.social_lookup(
        action=action, zip_code=where.get("zip", ""), district=where.get("district", "")
    )
    organisations = selectors.action_organisations(action=action)
    form = SocialPostForm(
        data=request.POST, action=action, organisations=organisations, targets=lookup.targets
    )
    if form.is_spam:
        return redirect(action.get_absolute_url())
    if not form.is_valid():
        return _render(request, action, lookup, lookup_form, form, status=400)
    target, button = form.chosen
    if not getattr(request, "limited", False):
        try:
            social.social_post_record(
                action=action,
                button=button,
                target=target.target,
                data=form.post_input(language=current_language()),
            )
        except ActionClosed:
            return _render(request, action, lookup, lookup_form, status=409)
    return redirect(
        social.compose_url(
            network=button.network,
            text=button.text,
            instance=form.cleaned_data["instance"],
            share_url=social.share_url(action),
        )
    )
