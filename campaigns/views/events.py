"""Events: an event action's page and its proposal form, event pages, RSVPs, the list and map."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from campaigns import events, selectors
from campaigns.exceptions import ActionClosed, EventNotOpen, InvalidEventToken
from campaigns.forms_events import EventProposeForm, RSVPForm
from campaigns.models import Event
from campaigns.views.petitions import _email_key, _landing, _rate_per_email, _rate_per_ip
from core.geography import FEDERAL_DISTRICT, STATES
from core.models import current_language


def _action_render(
    request: HttpRequest, page: selectors.EventActionPage, form, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "campaigns/event_action.html",
        {
            "page": page,
            "action": page.action,
            "cards": selectors.event_cards(events=page.events),
            "form": form if page.action.is_open() else None,
        },
        status=status,
    )


@ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=True, group="event-propose")
@ratelimit(
    key=_email_key, rate=_rate_per_email, method="POST", block=False, group="event-propose-email"
)
@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event action: its ask, its upcoming events, and a form to propose one."""
    action = selectors.event_action_get(slug=slug, staff=request.user.is_staff)
    page = selectors.event_action_page(action=action)
    if request.method == "GET":
        form = EventProposeForm(organisations=page.organisations, initial=_landing(request))
        return _action_render(request, page, form)
    form = EventProposeForm(data=request.POST, organisations=page.organisations)
    if not (form.is_spam or getattr(request, "limited", False)):
        if not form.is_valid():
            return _action_render(request, page, form, status=400)
        try:
            events.event_propose(action=action, data=form.proposal(language=current_language()))
        except ActionClosed:
            return _action_render(request, page, None, status=409)
    messages.success(
        request,
        _("Thank you. We review every event before it is listed, and email the host once it is."),
    )
    return redirect("campaigns:event_detail", slug=action.slug)


def _event_render(request: HttpRequest, event: Event, form, status: int = 200) -> HttpResponse:
    return render(
        request,
        "campaigns/event_page.html",
        {
            "card": selectors.event_cards(events=[event])[0],
            "event": event,
            "form": form,
        },
        status=status,
    )


def _rsvp_open(event: Event) -> bool:
    return (
        event.status == Event.Status.APPROVED
        and event.starts_at > timezone.now()
        and event.action.is_open()
    )


@ratelimit(key="ip", rate=_rate_per_ip, method="POST", block=True, group="event-rsvp")
@ratelimit(
    key=_email_key, rate=_rate_per_email, method="POST", block=False, group="event-rsvp-email"
)
@require_http_methods(["GET", "POST"])
def event_page(request: HttpRequest, slug: str) -> HttpResponse:
    """One approved event: when, where, what, and a form to say you will come."""
    event = selectors.event_get(slug=slug, staff=request.user.is_staff)
    organisations = selectors.action_organisations(action=event.action)
    if request.method == "GET":
        form = RSVPForm(organisations=organisations, initial=_landing(request))
        return _event_render(request, event, form if _rsvp_open(event) else None)
    form = RSVPForm(data=request.POST, organisations=organisations)
    if not (form.is_spam or getattr(request, "limited", False)):
        if not form.is_valid():
            return _event_render(request, event, form, status=400)
        try:
            events.rsvp_create(event=event, data=form.rsvp_input(language=current_language()))
        except EventNotOpen:
            return _event_render(request, event, None, status=409)
    # The same answer for a first RSVP and a repeat: it tells nobody who had answered.
    messages.success(request, _("Thank you: you are on the list. See you there."))
    return redirect("campaigns:event_page", slug=event.slug)


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The event as a calendar file."""
    event = selectors.event_get(slug=slug, staff=request.user.is_staff)
    response = HttpResponse(
        events.event_ics(event=event), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


EVENTS_PER_PAGE = 20


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """Upcoming approved events everywhere, with a map by state; ?state=WA narrows it."""
    state = request.GET.get("state", "").upper()
    names = STATES | FEDERAL_DISTRICT
    if state not in names:
        state = ""
    paginator = Paginator(selectors.events_upcoming(state=state), EVENTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/event_list.html",
        {
            "page_obj": page_obj,
            "cards": selectors.event_cards(events=page_obj.object_list),
            "map": selectors.event_map(),
            "state": state,
            "state_name": names.get(state, ""),
        },
    )


@never_cache
@require_GET
def event_host(request: HttpRequest, token: str) -> HttpResponse:
    """The host's page: their event and who is coming, reached only by the emailed link."""
    try:
        event = events.event_for_host_token(token)
    except InvalidEventToken:
        return render(request, "campaigns/event_token_invalid.html", status=400)
    return render(
        request,
        "campaigns/event_host.html",
        {
            "card": selectors.event_cards(events=[event])[0],
            "event": event,
            "rsvps": selectors.event_rsvps(event=event),
        },
    )
