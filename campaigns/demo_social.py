"""Demo rows for the social actions, in the project's own words (called by campaigns.demo)."""

from collections.abc import Callable

from django.http import Http404

from campaigns.models import Campaign, Position, SocialAction, Target, TargetLevel
from core.services import row_upsert
from legislation import selectors as legislation_selectors
from representatives import selectors as representatives_selectors

# The members of Congress who introduced the Abolition Amendment: Sen. Jeff Merkley
# (S.J.Res. 21, 117th Congress) and Rep. Nikema Williams (H.J.Res. 53 and H.J.Res. 72).
SPONSORS = ["M001176", "W000788"]
BILL = ("us", "118", "H.J.Res. 72")
NETWORKS = ["x", "bluesky", "mastodon", "facebook"]

ACTIONS = [
    {
        "slug": "thank-abolition-amendment-sponsors",
        "title": "Thank the Abolition Amendment's sponsors",
        "intent": SocialAction.Intent.THANK,
        "ask": (
            "Senator Jeff Merkley and Representative Nikema Williams introduced the "
            "Abolition Amendment, which would strike the exception that still lets the "
            "Constitution allow slavery as punishment for a crime. Lawmakers notice who "
            "thanks them in public, and so do their colleagues: a short thank-you helps "
            "the amendment gain co-sponsors."
        ),
        "post_text": (
            "Thank you {handle} for introducing the Abolition Amendment. No one should "
            "be forced to work as punishment for a crime: it is time to end the 13th "
            "Amendment's exception."
        ),
        "sponsors": True,
        "levels": [],
    },
    {
        "slug": "ask-congress-to-cosponsor-abolition",
        "title": "Ask your members of Congress to co-sponsor the Abolition Amendment",
        "intent": SocialAction.Intent.CALL_OUT,
        "ask": (
            "Enter your ZIP code to find your senators and your representative, then ask "
            "them in public to add their names to the Abolition Amendment. A post from a "
            "constituent, addressed to their own account, is read by their staff."
        ),
        "post_text": (
            "{handle}, as your constituent I ask you to co-sponsor the Abolition "
            "Amendment and end the exception in the 13th Amendment that still allows "
            "slavery as punishment for a crime."
        ),
        "sponsors": False,
        "levels": [TargetLevel.US_SENATE.value, TargetLevel.US_HOUSE.value],
    },
]


def seed(*, log: Callable[[str], None]) -> None:
    """Load this area's demo rows; running it again changes nothing."""
    campaign = Campaign.objects.filter(slug="amend-the-13th").first()
    if campaign is None:
        return
    try:
        bill = legislation_selectors.bill_get(
            jurisdiction=BILL[0], session=BILL[1], identifier=BILL[2]
        )
    except Http404:
        bill = None
    for entry in ACTIONS:
        action, written = row_upsert(
            model=SocialAction,
            lookup={"slug": entry["slug"]},
            values={
                "campaign": campaign,
                "kind": SocialAction.Kind.SOCIAL,
                "title": entry["title"],
                "ask": entry["ask"],
                "intent": entry["intent"],
                "post_text": entry["post_text"],
                "networks": NETWORKS,
                "target_levels": entry["levels"],
                "bill": bill,
                "position": Position.SUPPORT,
            },
        )
        if written:
            log(f"Social action: {action.title}")
        if entry["sponsors"]:
            action.targets.set(_sponsor_targets())


def _sponsor_targets() -> list[Target]:
    """The sponsors' targets, for those the officials data has (none without it)."""
    targets = []
    for bioguide_id in SPONSORS:
        official_id = representatives_selectors.official_pk_for_bioguide(bioguide_id=bioguide_id)
        if official_id is None:
            continue
        target, _written = row_upsert(model=Target, lookup={"official_id": official_id}, values={})
        targets.append(target)
    return targets
