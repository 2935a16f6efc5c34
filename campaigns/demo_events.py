"""Demo rows for events and postcard drives, in the project's own words (called by campaigns.demo).

IJM's Freedom Commons asks supporters to gather postcards for Congress and to gather
people; the events here are made-up examples, marked as such, not real gatherings.
"""

from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.db.models import Sum
from django.utils import timezone

from campaigns.demo import DEMO_GIVEN_NAMES, demo_email
from campaigns.events import event_time_zone
from campaigns.exceptions import NoOfficialsFound
from campaigns.models import (
    RSVP,
    Action,
    Campaign,
    Event,
    EventAction,
    Person,
    PostcardAction,
    PostcardPledge,
    TargetLevel,
)
from campaigns.targeting import action_targets
from core.services import row_upsert

CAMPAIGN = "100-postcards-to-congress"
DEMO_SOURCE = "demo"

POSTCARDS = {
    "slug": "100-postcards-to-congress",
    "title": "Send a handwritten postcard to your members of Congress",
    "ask": """\
A handwritten card is hard to ignore. Pledge how many postcards you will write, print
the page we send you with your senators' and representative's office addresses, copy
the suggested words in your own hand, and mail them. Then tell us how many went: every
card counts towards the drive's goal.
""",
    "message": """\
Dear {official_salutation} {official_last_name},

I live in your constituency and I care about ending human trafficking and forced
labor. Please make it a priority this year, and support laws that protect survivors
and keep goods made with forced labor out of our stores.

Thank you,
{advocate_full_name}, {advocate_zip}""",
    "goal": 100,
}

EVENTS_ACTION = {
    "slug": "host-a-gathering-for-freedom",
    "title": "Host a vigil, rally or letter-writing evening",
    "ask": """\
Bring people together where you live: a vigil, a small rally, or an evening of writing
postcards and letters to Congress. Propose your event below; once the organisers have
reviewed it, it is listed here and on the map, and people can say they will come.
""",
    "host_guidance": """\
- Pick a public or welcoming place, and a time that suits people who work.
- Say plainly what will happen and for how long.
- Keep it peaceful and respectful, towards officials too.
- Bring blank postcards and the addresses of your members of Congress.
""",
}

# Made-up example events (days from today, local start hour, hours long, state).
DEMO_EVENTS = [
    {
        "slug": "example-postcard-evening-seattle",
        "title": "Example: postcard-writing evening in Seattle",
        "venue": "Example community hall",
        "city": "Seattle",
        "state": "WA",
        "postal_code": "98101",
        "days": 12,
        "hour": 18,
        "hours": 2,
        "host": 0,
        "status": Event.Status.APPROVED,
        "rsvps": [3, 6, 9],
    },
    {
        "slug": "example-candlelight-vigil-new-york",
        "title": "Example: candlelight vigil in New York",
        "venue": "Example park",
        "city": "New York",
        "state": "NY",
        "postal_code": "10001",
        "days": 19,
        "hour": 19,
        "hours": 1,
        "host": 1,
        "status": Event.Status.APPROVED,
        "rsvps": [4, 7],
    },
    {
        "slug": "example-rally-chicago",
        "title": "Example: rally for survivors in Chicago",
        "venue": "Example plaza",
        "city": "Chicago",
        "state": "IL",
        "postal_code": "60601",
        "days": 26,
        "hour": 12,
        "hours": 2,
        "host": 2,
        "status": Event.Status.APPROVED,
        "rsvps": [],
    },
    {
        "slug": "example-letter-writing-denver",
        "title": "Example: letter-writing afternoon in Denver",
        "venue": "Example library meeting room",
        "city": "Denver",
        "state": "CO",
        "postal_code": "80202",
        "days": 33,
        "hour": 14,
        "hours": 2,
        "host": 5,
        "status": Event.Status.PROPOSED,
        "rsvps": [],
    },
]
DEMO_DESCRIPTION = (
    "This is an example event in the demo data: it shows what a listed event looks "
    "like, and is not taking place."
)

# Demo pledges: (person index, postcards pledged, postcards mailed).
DEMO_PLEDGES = [(0, 10, 10), (3, 5, 5), (6, 20, 0)]


def seed(*, log: Callable[[str], None]) -> None:
    """Load this area's demo rows; running it again changes nothing."""
    campaign = Campaign.objects.filter(slug=CAMPAIGN).first()
    if campaign is None:
        return
    emails = [demo_email(index) for index in range(len(DEMO_GIVEN_NAMES))]
    by_email = {person.email: person for person in Person.objects.filter(email__in=emails)}
    people = [by_email[email] for email in emails if email in by_email]
    _postcards_seed(campaign, people, log)
    _events_seed(campaign, people, log)


def _postcards_seed(campaign: Campaign, people: list[Person], log: Callable[[str], None]) -> None:
    action, written = row_upsert(
        model=PostcardAction,
        lookup={"slug": POSTCARDS["slug"]},
        values={
            "campaign": campaign,
            "title": POSTCARDS["title"],
            "ask": POSTCARDS["ask"],
            "message": POSTCARDS["message"],
            "goal": POSTCARDS["goal"],
            "target_levels": [TargetLevel.US_SENATE.value, TargetLevel.US_HOUSE.value],
        },
    )
    if written:
        log(f"Postcard drive: {action.title}")
    for index, count, mailed in DEMO_PLEDGES:
        if index >= len(people) or action.pledges.filter(person=people[index]).exists():
            continue
        person = people[index]
        pledge = PostcardPledge.objects.create(
            action=action,
            person=person,
            count=count,
            mailed_count=mailed,
            mailed_at=timezone.now() if mailed else None,
            source=DEMO_SOURCE,
        )
        try:
            lookup = action_targets(action=action, zip_code=person.postal_code)
        except NoOfficialsFound:
            continue  # no officials imported: the pledge is addressed to nobody yet
        pledge.targets.set([t.target for t in lookup.targets])
    _counts_set(action)


def _events_seed(campaign: Campaign, people: list[Person], log: Callable[[str], None]) -> None:
    action, written = row_upsert(
        model=EventAction,
        lookup={"slug": EVENTS_ACTION["slug"]},
        values={
            "campaign": campaign,
            "title": EVENTS_ACTION["title"],
            "ask": EVENTS_ACTION["ask"],
            "host_guidance": EVENTS_ACTION["host_guidance"],
        },
    )
    if written:
        log(f"Event action: {action.title}")
    today = timezone.localdate()
    for entry in DEMO_EVENTS:
        if entry["host"] >= len(people):
            continue
        event = Event.objects.filter(slug=entry["slug"]).first()
        # Examples stay upcoming: one that has passed moves ahead again.
        if event is not None and event.starts_at > timezone.now():
            continue
        zone = event_time_zone(entry["state"])
        starts_at = datetime.combine(
            today + timedelta(days=entry["days"]), time(entry["hour"]), tzinfo=zone
        )
        values = {
            "action": action,
            "person": people[entry["host"]],
            "title": entry["title"],
            "description": DEMO_DESCRIPTION,
            "starts_at": starts_at,
            "ends_at": starts_at + timedelta(hours=entry["hours"]),
            "venue": entry["venue"],
            "city": entry["city"],
            "state": entry["state"],
            "postal_code": entry["postal_code"],
            "status": entry["status"],
            "source": DEMO_SOURCE,
        }
        event, _written = row_upsert(model=Event, lookup={"slug": entry["slug"]}, values=values)
        log(f"Example event: {event.title}")
        for index in entry["rsvps"]:
            if index < len(people):
                RSVP.objects.get_or_create(
                    event=event, person=people[index], defaults={"source": DEMO_SOURCE}
                )
        Event.objects.filter(pk=event.pk).update(rsvp_count=event.rsvps.count())
    _counts_set(action)


def _counts_set(action: Action) -> None:
    """Set the action's counters from its rows: demo and real alike."""
    if isinstance(action, PostcardAction):
        mailed = action.pledges.aggregate(n=Sum("mailed_count"))["n"] or 0
        PostcardAction.objects.filter(pk=action.pk).update(
            mailed_count=mailed, participants=action.pledges.count()
        )
        return
    people = RSVP.objects.filter(event__action=action).values("person").distinct().count()
    Action.objects.filter(pk=action.pk).update(participants=people)
