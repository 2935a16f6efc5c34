"""A bill's status and progress steps, derived from its actions in one place.

Congress follows GovTrack's vocabulary (introduced, referred, reported, passed one
chamber, passed both, enacted by signature, without it or over a veto, vetoed, failed).
States use a shorter one (introduced, passed the first and second chambers, became law
or vetoed). A proposed constitutional amendment never goes to the President: once both
chambers pass it, it goes to the states, and three quarters of them (38) must ratify.

The functions here are pure: they take plain values, so they are tested without a
database and reused by the admin's preview.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from legislation.models import ENACTED_STATUSES, Bill, Chamber

Status = Bill.Status

RATIFICATIONS_NEEDED = 38


@dataclass(frozen=True)
class ActionFacts:
    """What the derivation needs of one action."""

    date: dt.date
    chamber: str
    classification: Sequence[str]


@dataclass(frozen=True)
class EnactedVia:
    """Another bill through which this one's substance became law."""

    identifier: str
    enacted_on: dt.date | None


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current", "upcoming" or "stopped"
    date: dt.date | None = None


@dataclass
class Derived:
    status: str
    status_date: dt.date | None
    steps: list[Step] = field(default_factory=list)
    ratifications: int = 0


@dataclass
class _Facts:
    introduced: dt.date | None = None
    referred: dt.date | None = None
    reported: dt.date | None = None
    passed: dict[str, dt.date] = field(default_factory=dict)
    failed: dt.date | None = None
    signed: dt.date | None = None
    became_law: dt.date | None = None
    vetoed: dt.date | None = None
    overridden: dict[str, dt.date] = field(default_factory=dict)
    ratified_by: int = 0
    ratified_on: dt.date | None = None


def _facts(actions: Iterable[ActionFacts]) -> _Facts:
    facts = _Facts()
    for action in sorted(actions, key=lambda a: a.date):
        kinds = set(action.classification)
        if "introduction" in kinds or "filing" in kinds:
            facts.introduced = facts.introduced or action.date
        if "referral-committee" in kinds:
            facts.referred = facts.referred or action.date
        if kinds & {"committee-passage", "committee-passage-favorable"}:
            facts.reported = facts.reported or action.date
        if "passage" in kinds and action.chamber in (Chamber.UPPER, Chamber.LOWER):
            facts.passed.setdefault(action.chamber, action.date)
            # A failed vote followed by passage (a suspension vote lost, then the bill
            # passed under a rule) did not kill the bill.
            facts.failed = None
        if "passage" in kinds and action.chamber == Chamber.LEGISLATURE:
            # A unicameral legislature (Nebraska): one passage is the whole way through.
            facts.passed.setdefault(Chamber.UPPER, action.date)
            facts.passed.setdefault(Chamber.LOWER, action.date)
        if "failure" in kinds:
            facts.failed = action.date
        if "executive-signature" in kinds:
            facts.signed = facts.signed or action.date
        if "became-law" in kinds:
            facts.became_law = facts.became_law or action.date
        if "executive-veto" in kinds:
            facts.vetoed = facts.vetoed or action.date
        if "veto-override-passage" in kinds and action.chamber in (Chamber.UPPER, Chamber.LOWER):
            facts.overridden.setdefault(action.chamber, action.date)
        if "ratification" in kinds:
            facts.ratified_by += 1
            if facts.ratified_by == RATIFICATIONS_NEEDED:
                facts.ratified_on = action.date
    return facts


def _other(chamber: str) -> str:
    return Chamber.LOWER if chamber == Chamber.UPPER else Chamber.UPPER


def _passed_label(chamber: str, *, federal: bool, first: bool) -> str:
    if federal:
        return _("Passed the Senate") if chamber == Chamber.UPPER else _("Passed the House")
    return _("Passed the first chamber") if first else _("Passed the second chamber")


def _status(facts: _Facts, *, classification: str, federal: bool) -> tuple[str, dt.date | None]:
    both = len(facts.passed) == 2
    if classification == Bill.Classification.CONSTITUTIONAL_AMENDMENT:
        if facts.ratified_on:
            return Status.RATIFIED, facts.ratified_on
        if both:
            return Status.SENT_TO_STATES, max(facts.passed.values())
    elif classification == Bill.Classification.RESOLUTION:
        if facts.passed:
            return Status.AGREED, min(facts.passed.values())
    elif classification == Bill.Classification.CONCURRENT_RESOLUTION:
        if both:
            return Status.AGREED, max(facts.passed.values())
    else:
        if facts.signed:
            return Status.ENACTED_SIGNED, facts.signed
        if facts.vetoed and len(facts.overridden) == 2:
            return Status.ENACTED_VETO_OVERRIDE, max(facts.overridden.values())
        if facts.became_law:
            return Status.ENACTED_UNSIGNED, facts.became_law
        if facts.vetoed:
            return Status.VETOED, facts.vetoed
    if facts.failed:
        return Status.FAILED, facts.failed
    if both:
        return Status.PASSED_BOTH, max(facts.passed.values())
    if facts.passed:
        chamber, when = next(iter(facts.passed.items()))
        if not federal:
            return Status.PASSED_FIRST, when
        return (Status.PASSED_SENATE if chamber == Chamber.UPPER else Status.PASSED_HOUSE), when
    # States' committee steps are too unevenly recorded to track; Congress's are not.
    if federal and facts.reported:
        return Status.REPORTED, facts.reported
    if federal and facts.referred:
        return Status.REFERRED, facts.referred
    return Status.INTRODUCED, facts.introduced


def _final_step(
    status: str, status_date: dt.date | None, facts: _Facts, *, classification: str
) -> Step:
    if classification == Bill.Classification.CONSTITUTIONAL_AMENDMENT:
        label = ngettext(
            "Ratified by %(count)d of the %(needed)d states needed",
            "Ratified by %(count)d of the %(needed)d states needed",
            facts.ratified_by,
        ) % {"count": facts.ratified_by, "needed": RATIFICATIONS_NEEDED}
        state = "done" if status == Status.RATIFIED else "upcoming"
        return Step(label, state, facts.ratified_on)
    if classification in (
        Bill.Classification.RESOLUTION,
        Bill.Classification.CONCURRENT_RESOLUTION,
    ):
        return Step(_("Agreed to"), "done" if status == Status.AGREED else "upcoming", status_date)
    if status == Status.VETOED:
        return Step(_("Vetoed"), "stopped", status_date)
    if status in ENACTED_STATUSES:
        return Step(Status(status).label, "done", status_date)
    return Step(_("Signed into law"), "upcoming")


def derive(
    *,
    actions: Iterable[ActionFacts],
    classification: str,
    federal: bool,
    origin: str,
    enacted_via: EnactedVia | None = None,
) -> Derived:
    """Return the status a bill's actions give it, and the steps to show with their dates."""
    facts = _facts(actions)
    status, status_date = _status(facts, classification=classification, federal=federal)
    if (
        enacted_via is not None
        and enacted_via.enacted_on is not None
        and status not in ENACTED_STATUSES
    ):
        status, status_date = Status.ENACTED_VIA, enacted_via.enacted_on

    origin = origin if origin in (Chamber.UPPER, Chamber.LOWER) else Chamber.UPPER
    steps = [Step(_("Introduced"), "done", facts.introduced)]
    if federal:
        steps.append(
            Step(
                _("Reported by committee"), "done" if facts.reported else "upcoming", facts.reported
            )
        )
    chambers = (
        [origin] if classification == Bill.Classification.RESOLUTION else [origin, _other(origin)]
    )
    for index, chamber in enumerate(chambers):
        when = facts.passed.get(chamber)
        label = _passed_label(chamber, federal=federal, first=index == 0)
        steps.append(Step(label, "done" if when else "upcoming", when))
    if classification == Bill.Classification.CONSTITUTIONAL_AMENDMENT:
        sent = status in (Status.SENT_TO_STATES, Status.RATIFIED)
        steps.append(
            Step(
                _("Sent to the states"),
                "done" if sent else "upcoming",
                max(facts.passed.values()) if sent else None,
            )
        )
    if status == Status.ENACTED_VIA:
        steps.append(
            Step(
                _("Became law through %(bill)s") % {"bill": enacted_via.identifier},
                "done",
                status_date,
            )
        )
    else:
        steps.append(_final_step(status, status_date, facts, classification=classification))
    if status == Status.FAILED:
        steps = [s if s.state == "done" else Step(s.label, "upcoming") for s in steps]
        steps.append(Step(_("Failed"), "stopped", status_date))
    _mark_current(steps)
    return Derived(status, status_date, steps, ratifications=facts.ratified_by)


def _mark_current(steps: list[Step]) -> None:
    """The first step not yet reached after the last one done is where the bill stands."""
    last_done = max((i for i, s in enumerate(steps) if s.state in ("done", "stopped")), default=-1)
    for i in range(last_done + 1, len(steps)):
        if steps[i].state == "upcoming":
            steps[i] = Step(steps[i].label, "current", steps[i].date)
            break
    # A step skipped on the way (a bill passed without a committee report) is not "next".
    for i in range(last_done):
        if steps[i].state == "upcoming":
            steps[i] = Step(steps[i].label, "skipped", None)
