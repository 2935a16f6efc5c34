"""Demo rows for the letters actions, in the project's own words (called by campaigns.demo)."""

from collections.abc import Callable

from django.http import Http404

from campaigns.demo import SESTA, _targets
from campaigns.models import Campaign, LetterAction
from core.services import row_upsert
from legislation import selectors as legislation_selectors

LETTERS = [
    {
        # Polaris's supporters wrote to their senators in 2017. The campaign is won (the
        # text became law inside FOSTA), so the letter stays on record, closed.
        "campaign": "move-sesta-forward",
        "slug": "email-your-senators-sesta",
        "title": "Email your senators: pass SESTA",
        "ask": """\
Polaris gave its supporters a letter to send their two senators, asking them to vote
for the Stop Enabling Sex Traffickers Act (S. 1693). The bill would have let victims
and state prosecutors act against websites that knowingly helped sex trafficking.
""",
        "subjects": (
            "Please vote for SESTA, {bill_identifier}\n"
            "A constituent asks you to support {bill_identifier}\n"
            "Support the Stop Enabling Sex Traffickers Act"
        ),
        "body": """\
Dear {official_salutation} {official_last_name},

I live in {advocate_city} and I am writing to ask you to vote for {bill_identifier}, \
the {bill_title}.

Websites that knowingly carry advertisements for trafficked people, children among \
them, should not be able to hide behind Section 230. The bill keeps that shield for \
everyone else while letting survivors and state prosecutors hold those sites to account.

Please support {bill_identifier} and help it reach a vote.

Thank you.""",
        "target_levels": ["us_senate"],
        "bill": SESTA,
        "position": "support",
        "personal_min_length": 0,
        "targets": [],
    },
    {
        "campaign": "ncose-white-house",
        "slug": "ncose-letter-white-house",
        "title": "Write to the President and the Vice President",
        "ask": """\
Ask the President and the Vice President to take a public stand against sexual
exploitation and to make ending it a priority of their administration. The White
House takes no email from us: we prepare your letter and open its contact form for you.
""",
        "subjects": (
            "Please take a stand against sexual exploitation\n"
            "Make ending sexual exploitation a priority\n"
            "A letter from {advocate_city} about sexual exploitation"
        ),
        "body": """\
Dear {official_salutation} {official_last_name},

I am writing from {advocate_city}, {advocate_state}, to ask you to take a public stand \
against sexual exploitation, and to make ending it a priority of your administration.

Thank you for your attention.""",
        "target_levels": ["executive"],
        "bill": None,
        "position": "",
        "personal_min_length": 20,
        "targets": [],
    },
    {
        "campaign": "ncose-corporate-policies",
        "slug": "ncose-letter-companies",
        "title": "Write to Google, Amazon and Comcast",
        "ask": """\
Ask Google, Amazon and Comcast to review the policies that let sexual exploitation and
harassment spread through their products and services, and to change them.
""",
        "subjects": (
            "Please review the policies that enable sexual exploitation\n"
            "A customer asks you to change your policies"
        ),
        "body": """\
To {target_name},

I am writing as a customer from {advocate_city}. Please review the policies that let \
sexual exploitation and harassment spread through your products and services, and \
change them.

Thank you.""",
        "target_levels": [],
        "bill": None,
        "position": "",
        "personal_min_length": 0,
        "targets": ["Google", "Amazon", "Comcast"],
    },
]


def seed(*, log: Callable[[str], None]) -> None:
    """Load this area's demo rows; running it again changes nothing."""
    for entry in LETTERS:
        campaign = Campaign.objects.filter(slug=entry["campaign"]).first()
        if campaign is None:
            continue
        action, written = row_upsert(
            model=LetterAction,
            lookup={"slug": entry["slug"]},
            values={
                "campaign": campaign,
                "title": entry["title"],
                "ask": entry["ask"],
                "subjects": entry["subjects"],
                "body": entry["body"],
                "target_levels": entry["target_levels"],
                "bill_id": _bill_id(entry["bill"]),
                "position": entry["position"],
                "personal_min_length": entry["personal_min_length"],
                "closed_at": campaign.ended_at,
            },
        )
        if written:
            log(f"Letter action: {action.title}")
        if entry["targets"]:
            action.targets.set(_targets(entry["targets"]))


def _bill_id(key: tuple[str, str, str] | None) -> int | None:
    if key is None:
        return None
    jurisdiction, session, identifier = key
    try:
        return legislation_selectors.bill_get(
            jurisdiction=jurisdiction, session=session, identifier=identifier
        ).pk
    except Http404:
        return None
