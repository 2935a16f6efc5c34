"""Reads for campaign pages: lists, details, counts and the public signer list.

Every list page runs a fixed number of queries whatever the number of campaigns or
signatures: relations are fetched with select_related/prefetch_related, and counts come
from counter columns, never from COUNT over signatures.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
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
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from campaigns.models import Action, Campaign, IssuePage, Petition, Resource, Signature, Target
from core import selectors as core_selectors
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


def petition_page_cache(*, petition: Petition, path: str, language: str) -> tuple[str, int]:
    """The cache key and lifetime of a petition page as an anonymous visitor sees it.

    The key holds the exact count and when the petition (moderation touches it) and its
    campaign last changed, so a cached page never shows an old count or a hidden
    comment. Sponsors and targets edited elsewhere show within the lifetime.
    """
    campaign = petition.campaign
    key = ":".join(
        str(part)
        for part in (
            "petition-page", 1, language, path, petition.pk, petition.confirmed_count,
            petition.updated_at.timestamp(), campaign.updated_at.timestamp(),
        )
    )  # fmt: skip
    timeout = PAGE_CACHE_SECONDS
    if petition.ends_at:
        # The form must disappear the moment the petition ends.
        until_end = int((petition.ends_at - timezone.now()).total_seconds())
        timeout = max(1, min(timeout, until_end))
    return key, timeout


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
        Signature.objects.filter(petition=petition, confirmed_at__isnull=False)
        .select_related("person")
        .order_by("confirmed_at", "pk")
    )


# ------------------------------------------------------------------------------
# Browsing: campaigns, issue pages, organisations (the pages in views/pages.py)
# ------------------------------------------------------------------------------
PUBLIC_STATUSES = (Campaign.Status.LIVE, Campaign.Status.WON, Campaign.Status.CLOSED)
HOME_CAMPAIGNS = 6


def _for_cards(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """What a campaign card shows (sponsors, and each petition's count and goal)."""
    return campaigns.prefetch_related(
        "organisations",
        Prefetch("actions", queryset=Petition.objects.order_by("pk"), to_attr="petitions"),
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


def campaign_page_cache(*, slug: str, path: str, language: str) -> tuple[str, int]:
    """The cache key and lifetime of a public campaign page, or raise Http404.

    Two small queries: the campaign, and its actions' counts and change times. The key
    holds every count, so the page never shows an old one; what the page shows of other
    rows (sponsors, bills' status) shows within the lifetime.
    """
    state = Campaign.objects.filter(slug=slug, status__in=PUBLIC_STATUSES).values_list(
        "pk", "updated_at"
    )
    campaign = state.order_by().first()
    if campaign is None:
        raise Http404("No such campaign.")
    actions = list(
        Action.objects.filter(campaign_id=campaign[0])
        .order_by("pk")
        .values_list("pk", "updated_at", "ends_at", "petition__confirmed_count")
    )
    parts = [f"{pk}.{updated.timestamp()}.{count}" for pk, updated, _end, count in actions]
    key = ":".join(
        [
            "campaign-page",
            "1",
            language,
            path,
            str(campaign[0]),
            str(campaign[1].timestamp()),
            *parts,
        ]
    )
    timeout = PAGE_CACHE_SECONDS
    now = timezone.now()
    for _pk, _updated, ends_at, _count in actions:
        if ends_at and ends_at > now:
            timeout = max(1, min(timeout, int((ends_at - now).total_seconds())))
    return key, timeout


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
    """Return the public campaigns about a bill, as the bill page lists them."""
    now = timezone.now()
    sponsors = Campaign.organisations.through.objects.filter(campaign=OuterRef("pk"))
    open_petitions = Petition.objects.filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        campaign=OuterRef("pk"),
        campaign__status=Campaign.Status.LIVE,
        closed_at__isnull=True,
    )
    campaigns = (
        campaign_public()
        .filter(bills=bill)
        .annotate(
            lead_sponsor=Subquery(sponsors.order_by("pk").values("organisation__name")[:1]),
            can_sign=Exists(open_petitions),
        )
    )
    return [
        CampaignLink(
            title=campaign.title,
            url=campaign.get_absolute_url(),
            organisation=campaign.lead_sponsor or "",
            action=_("Sign the petition") if campaign.can_sign else "",
        )
        for campaign in campaigns
    ]
