"""Reads for campaign pages: lists, details, counts and the public signer list.

Every list page runs a fixed number of queries whatever the number of campaigns or
signatures: relations are fetched with select_related/prefetch_related, and counts come
from counter columns, never from COUNT over signatures.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from campaigns.events import event_time_zone
from campaigns.models import (
    Action,
    Campaign,
    Event,
    EventAction,
    IssuePage,
    LetterAction,
    Petition,
    PostcardAction,
    Resource,
    Signature,
    SocialAction,
    Target,
)
from core import selectors as core_selectors
from core.geography import FEDERAL_DISTRICT, STATES
from core.models import Organisation
from legislation import selectors as legislation_selectors
from legislation.services import CampaignLink

# ------------------------------------------------------------------------------
# Petitions
# ------------------------------------------------------------------------------
PUBLIC_SIGNERS = 20


@dataclass(frozen=True)
class PetitionPage:
    """A petition with what its page shows: campaign, sponsors, latest public signers."""

    petition: Petition
    organisations: list[Organisation]
    targets: list[Target]
    signers: list[Signature]
    preview: bool  # a draft, shown to staff only


def petition_get(*, slug: str, staff: bool = False) -> Petition:
    """Return a public petition by slug (drafts only for staff), or raise Http404."""
    try:
        # get() leaves out the model's ordering (a join) that first() would add.
        petition = Petition.objects.select_related("campaign").get(slug=slug)
    except Petition.DoesNotExist:
        raise Http404 from None
    if not petition.campaign.is_public and not staff:
        raise Http404
    return petition


def petition_page(*, petition: Petition) -> PetitionPage:
    """Return what a petition's signing page shows, in a fixed number of queries."""
    return PetitionPage(
        petition=petition,
        organisations=petition_organisations(petition=petition),
        targets=list(petition.targets.select_related("official")),
        signers=public_signers(petition=petition),
        preview=not petition.campaign.is_public,
    )


def petition_organisations(*, petition: Petition) -> list[Organisation]:
    """The petition's sponsors: one consent box each."""
    return list(petition.campaign.organisations.all())


PAGE_CACHE_SECONDS = 300


# The keys of cached pages are read on every anonymous visit, the busiest path there is,
# so each is one plain SQL statement (a fraction of the ORM's cost to build a query).
# What a key holds decides what a cached page may never show stale: every count, and
# when the petition (moderation and closing touch it) and its campaign last changed.
# Other rows a page shows (sponsors, targets, a bill's status) show within the lifetime.
def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "action": quote(Action._meta.db_table),
        "petition": quote(Petition._meta.db_table),
        "campaign": quote(Campaign._meta.db_table),
        "public": ", ".join(f"'{status}'" for status in PUBLIC_STATUSES),
    }


def petition_page_key(*, slug: str, path: str, language: str, counted: bool = True) -> str:
    """The cache key of a public petition's page, or raise Http404.

    Without `counted`, the key leaves the count out: for what a sign request needs,
    which confirmations do not change.
    """
    sql = """
        SELECT a.id, p.confirmed_count, a.updated_at, a.ends_at, a.closed_at, c.updated_at,
               c.status
        FROM {action} a
        JOIN {petition} p ON p.action_ptr_id = a.id
        JOIN {campaign} c ON c.id = a.campaign_id
        WHERE a.slug = %s AND c.status IN ({public})
    """.format(**_tables())  # noqa: S608 - names from the models
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such petition.")
    if not counted:
        row = row[:1] + row[2:]
    return _page_key("petition-page", language, path, row)


def campaign_page_key(*, slug: str, path: str, language: str) -> str:
    """The cache key of a public campaign's page, or raise Http404."""
    sql = """
        SELECT c.id, c.updated_at, c.status, a.id, a.updated_at, a.ends_at, a.closed_at,
               p.confirmed_count, a.participants
        FROM {campaign} c
        LEFT JOIN {action} a ON a.campaign_id = c.id
        LEFT JOIN {petition} p ON p.action_ptr_id = a.id
        WHERE c.slug = %s AND c.status IN ({public})
        ORDER BY a.id
    """.format(**_tables())  # noqa: S608 - names from the models
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug])
        rows = cursor.fetchall()
    if not rows:
        raise Http404("No such campaign.")
    # The day too: letters and calls move first while their bill's vote is ahead.
    return _page_key("campaign-page", language, path, (timezone.localdate(), rows))


def petition_for_signing(*, slug: str) -> tuple[Petition, list[Organisation]]:
    """The public petition a sign request names, and its sponsors, or raise Http404.

    Its state (open or not, the fields it asks) is read fresh with one statement, which
    keys a cached copy of the rows, so a busy petition is not loaded on every post.
    """
    key = petition_page_key(slug=slug, path="", language="sign", counted=False)
    found = cache.get(key)
    if found is None:
        petition = petition_get(slug=slug)
        found = (petition, petition_organisations(petition=petition))
        cache.set(key, found, PAGE_CACHE_SECONDS)
    return found


def _page_key(kind: str, language: str, path: str, state: object) -> str:
    # Hashed: a path and a campaign's rows can be long, and cache keys are short.
    digest = hashlib.sha256(repr((path, state)).encode()).hexdigest()
    return f"{kind}:v1:{language}:{digest}"


def page_lifetime(*, actions: list[Action]) -> int:
    """How long a cached page may live: until the first of its actions ends, at most."""
    now = timezone.now()
    ends = [action.ends_at for action in actions if action.ends_at and action.ends_at > now]
    # The form must disappear the moment a petition ends.
    until = [int((end - now).total_seconds()) for end in ends]
    return max(1, min([PAGE_CACHE_SECONDS, *until]))


def public_signers(*, petition: Petition, limit: int = PUBLIC_SIGNERS) -> list[Signature]:
    """The latest confirmed signers who chose to show their name (first name, initial)."""
    return list(
        Signature.objects.filter(
            petition=petition, confirmed_at__isnull=False, show_name=True
        )
        .select_related("person")
        .only(
            "petition_id", "comment", "hidden", "region", "confirmed_at",
            "person__given_name", "person__family_name",
        )
        .order_by("-confirmed_at", "-pk")[:limit]
    )  # fmt: skip


def petition_count(*, slug: str) -> dict[str, object]:
    """The figures the count API returns: confirmed signatures, goal, open or not."""
    petition = petition_get(slug=slug)
    return {
        "petition": petition.slug,
        "count": petition.confirmed_count,
        "goal": petition.goal,
        "open": petition.is_open(),
    }


def signatures_for_delivery(*, petition: Petition) -> QuerySet[Signature]:
    """Confirmed signatures in the order they came, for the print view and exports."""
    return (
        # An erased signer still counts, but has no name left to deliver.
        Signature.objects.filter(
            petition=petition, confirmed_at__isnull=False, person__erased_at__isnull=True
        )
        .select_related("person")
        .order_by("confirmed_at", "pk")
    )


# ------------------------------------------------------------------------------
# Browsing: campaigns, issue pages, organisations (the pages in views/pages.py)
# ------------------------------------------------------------------------------
PUBLIC_STATUSES = (Campaign.Status.LIVE, Campaign.Status.WON, Campaign.Status.CLOSED)
HOME_CAMPAIGNS = 6


def _vote_ahead() -> Subquery:
    """The date of the next floor vote on an action's bill, from today on."""
    # The schedule model is reached through the bill's relation: campaigns does not
    # import legislation's models.
    bill_model = Action._meta.get_field("bill").related_model
    schedules = bill_model._meta.get_field("schedules").related_model.objects
    return Subquery(
        schedules.filter(bill=OuterRef("bill_id"), scheduled_for__gte=timezone.localdate())
        .order_by("scheduled_for")
        .values("scheduled_for")[:1]
    )


def actions_for_campaign_page() -> QuerySet[Action]:
    """A campaign's actions with their counts (a petition's from its own row).

    Letters and calls about a bill with a vote coming up come first: that is when
    writing and calling count most.
    """
    vote_first = Case(
        When(kind__in=[Action.Kind.LETTER, Action.Kind.CALL], vote_on__isnull=False, then=0),
        default=1,
        output_field=IntegerField(),
    )
    return (
        Action.objects.select_related("petition")
        .annotate(vote_on=_vote_ahead())
        .order_by(vote_first, "pk")
    )


def _for_cards(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """What a campaign card shows: sponsors, and each action with its count."""
    return campaigns.prefetch_related(
        "organisations",
        Prefetch("actions", queryset=actions_for_campaign_page(), to_attr="action_list"),
    )


def campaign_public() -> QuerySet[Campaign]:
    """Return the campaigns anyone may see (never drafts), newest launch first."""
    return Campaign.objects.filter(status__in=PUBLIC_STATUSES).order_by(
        F("launched_at").desc(nulls_last=True), "-pk"
    )


@dataclass(frozen=True)
class CampaignFilters:
    issue: str = ""
    organisation: str = ""
    action: str = ""
    status: str = ""


def campaign_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The values each filter of the campaign list offers."""
    return {
        "issue": list(IssuePage.objects.order_by("title").values_list("slug", "title")),
        "organisation": list(Organisation.objects.order_by("name").values_list("slug", "name")),
        "action": list(Action.Kind.choices),
        "status": [(status.value, status.label) for status in PUBLIC_STATUSES],
    }


def campaign_list(*, filters: CampaignFilters) -> QuerySet[Campaign]:
    """Return the public campaigns matching the filters, ready for cards."""
    campaigns = campaign_public()
    if filters.status:
        campaigns = campaigns.filter(status=filters.status)
    # Slugs are unique, so these joins never repeat a campaign.
    if filters.issue:
        campaigns = campaigns.filter(issues__slug=filters.issue)
    if filters.organisation:
        campaigns = campaigns.filter(organisations__slug=filters.organisation)
    if filters.action:
        campaigns = campaigns.filter(
            Exists(Action.objects.filter(campaign=OuterRef("pk"), kind=filters.action))
        )
    return _for_cards(campaigns)


def campaign_home_list(*, limit: int = HOME_CAMPAIGNS) -> list[Campaign]:
    """Return the live campaigns for the home page: featured first, then the newest."""
    live = campaign_public().filter(status=Campaign.Status.LIVE)
    return list(_for_cards(live.order_by("-featured", *live.query.order_by))[:limit])


def campaign_get(*, slug: str, preview: bool = False) -> Campaign:
    """Return a campaign with all its page shows, or raise Http404.

    Drafts are found only with `preview` (staff checking a campaign before launch).
    """
    campaigns = Campaign.objects.all() if preview else campaign_public()
    campaign = (
        _for_cards(campaigns)
        .prefetch_related(
            Prefetch("issues", queryset=IssuePage.objects.order_by("title")),
            Prefetch("bills", queryset=legislation_selectors.bill_for_links()),
        )
        .filter(slug=slug)
        .first()
    )
    if campaign is None:
        raise Http404("No such campaign.")
    return campaign


def issue_list() -> QuerySet[IssuePage]:
    """Return every issue page, by title."""
    return IssuePage.objects.order_by("title")


RESOURCE_HEADINGS = {
    Resource.Kind.REPORT: _("Reports"),
    Resource.Kind.BLOG_POST: _("Blog posts"),
    Resource.Kind.FILM: _("Films"),
    Resource.Kind.FACT_SHEET: _("Fact sheets"),
}


@dataclass
class IssueDetail:
    issue: IssuePage
    # (kind label, resources of that kind), kinds in their declared order.
    resources: list[tuple[str, list[Resource]]]
    bills: list[Model]  # legislation's bills
    campaigns: list[Campaign]


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def issue_detail(*, slug: str) -> IssueDetail:
    """Return an issue page with its resources, bills and public campaigns, or raise Http404."""
    issue = IssuePage.objects.filter(slug=slug).first()
    if issue is None:
        raise Http404("No such issue page.")
    by_kind: dict[str, list[Resource]] = {kind: [] for kind in Resource.Kind.values}
    for resource in issue.resources.order_by(F("year").desc(nulls_last=True), "title"):
        resource.language_name = _language_name(resource.language)
        by_kind[resource.kind].append(resource)
    bill_ids = IssuePage.bills.through.objects.filter(issuepage_id=issue.pk).values("bill_id")
    return IssueDetail(
        issue=issue,
        resources=[(RESOURCE_HEADINGS[kind], rows) for kind, rows in by_kind.items() if rows],
        bills=list(
            legislation_selectors.bill_related_list(bill_ids=bill_ids, subject_id=issue.subject_id)
        ),
        campaigns=list(_for_cards(campaign_public().filter(issues=issue))),
    )


@dataclass
class OrganisationDetail:
    organisation: Organisation
    campaigns: list[Campaign]
    issues: list[IssuePage]


def organisation_detail(*, slug: str) -> OrganisationDetail:
    """Return an organisation with its public campaigns (live, won, closed) and their issues."""
    organisation = core_selectors.organisation_get(slug=slug)
    campaigns = campaign_public().filter(organisations=organisation)
    rank = Case(
        *(When(status=status, then=Value(i)) for i, status in enumerate(PUBLIC_STATUSES)),
        output_field=IntegerField(),
    )
    return OrganisationDetail(
        organisation=organisation,
        campaigns=list(_for_cards(campaigns.order_by(rank, *campaigns.query.order_by))),
        issues=list(IssuePage.objects.filter(pk__in=campaigns.values("issues")).order_by("title")),
    )


def campaign_links_for_bill(bill: Model) -> list[CampaignLink]:
    """Return the public campaigns about a bill, as the bill page lists them.

    A campaign with an open letter or call offers that first, and links to it; while a
    vote on the bill is ahead, those campaigns come first too.
    """
    now = timezone.now()
    sponsors = Campaign.organisations.through.objects.filter(campaign=OuterRef("pk"))
    open_actions = Action.objects.filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        campaign=OuterRef("pk"),
        campaign__status=Campaign.Status.LIVE,
        closed_at__isnull=True,
    ).order_by("pk")
    campaigns = (
        campaign_public()
        .filter(bills=bill)
        .annotate(
            lead_sponsor=Subquery(sponsors.order_by("pk").values("organisation__name")[:1]),
            can_sign=Exists(open_actions.filter(kind=Action.Kind.PETITION)),
            letter_slug=Subquery(open_actions.filter(kind=Action.Kind.LETTER).values("slug")[:1]),
            call_slug=Subquery(open_actions.filter(kind=Action.Kind.CALL).values("slug")[:1]),
        )
    )
    links = []
    for campaign in campaigns:
        url, action = campaign.get_absolute_url(), ""
        if campaign.letter_slug:
            url = reverse("campaigns:letter_detail", kwargs={"slug": campaign.letter_slug})
            action = _("Write to your officials")
        elif campaign.call_slug:
            url = reverse("campaigns:call_detail", kwargs={"slug": campaign.call_slug})
            action = _("Call your officials")
        elif campaign.can_sign:
            action = _("Sign the petition")
        link = CampaignLink(
            title=campaign.title, url=url, organisation=campaign.lead_sponsor or "", action=action
        )
        links.append((not (campaign.letter_slug or campaign.call_slug), link))
    if bill.schedules.filter(scheduled_for__gte=timezone.localdate()).exists():
        links.sort(key=lambda pair: pair[0])
    return [link for _later, link in links]


# ------------------------------------------------------------------------------
# Social actions
# ------------------------------------------------------------------------------
def social_action_get(*, slug: str, staff: bool = False) -> SocialAction:
    """Return a public social action by slug (drafts only for staff), or raise Http404."""
    try:
        action = SocialAction.objects.select_related("campaign", "bill").get(slug=slug)
    except SocialAction.DoesNotExist:
        raise Http404 from None
    if not action.campaign.is_public and not staff:
        raise Http404
    return action


def action_vote_next(*, action: Action) -> Model | None:
    """The next floor vote scheduled on the action's bill, if any: the moment to act."""
    if action.bill_id is None:
        return None
    return (
        action.bill.schedules.filter(scheduled_for__gte=timezone.localdate())
        .order_by("scheduled_for", "pk")
        .first()
    )


def action_organisations(*, action: Action) -> list[Organisation]:
    """The action's sponsors: one consent box each."""
    return list(action.campaign.organisations.all())


# ------------------------------------------------------------------------------
# Letters
# ------------------------------------------------------------------------------
def letter_get(*, slug: str, staff: bool = False) -> LetterAction:
    """Return a public letter action by slug (drafts only for staff), or raise Http404."""
    try:
        action = LetterAction.objects.select_related("campaign", "bill__session__jurisdiction").get(
            slug=slug
        )
    except LetterAction.DoesNotExist:
        raise Http404 from None
    if not action.campaign.is_public and not staff:
        raise Http404
    return action


# ------------------------------------------------------------------------------
# Events
# ------------------------------------------------------------------------------
def _action_get(model: type[Action], *, slug: str, staff: bool) -> Action:
    try:
        action = model.objects.select_related("campaign").get(slug=slug)
    except model.DoesNotExist:
        raise Http404 from None
    if not action.campaign.is_public and not staff:
        raise Http404
    return action


def event_action_get(*, slug: str, staff: bool = False) -> EventAction:
    """Return a public event action by slug (drafts only for staff), or raise Http404."""
    return _action_get(EventAction, slug=slug, staff=staff)


def events_upcoming(
    *, action: EventAction | None = None, state: str = "", now=None
) -> QuerySet[Event]:
    """Return approved events not yet begun under public campaigns, soonest first."""
    now = now or timezone.now()
    events = Event.objects.filter(
        status=Event.Status.APPROVED,
        starts_at__gt=now,
        action__campaign__status__in=PUBLIC_STATUSES,
    ).select_related("action__campaign", "person")
    if action is not None:
        events = events.filter(action=action)
    if state:
        events = events.filter(state=state)
    return events.order_by("starts_at", "pk")


@dataclass(frozen=True)
class EventActionPage:
    action: EventAction
    organisations: list[Organisation]
    events: list[Event]
    preview: bool


def event_action_page(*, action: EventAction) -> EventActionPage:
    """Return what an event action's page shows: sponsors and its upcoming events."""
    return EventActionPage(
        action=action,
        organisations=list(action.campaign.organisations.all()),
        events=list(events_upcoming(action=action)[:50]),
        preview=not action.campaign.is_public,
    )


def event_get(*, slug: str, staff: bool = False) -> Event:
    """Return an approved event under a public campaign (any event for staff), or 404."""
    event = Event.objects.select_related("action__campaign", "person").filter(slug=slug).first()
    if event is None:
        raise Http404
    public = event.status in (Event.Status.APPROVED, Event.Status.CANCELLED)
    if not staff and not (public and event.action.campaign.is_public):
        raise Http404
    return event


def event_rsvps(*, event: Event) -> list:
    """Return who is coming to an event, first answers first: for its host and staff only."""
    return list(event.rsvps.select_related("person").order_by("created_at", "pk"))


@dataclass(frozen=True)
class StateEvents:
    state: str
    name: str
    count: int
    # 0 to 3: how dark the state is shaded.
    shade: int
    path: str


@dataclass(frozen=True)
class EventMap:
    states: list[StateEvents]
    total: int
    width: int = 975
    height: int = 610


def _shade(count: int) -> int:
    return 0 if count == 0 else 1 if count == 1 else 2 if count < 5 else 3


def event_map(*, now=None) -> EventMap:
    """Return every state and DC with its number of upcoming events and its outline."""
    counts = dict(
        events_upcoming(now=now)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    outlines = legislation_selectors.state_outlines()
    states = [
        StateEvents(
            state=abbr,
            name=name,
            count=counts.get(abbr, 0),
            shade=_shade(counts.get(abbr, 0)),
            path=outlines[abbr].path if abbr in outlines else "",
        )
        for abbr, name in sorted((STATES | FEDERAL_DISTRICT).items(), key=lambda item: item[1])
    ]
    return EventMap(states=states, total=sum(counts.values()))


@dataclass(frozen=True)
class EventCard:
    """An event as pages show it: times on the local clock, the host by first name."""

    event: Event
    starts: datetime
    ends: datetime | None
    # First name and last initial: the host's full name and address never show.
    host: str


def event_cards(*, events: Iterable[Event]) -> list[EventCard]:
    """Return events with their local times and public host name (hosts already joined)."""
    cards = []
    for event in events:
        zone = event_time_zone(event.state)
        person = event.person
        initial = f" {person.family_name[:1]}." if person.family_name else ""
        cards.append(
            EventCard(
                event=event,
                starts=event.starts_at.astimezone(zone),
                ends=event.ends_at.astimezone(zone) if event.ends_at else None,
                host=f"{person.given_name}{initial}".strip(),
            )
        )
    return cards


# ------------------------------------------------------------------------------
# Postcard drives
# ------------------------------------------------------------------------------
def postcard_get(*, slug: str, staff: bool = False) -> PostcardAction:
    """Return a public postcard drive by slug (drafts only for staff), or raise Http404."""
    return _action_get(PostcardAction, slug=slug, staff=staff)


# ------------------------------------------------------------------------------
# Consents ticked with an action
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConsentsAsked:
    """What a consents link offers to confirm: the action, and each box ticked."""

    action: Action
    # (organisation, the exact sentence shown beside its box), in the organisations' order.
    consents: list[tuple[Organisation, str]]


def participation_consents_asked(*, participation: Model) -> ConsentsAsked:
    """Return the action a participation belongs to and the consents its person ticked."""
    # An RSVP belongs to an event, and the event to the action; the others to the action.
    holder = participation.event if hasattr(participation, "event_id") else participation
    action_id = holder.action_id
    action = Action.objects.select_related("campaign").get(pk=action_id)
    texts = {int(k): v for k, v in (participation.consent_texts or {}).items()}
    organisations = Organisation.objects.filter(pk__in=texts).order_by("name")
    return ConsentsAsked(action, [(org, texts[org.pk]) for org in organisations])
