"""Call actions: the script per target, the "how did it go" report, and the whip count.

A call itself happens on the advocate's phone; what the hub keeps is one phone outreach
per (action, person, target) saying whether someone answered and what stance the office
gave, so organisers can see where each office stands.
"""

import csv
import re
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns import services as campaigns_services
from campaigns.exceptions import ActionClosed, NoOfficialsFound
from campaigns.models import Action, CallAction, Outreach, Person, Target
from campaigns.placeholders import PLACEHOLDERS, Advocate, placeholder_values, placeholders_fill
from campaigns.targeting import ResolvedTarget, action_targets
from core import services as core_services
from core.models import Organisation
from representatives import selectors as representatives_selectors

_NOT_DIGITS = re.compile(r"\D")
# What the script shows where the advocate has not told us yet.
_ADVOCATE_HINTS = {
    "advocate_first_name": _("your first name"),
    "advocate_last_name": _("your last name"),
    "advocate_full_name": _("your name"),
    "advocate_city": _("your city"),
    "advocate_state": _("your state"),
    "advocate_zip": _("your ZIP code"),
}


# ------------------------------------------------------------------------------
# Reads
# ------------------------------------------------------------------------------
def call_action_get(*, slug: str, staff: bool = False) -> CallAction:
    """Return a public call action by slug (drafts only for staff), or raise Http404."""
    try:
        action = CallAction.objects.select_related("campaign", "bill").get(slug=slug)
    except CallAction.DoesNotExist:
        raise Http404 from None
    if not action.campaign.is_public and not staff:
        raise Http404
    return action


def call_organisations(*, action: CallAction) -> list[Organisation]:
    """The action's sponsors: one consent box each."""
    return list(action.campaign.organisations.all())


def tel_uri(number: str) -> str:
    """Return a tel: URI of digits only ("tel:+12022243121"), or "" if it is no number."""
    main = re.split(r"(?i)\s*(?:x|ext\.?|extension)\s*\d", number or "", maxsplit=1)[0]
    digits = _NOT_DIGITS.sub("", main)
    if len(digits) == 10:
        return f"tel:+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"tel:+{digits}"
    if 7 <= len(digits) <= 15 and main.strip().startswith("+"):
        return f"tel:+{digits}"
    return ""


@dataclass(frozen=True)
class Phone:
    label: str
    number: str
    uri: str


@dataclass(frozen=True)
class CallTarget:
    """One target on the call page: whom to call, at which numbers, and what to say."""

    target: ResolvedTarget
    script: str
    phones: list[Phone] = field(default_factory=list)


def call_script(*, action: CallAction, target: ResolvedTarget, advocate: Advocate) -> str:
    """Return the action's script for one target, the advocate's blanks as hints."""
    values = placeholder_values(target=target, advocate=advocate, action=action)
    for name, hint in _ADVOCATE_HINTS.items():
        if name in PLACEHOLDERS and not values.get(name):
            values[name] = f"[{hint!s}]"
    return placeholders_fill(action.script, values)


def call_targets(
    *, action: CallAction, targets: list[ResolvedTarget], advocate: Advocate
) -> list[CallTarget]:
    """Return each target with its filled script and the numbers a phone can dial."""
    return [
        CallTarget(
            target=target,
            script=call_script(action=action, target=target, advocate=advocate),
            phones=[
                Phone(label=label, number=number, uri=tel_uri(number))
                for label, number in target.phones
            ],
        )
        for target in targets
    ]


def call_advocate(*, given_name: str, zip_code: str, street: str) -> Advocate:
    """Return what the call page knows of the advocate: a first name and an address."""
    state = representatives_selectors.state_for_zip(zip_code=zip_code) if zip_code else ""
    return Advocate(given_name=given_name, street=street, state=state, zip_code=zip_code)


def call_target_for_report(
    *, action: CallAction, target_id: int, zip_code: str, street: str, district: str
) -> Target | None:
    """Return the target a report names if the caller's address lists it, else None."""
    try:
        lookup = action_targets(action=action, zip_code=zip_code, street=street, district=district)
    except NoOfficialsFound:
        return None
    for resolved in lookup.targets:
        if resolved.target.pk == target_id:
            return resolved.target
    return None


@dataclass(frozen=True)
class WhipRow:
    """How the calls to one target went, and what stance their office gave."""

    target_id: int
    name: str
    calls: int
    reached: int
    voicemail: int
    busy: int
    supports: int
    opposes: int
    undecided: int
    unknown: int


_WHIP_COUNTS = (
    "calls", "reached", "voicemail", "busy", "supports", "opposes", "undecided", "unknown",
)  # fmt: skip


@dataclass(frozen=True)
class WhipCount:
    rows: list[WhipRow]
    supports: int
    opposes: int
    undecided: int


def whip_count(*, action: Action) -> WhipCount:
    """Return per target the call outcomes and stances reported, most-called first.

    A target's tally counts each caller once; the office's stance is what callers heard,
    so a target counts toward "supports" when more callers heard support than opposition.
    """
    outcome, stance = Outreach.Outcome, Outreach.Stance
    rows = (
        Outreach.objects.filter(action=action, channel=Outreach.Channel.PHONE)
        .values("target_id", "target__name", "target__official__name")
        .annotate(
            calls=Count("pk"),
            reached=Count("pk", filter=Q(outcome=outcome.REACHED)),
            voicemail=Count("pk", filter=Q(outcome=outcome.VOICEMAIL)),
            busy=Count("pk", filter=Q(outcome=outcome.BUSY)),
            supports=Count("pk", filter=Q(stance=stance.SUPPORTS)),
            opposes=Count("pk", filter=Q(stance=stance.OPPOSES)),
            undecided=Count("pk", filter=Q(stance=stance.UNDECIDED)),
            unknown=Count("pk", filter=Q(stance=stance.UNKNOWN) | Q(stance="")),
        )
        .order_by("-calls", "target__official__name", "target__name")
    )
    whip = [
        WhipRow(
            target_id=row["target_id"],
            name=row["target__official__name"] or row["target__name"],
            **{key: row[key] for key in _WHIP_COUNTS},
        )
        for row in rows
    ]
    leaning = [_leaning(row) for row in whip]
    return WhipCount(
        rows=whip,
        supports=leaning.count(stance.SUPPORTS),
        opposes=leaning.count(stance.OPPOSES),
        undecided=leaning.count(stance.UNDECIDED),
    )


def _leaning(row: WhipRow) -> str:
    if row.supports > row.opposes:
        return Outreach.Stance.SUPPORTS
    if row.opposes > row.supports:
        return Outreach.Stance.OPPOSES
    if row.supports or row.undecided:
        return Outreach.Stance.UNDECIDED
    return ""


# ------------------------------------------------------------------------------
# Writes
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CallReport:
    """What a caller told us about one call; validated by the form."""

    email: str
    given_name: str
    family_name: str
    outcome: str
    stance: str = ""
    postal_code: str = ""
    # Organisation id -> the exact sentence shown beside the box the caller ticked.
    consent_texts: dict[int, str] | None = None
    source: str = ""
    referrer: str = ""
    landing_url: str = ""
    language: str = settings.LANGUAGE_CODE


@dataclass(frozen=True)
class CallRecordResult:
    outreach: Outreach
    # False when the caller had reported this target before and only the outcome changed.
    created: bool


def call_outcome_record(
    *, action: CallAction, target: Target, data: CallReport
) -> CallRecordResult:
    """Record how a call went as a phone outreach; a second report updates the first.

    The action's participants count moves once per person, on their first report.
    Raises ActionClosed when the action takes part no more.
    """
    if not action.is_open():
        raise ActionClosed(action.slug)
    email = core_services.single_line_check(data.email, field="email").strip().lower()
    now = timezone.now()
    with transaction.atomic():
        person, created = campaigns_services._person_get_or_create(email=email, data=data)
        if not created:
            campaigns_services._person_fill_blanks(person, data)
        # One caller's reports for several targets arrive together; the lock orders them
        # so the participants count moves exactly once.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        first_on_action = not Outreach.objects.filter(action=action, person=person).exists()
        outreach, new = Outreach.objects.update_or_create(
            action=action,
            person=person,
            target=target,
            defaults={
                "outcome": data.outcome,
                "stance": data.stance or Outreach.Stance.UNKNOWN,
                "status": Outreach.Status.DONE,
                "sent_at": now,
            },
            create_defaults={
                "channel": Outreach.Channel.PHONE,
                "outcome": data.outcome,
                "stance": data.stance or Outreach.Stance.UNKNOWN,
                "status": Outreach.Status.DONE,
                "sent_at": now,
                "consent_texts": {str(k): v for k, v in (data.consent_texts or {}).items()},
                "source": data.source[:100],
                "referrer": data.referrer[:500],
                "landing_url": data.landing_url[:500],
            },
        )
        if new and first_on_action:
            Action.objects.filter(pk=action.pk).update(participants=F("participants") + 1)
            if outreach.consent_texts:
                # A call mails nothing else, so the consents link needs its own email.
                from campaigns.tasks import outreach_consents_email_send

                outreach_id = outreach.pk
                transaction.on_commit(lambda: outreach_consents_email_send.delay(outreach_id))
    return CallRecordResult(outreach=outreach, created=new)


CSV_HEADER = [
    "outreach_id", "target", "email", "given_name", "family_name", "postal_code", "outcome",
    "stance", "status", "created_at", "updated_at", "source", "referrer", "consents",
]  # fmt: skip


def call_outreaches_csv_write(*, action: Action, out: IO[str]) -> int:
    """Write the action's phone outreaches as CSV rows; return how many."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    rows = (
        Outreach.objects.filter(action=action, channel=Outreach.Channel.PHONE)
        .select_related("person", "target__official")
        .order_by("pk")
    )
    count = 0
    for outreach in rows.iterator(chunk_size=2000):
        person = outreach.person
        writer.writerow(
            _csv_safe(value)
            for value in (
                outreach.pk, str(outreach.target), person.email, person.given_name,
                person.family_name, person.postal_code, outreach.outcome, outreach.stance,
                outreach.status, outreach.created_at.isoformat(),
                outreach.updated_at.isoformat(), outreach.source, outreach.referrer,
                "; ".join(sorted(outreach.consent_texts or {})),
            )
        )  # fmt: skip
        count += 1
    return count


def _csv_safe(value) -> str:
    """Keep a spreadsheet from running a cell typed by the public as a formula."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
