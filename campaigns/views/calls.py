"""Call actions: find whom to call, call them with a script, and say how it went."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from campaigns import calls, selectors
from campaigns.exceptions import ActionClosed, NoOfficialsFound
from campaigns.forms import started_stamp
from campaigns.forms_calls import CallLookupForm, CallOutcomeForm
from campaigns.models import CallAction
from campaigns.targeting import action_targets
from campaigns.views.petitions import _landing, _rate_per_email, _rate_per_ip
from core.models import current_language


def _report_key(group: str, request: HttpRequest) -> str:
    # Per action and target: a caller reports each office they rang, and may correct it.
    email = request.POST.get("email", "").strip().lower()
    target = request.POST.get("target", "")
    return f"{request.resolver_match.kwargs.get('slug', '')}:{target}:{email}"


def _lookup_query(data) -> dict[str, str]:
    return {
        key: data.get(key, "") for key in ("zip", "street", "district", "name") if data.get(key)
    }


def _page(
    request: HttpRequest,
    action: CallAction,
    query,
    bound: CallOutcomeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The call page; with a ZIP code in `query`, the targets, scripts and report forms."""
    organisations = calls.call_organisations(action=action)
    landing = _landing(request)
    lookup_form = CallLookupForm(
        query or None, initial={"source": landing["source"]}, auto_id="find-%s"
    )
    targets, notes = [], []
    if lookup_form.is_bound and lookup_form.is_valid():
        data = lookup_form.cleaned_data
        try:
            lookup = action_targets(
                action=action,
                zip_code=data["zip"],
                street=data["street"],
                district=data["district"],
            )
        except NoOfficialsFound as exc:
            lookup_form.add_error("zip", str(exc))
        else:
            notes = lookup.notes
            if lookup.district_choices:
                lookup_form = CallLookupForm(
                    query,
                    initial={"source": landing["source"]},
                    auto_id="find-%s",
                    district_choices=lookup.district_choices,
                )
                lookup_form.is_valid()
                lookup_form.add_error("district", _("Your ZIP code spans several districts."))
            advocate = calls.call_advocate(
                given_name=data["name"], zip_code=data["zip"], street=data["street"]
            )
            targets = calls.call_targets(action=action, targets=lookup.targets, advocate=advocate)
    initial = {**landing, **_lookup_query(query or {}), "started": started_stamp()}
    initial["given_name"] = initial.pop("name", "")
    forms = {}
    for call_target in targets:
        pk = call_target.target.target.pk
        if not action.is_open():
            forms[pk] = None
        elif bound is not None and bound.data.get("target") == str(pk):
            forms[pk] = bound
        else:
            forms[pk] = CallOutcomeForm(
                organisations=organisations, initial={**initial, "target": pk}, auto_id=f"t{pk}-%s"
            )
    # A report about an office the address does not list has no form to show it in.
    orphan = None
    if bound is not None and not any(form is bound for form in forms.values()):
        orphan = bound
        orphan.auto_id = "id_%s"  # the only bound form on the page keeps Django's ids
    return render(
        request,
        "campaigns/call_detail.html",
        {
            "action": action,
            "is_open": action.is_open(),
            "vote": selectors.action_vote_next(action=action),
            "organisations": organisations,
            "lookup_form": lookup_form,
            "targets": [(t, forms[t.target.target.pk]) for t in targets],
            "notes": notes,
            "orphan": orphan,
            "share_url": settings.SITE_URL + action.get_absolute_url(),
        },
        status=status,
    )


# As the petition form: the per-address limit answers 429, the per-email one is silent.
@ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=True, group="call-report")
@ratelimit(
    key=_report_key, rate=_rate_per_email, method="POST", block=False, group="call-report-email"
)
@never_cache
@require_http_methods(["GET", "POST"])
def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The call action; with a ZIP code, whom to call and what to say; a POST says how a
    call went, then goes back to the caller's list of targets."""
    action = calls.call_action_get(slug=slug, staff=request.user.is_staff)
    if request.method == "GET":
        return _page(request, action, request.GET)
    organisations = calls.call_organisations(action=action)
    query = {**request.POST.dict(), "name": request.POST.get("given_name", "")}
    form = CallOutcomeForm(
        data=request.POST,
        organisations=organisations,
        auto_id=f"t{request.POST.get('target', '')}-%s",
    )
    back = reverse("campaigns:call_detail", kwargs={"slug": action.slug})
    back += f"?{urlencode(_lookup_query(query))}#target-{form.data.get('target', '')}"
    thanks = _("Thank you. Your call is counted.")
    if form.is_spam or getattr(request, "limited", False):
        messages.success(request, thanks)
        return redirect(back)
    target = None
    if form.is_valid():
        target = calls.call_target_for_report(
            action=action,
            target_id=form.cleaned_data["target"],
            zip_code=form.cleaned_data["zip"],
            street=form.cleaned_data["street"],
            district=form.cleaned_data["district"],
        )
        if target is None:
            form.add_error(None, _("This office is not one of the targets for your address."))
    if target is None:
        return _page(request, action, query, bound=form, status=400)
    try:
        calls.call_outcome_record(
            action=action, target=target, data=form.report(language=current_language())
        )
    except ActionClosed:
        return _page(request, action, query, status=409)
    messages.success(request, thanks)
    return redirect(back)
