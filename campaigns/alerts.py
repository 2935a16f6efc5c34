"""Action alerts: followers of an organisation or an issue page hear of its campaigns.

The machine is the bill alerts' (double opt-in, cursors, batches, one-click stop,
suppression), in legislation. This module adds what campaigns know: the two kinds of
follow key ("organisation:<slug>", "issue:<slug>"), and the news to record, a campaign's
launch or an urgent action, as an alert event naming the keys it concerns.

Who changes a campaign's status or saves an action calls the announcements after
commit, when the campaign's organisations and issue pages are saved too:

    transaction.on_commit(lambda: alerts.campaign_launch_announce(campaign_id=pk))

Both are idempotent: calling them on every save is safe, and nothing is announced twice.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Action, Campaign, IssuePage
from core.models import Organisation
from legislation import services as legislation_services

ORGANISATION = "organisation"
ISSUE = "issue"


def follow_kinds_register() -> None:
    """Let supporters follow organisations and issue pages (from AppConfig.ready)."""
    legislation_services.follow_kind_register(
        name=ORGANISATION,
        group=_("An organisation's new campaigns and urgent actions"),
        labels=_organisation_labels,
        choices=_organisation_choices,
        author=True,
    )
    legislation_services.follow_kind_register(
        name=ISSUE,
        group=_("New campaigns and urgent actions on an issue"),
        labels=_issue_labels,
        choices=_issue_choices,
    )


def _organisation_labels(slugs: list[str]) -> dict[str, str]:
    return dict(Organisation.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _organisation_choices() -> list[tuple[str, str]]:
    return list(Organisation.objects.order_by("name").values_list("slug", "name"))


def _issue_labels(slugs: list[str]) -> dict[str, str]:
    return dict(IssuePage.objects.filter(slug__in=slugs).values_list("slug", "title"))


def _issue_choices() -> list[tuple[str, str]]:
    return list(IssuePage.objects.order_by("title").values_list("slug", "title"))


def follow_key(*, kind: str, slug: str) -> str:
    """Return the follow key of an organisation or issue page ("issue:prison-labor")."""
    return f"{kind}:{slug}"


def _campaign_follow_keys(campaign: Campaign) -> list[str]:
    return [
        *(follow_key(kind=ORGANISATION, slug=o.slug) for o in campaign.organisations.all()),
        *(follow_key(kind=ISSUE, slug=i.slug) for i in campaign.issues.all()),
    ]


def campaign_launch_announce(*, campaign_id: int) -> bool:
    """Tell followers of a live campaign's organisations and issues that it launched, once.

    Returns whether this call recorded the news; a draft, won or closed campaign, or one
    announced before, records nothing.
    """
    campaign = (
        Campaign.objects.prefetch_related("organisations", "issues").filter(pk=campaign_id).first()
    )
    if campaign is None or campaign.status != Campaign.Status.LIVE:
        return False
    targets = _campaign_follow_keys(campaign)
    if not targets:
        return False
    launched = campaign.launched_at or timezone.now()
    return legislation_services.alert_event_record(
        key=f"campaign:{campaign.pk}:launched",
        kind="launched",
        title=campaign.title,
        description=campaign.summary,
        url=campaign.get_absolute_url(),
        targets=targets,
        happened_on=timezone.localdate(launched),
    )


def action_urgent_announce(*, action_id: int) -> bool:
    """Tell followers of its campaign's organisations and issues of an urgent action, once.

    Only an action marked urgent that people can take now (its campaign live, the action
    neither ended nor closed) is announced. Returns whether this call recorded the news.
    """
    action = (
        Action.objects.select_related("campaign")
        .prefetch_related("campaign__organisations", "campaign__issues")
        .filter(pk=action_id)
        .first()
    )
    if action is None or not action.urgent or not action.is_open():
        return False
    targets = _campaign_follow_keys(action.campaign)
    if not targets:
        return False
    return legislation_services.alert_event_record(
        key=f"action:{action.pk}:urgent",
        kind="urgent",
        title=action.title,
        description=action.campaign.summary,
        url=action.get_absolute_url(),
        targets=targets,
        happened_on=timezone.localdate(),
    )
