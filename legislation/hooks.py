"""Where apps downstream of legislation plug into its pages without being imported by it.

Campaigns are built on bills, so `campaigns` imports `legislation`, never the reverse. A
bill page still lists the campaigns about it: the campaigns app registers a provider
here (in its AppConfig.ready) that returns them for a bill.
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
