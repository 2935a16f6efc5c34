"""Letters: the advocate's address, their targets' letters, one send, and the receipt."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from campaigns import letters, selectors
from campaigns.exceptions import (
    ActionClosed,
    InvalidLetterToken,
    LetterInvalid,
    NoOfficialsFound,
)
from campaigns.forms_letters import LetterAdvocateForm, LetterDraftsForm, letter_input
from campaigns.models import LetterAction
from campaigns.targeting import TargetLookup, action_targets
from campaigns.views.petitions import _landing, _rate_per_ip
from core.models import current_language
from representatives import selectors as representatives_selectors


def _rate_per_email(group: str, request: HttpRequest) -> str:
    return settings.LETTER_RATE_PER_EMAIL


def _email_key(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


def _render(
    request: HttpRequest, action: LetterAction, status: int = 200, **context
) -> HttpResponse:
    context.setdefault("drafts_form", None)
    return render(
        request,
        "campaigns/letter_detail.html",
        {
            "action": action,
            "open": action.is_open(),
            "organisations": selectors.action_organisations(action=action),
            "vote": selectors.action_vote_next(action=action),
            **context,
        },
        status=status,
    )


def _lookup(action: LetterAction, form: LetterAdvocateForm) -> TargetLookup | None:
    """The advocate's targets, or None with the reason set on the form's fields."""
    data = form.cleaned_data
    try:
        lookup = action_targets(
            action=action,
            zip_code=data["zip_code"],
            street=data["street"],
            district=data["district"],
        )
    except NoOfficialsFound as exc:
        form.add_error("zip_code", str(exc))
        return None
    if lookup.district_choices:
        form.district_choices_set(lookup.district_choices)
        form.add_error(
            "district",
            _("Your ZIP code lies in more than one district: choose the one you live in."),
        )
        return None
    return lookup


def _drafts_form(request, action, form, lookup, *, bound: bool) -> LetterDraftsForm:
    advocate = form.advocate(state=_state(form))
    personal = form.cleaned_data.get("personal", "")
    drafts = {
        target.target.pk: letters.letter_draft(
            action=action, target=target, advocate=advocate, personal=personal
        )
        for target in lookup.targets
    }
    return LetterDraftsForm(
        data=request.POST if bound else None,
        action=action,
        targets=lookup.targets,
        drafts=drafts,
        personal=personal,
    )


def _state(form: LetterAdvocateForm) -> str:
    return representatives_selectors.state_for_zip(zip_code=form.cleaned_data["zip_code"])


@ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=True, group="letter-send")
@require_http_methods(["GET", "POST"])
def letter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The letter and its form; "Show my letters" looks up targets, "Send" sends them all."""
    action = selectors.letter_get(slug=slug, staff=request.user.is_staff)
    organisations = selectors.action_organisations(action=action)
    if request.method == "GET":
        form = LetterAdvocateForm(
            action=action, organisations=organisations, initial=_landing(request)
        )
        return _render(request, action, form=form)
    form = LetterAdvocateForm(data=request.POST, action=action, organisations=organisations)
    if form.is_spam:
        return redirect(action.get_absolute_url())
    if not action.is_open() or not form.is_valid():
        return _render(request, action, 400, form=form)
    lookup = _lookup(action, form)
    if lookup is None:
        return _render(request, action, 400, form=form)
    sending = request.POST.get("step") == "send"
    drafts_form = _drafts_form(request, action, form, lookup, bound=sending)
    context = {"form": form, "drafts_form": drafts_form, "lookup": lookup}
    if not sending or not drafts_form.is_valid():
        return _render(request, action, 400 if sending else 200, **context)
    if is_ratelimited(
        request, group="letter-send-email", key=_email_key, rate=_rate_per_email, increment=True
    ):
        form.add_error(None, _("You have sent many letters today. Please try again tomorrow."))
        return _render(request, action, 429, **context)
    data = letter_input(
        advocate_form=form, drafts_form=drafts_form, state=_state(form), language=current_language()
    )
    try:
        result = letters.letter_send(action=action, data=data, targets=lookup.targets)
    except ActionClosed:
        return _render(request, action, 409, form=form)
    except LetterInvalid as exc:
        drafts_form.add_error(f"body_{exc.target_id}", str(exc))
        return _render(request, action, 400, **context)
    token = letters.letter_receipt_token(action_id=action.pk, person=result.person)
    return redirect(reverse("campaigns:letter_sent", kwargs={"slug": action.slug, "token": token}))


@never_cache
@require_GET
def letter_sent(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The advocate's letters for the action: where each went, and what is left to do."""
    try:
        action, person = letters.letter_receipt_for_token(token)
    except InvalidLetterToken:
        return render(request, "campaigns/letter_token_invalid.html", status=400)
    return render(
        request,
        "campaigns/letter_sent.html",
        {"action": action, "lines": letters.letter_lines(action=action, person=person)},
    )
