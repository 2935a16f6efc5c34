"""Demo rows for the calls actions, in the project's own words (called by campaigns.demo)."""

from collections.abc import Callable

from django.http import Http404

from campaigns.demo import DEMO_SOURCE, demo_email
from campaigns.exceptions import NoOfficialsFound
from campaigns.models import Action, CallAction, Campaign, Outreach, Person
from campaigns.targeting import action_targets
from core.services import row_upsert
from legislation import selectors as legislation_selectors

ABOLITION_CALL = {
    "slug": "call-congress-abolition-amendment",
    "title": "Call Congress: pass the Abolition Amendment",
    "ask": """\
The 13th Amendment still permits slavery and involuntary servitude "as a punishment
for crime". The Abolition Amendment would take that exception out of the Constitution.

An amendment does not go to the President. It needs two-thirds of the House and
two-thirds of the Senate, and then ratification by three-quarters of the states (38).
Congress is the first step: call your two senators and your representative and ask
them to co-sponsor it and vote for it.
""",
    "script": """\
Hello, my name is {advocate_first_name} and I am a constituent from ZIP code {advocate_zip}.

I am calling to ask {official_salutation} {official_last_name} to co-sponsor and vote for \
the Abolition Amendment. The 13th Amendment still allows forced labor as punishment for \
a crime, and the Abolition Amendment would end that exception.

Could you tell me where {official_salutation} {official_last_name} stands on it?

Thank you for your time and for passing my message on.""",
    "target_levels": ["us_senate", "us_house"],
    "bill": ("us", "118", "H.J.Res. 72"),
}
# A demo caller's ZIP code, and (outcome, stance) per target found for it, in order.
DEMO_ZIP = "98101"
DEMO_REPORTS = [
    [("reached", "supports"), ("voicemail", "unknown"), ("busy", "unknown")],
    [("reached", "supports"), ("reached", "undecided"), ("voicemail", "unknown")],
    [("voicemail", "unknown"), ("reached", "undecided"), ("reached", "supports")],
]


def seed(*, log: Callable[[str], None]) -> None:
    """Load this area's demo rows; running it again changes nothing."""
    campaign = Campaign.objects.filter(slug="amend-the-13th").first()
    if campaign is None:
        return
    entry = ABOLITION_CALL
    action, written = row_upsert(
        model=CallAction,
        lookup={"slug": entry["slug"]},
        values={
            "campaign": campaign,
            "title": entry["title"],
            "ask": entry["ask"],
            "script": entry["script"],
            "target_levels": entry["target_levels"],
            "bill_id": _bill_id(entry["bill"]),
            "position": "support",
        },
    )
    if written:
        log(f"Call action: {action.title}")
    _demo_reports(action)


def _bill_id(key: tuple[str, str, str]) -> int | None:
    jurisdiction, session, identifier = key
    try:
        return legislation_selectors.bill_get(
            jurisdiction=jurisdiction, session=session, identifier=identifier
        ).pk
    except Http404:
        return None


def _demo_reports(action: CallAction) -> None:
    """Add a few made-up call reports (source "demo") so the whip count shows something."""
    try:
        targets = action_targets(action=action, zip_code=DEMO_ZIP).targets
    except NoOfficialsFound:
        return  # no officials imported: nothing to report calls to
    people = {p.email: p for p in Person.objects.filter(email__startswith="demo-")}
    for index, reports in enumerate(DEMO_REPORTS):
        person = people.get(demo_email(index))
        if person is None:
            continue
        for target, (outcome, stance) in zip(targets, reports, strict=False):
            Outreach.objects.get_or_create(
                action=action,
                person=person,
                target=target.target,
                defaults={
                    "channel": Outreach.Channel.PHONE,
                    "status": Outreach.Status.DONE,
                    "outcome": outcome,
                    "stance": stance,
                    "source": DEMO_SOURCE,
                },
            )
    callers = Outreach.objects.filter(action=action).values("person_id").distinct().count()
    Action.objects.filter(pk=action.pk).update(participants=callers)
