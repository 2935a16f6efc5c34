"""Where apps downstream of legislation plug into its pages without being imported by it.

Campaigns are built on bills, so `campaigns` imports `legislation`, never the reverse. A
bill page still lists the campaigns about it: the campaigns app registers a provider
here (in its AppConfig.ready) that returns them for a bill. In the same way it registers
the kinds of follow key alerts do not know themselves (organisations, issue pages).
"""

from collections.abc import Callable
from dataclasses import dataclass

from legislation.models import Bill


@dataclass(frozen=True)
class CampaignLink:
    """A campaign about a bill, as the bill page shows it."""

    title: str
    url: str
    organisation: str = ""
    action: str = ""  # "Sign the petition", "Write to your senators", ...


CampaignsProvider = Callable[[Bill], list[CampaignLink]]
_providers: list[CampaignsProvider] = []


def campaigns_provider_register(provider: CampaignsProvider) -> None:
    """Register a function that returns the campaigns about a bill (idempotent)."""
    if provider not in _providers:
        _providers.append(provider)


def campaigns_provider_unregister(provider: CampaignsProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def campaigns_for_bill(bill: Bill) -> list[CampaignLink]:
    """Return the campaigns every registered provider knows about this bill."""
    return [link for provider in _providers for link in provider(bill)]


# ------------------------------------------------------------------------------
# Follow kinds
# ------------------------------------------------------------------------------
# Alerts follow bills, subjects and jurisdictions on their own; a downstream app adds
# kinds of its own ("organisation", "issue") and records the events about them through
# `services.alert_event_record`, naming them in the event's targets.
BUILT_IN_FOLLOW_KINDS = frozenset({"bill", "subject", "jurisdiction"})


@dataclass(frozen=True)
class FollowKind:
    """A kind of follow key ("issue:prison-labor") that a downstream app resolves."""

    name: str
    # The heading of its options on the follow form's list.
    group: str
    # Slugs -> {slug: label} for those that exist; the only check a follow key gets.
    labels: Callable[[list[str]], dict[str, str]]
    # (slug, label) pairs the follow form offers.
    choices: Callable[[], list[tuple[str, str]]]
    # Whether a key of this kind names who made the news ("Polaris launched a campaign").
    author: bool = False


_follow_kinds: dict[str, FollowKind] = {}


def follow_kind_register(
    *,
    name: str,
    group: str,
    labels: Callable[[list[str]], dict[str, str]],
    choices: Callable[[], list[tuple[str, str]]],
    author: bool = False,
) -> None:
    """Register a kind of follow key; registering the same name again replaces it."""
    if name in BUILT_IN_FOLLOW_KINDS or not name.isidentifier():
        raise ValueError(f"cannot register the follow kind {name!r}")
    _follow_kinds[name] = FollowKind(name, group, labels, choices, author)


def follow_kind_unregister(name: str) -> None:
    _follow_kinds.pop(name, None)


def follow_kind(name: str) -> FollowKind | None:
    """Return the registered kind of this name, or None."""
    return _follow_kinds.get(name)


def follow_kinds() -> list[FollowKind]:
    """Return every registered kind, in the order they were first registered."""
    return list(_follow_kinds.values())
