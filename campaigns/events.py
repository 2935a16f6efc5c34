"""Writes for event actions: proposing an event, reviewing it, RSVPs and calendar files.

A supporter proposes an event under an event action; it is public only once staff
approve it, and then its host is emailed a signed link to the page that lists who is
coming. Names and addresses of the host and of people who RSVP never show publicly.
"""

import csv
import re
from collections.abc import Set
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import IO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import slugify

from campaigns.exceptions import (
    ActionClosed,
    EventNotOpen,
    EventReviewRefused,
    InvalidEventToken,
)
from campaigns.models import RSVP, Action, Event, EventAction, Person
from campaigns.services import (
    _csv_safe,
    _insert_unless_exists,
    _person_get_or_create,
    participation_consents_url,
)
from core import selectors as core_selectors
from core import services as core_services
from core.emails import email_build
from core.models import email_hash

HOST_SALT = "campaigns.event.host"
# The host's link keeps working until well after the event: RSVPs come in late.
HOST_MAX_AGE = timedelta(days=180)
# Proposals that may clash on one slug at once before one gives up with the error.
SLUG_ATTEMPTS = 5

# Where an event's clock runs: one zone per state, the one most of its people live in.
STATE_TIME_ZONES = {
    "AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix",
    "AR": "America/Chicago", "CA": "America/Los_Angeles", "CO": "America/Denver",
    "CT": "America/New_York", "DE": "America/New_York", "DC": "America/New_York",
    "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
    "ID": "America/Boise", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis",
    "IA": "America/Chicago", "KS": "America/Chicago", "KY": "America/New_York",
    "LA": "America/Chicago", "ME": "America/New_York", "MD": "America/New_York",
    "MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago",
    "MS": "America/Chicago", "MO": "America/Chicago", "MT": "America/Denver",
    "NE": "America/Chicago", "NV": "America/Los_Angeles", "NH": "America/New_York",
    "NJ": "America/New_York", "NM": "America/Denver", "NY": "America/New_York",
    "NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York",
    "OK": "America/Chicago", "OR": "America/Los_Angeles", "PA": "America/New_York",
    "RI": "America/New_York", "SC": "America/New_York", "SD": "America/Chicago",
    "TN": "America/Chicago", "TX": "America/Chicago", "UT": "America/Denver",
    "VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles",
    "WV": "America/New_York", "WI": "America/Chicago", "WY": "America/Denver",
    "PR": "America/Puerto_Rico", "VI": "America/St_Thomas", "GU": "Pacific/Guam",
    "MP": "Pacific/Saipan", "AS": "Pacific/Pago_Pago",
}  # fmt: skip


def event_time_zone(state: str) -> ZoneInfo:
    """The zone an event in `state` keeps its times in (the site's own where unknown)."""
    return ZoneInfo(STATE_TIME_ZONES.get(state, settings.TIME_ZONE))


# ------------------------------------------------------------------------------
# Host links
# ------------------------------------------------------------------------------
def event_host_token(event: Event) -> str:
    """A link key that opens the host's page of one event; it names the host's address."""
    return signing.dumps(
        {"e": event.slug, "h": email_hash(event.person.email)[:16]}, salt=HOST_SALT
    )


def event_for_host_token(token: str) -> Event:
    """Return the event a host's link names, or raise InvalidEventToken."""
    try:
        data = signing.loads(token, salt=HOST_SALT, max_age=HOST_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvalidEventToken("expired") from exc
    except signing.BadSignature as exc:
        raise InvalidEventToken("bad signature") from exc
    if not isinstance(data, dict):
        raise InvalidEventToken("malformed")
    event = (
        Event.objects.select_related("person", "action__campaign")
        .filter(slug=str(data.get("e", "")))
        .first()
    )
    # An erased host's address no longer matches the hash the link carries.
    if event is None or email_hash(event.person.email)[:16] != data.get("h"):
        raise InvalidEventToken("unknown event")
    return event


def _host_url(event: Event) -> str:
    token = event_host_token(event)
    return settings.SITE_URL + reverse("campaigns:event_host", kwargs={"token": token})


# ------------------------------------------------------------------------------
# Proposing and reviewing
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventProposal:
    """What a host typed; validated by the form (times already in UTC-aware form)."""

    title: str
    description: str
    starts_at: datetime
    ends_at: datetime | None
    venue: str
    city: str
    state: str
    email: str
    given_name: str
    family_name: str
    street: str = ""
    postal_code: str = ""
    consent_texts: dict[int, str] | None = None
    source: str = ""
    referrer: str = ""
    landing_url: str = ""
    language: str = settings.LANGUAGE_CODE


def _slug_unique(title: str, starts_at: datetime, *, clashed: Set[str] = frozenset()) -> str:
    base = f"{slugify(title)[:90] or 'event'}-{starts_at:%Y-%m-%d}"
    slug, n = base, 1
    taken = set(Event.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= clashed
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def event_propose(*, action: EventAction, data: EventProposal) -> Event:
    """Record a proposed event; it waits for staff and shows nowhere until approved."""
    if not action.is_open():
        raise ActionClosed(action.slug)
    email = core_services.single_line_check(data.email, field="email").strip().lower()
    with transaction.atomic():
        person, _created = _person_get_or_create(email=email, data=data)
        clashed: set[str] = set()
        while True:
            slug = _slug_unique(data.title, data.starts_at, clashed=clashed)
            try:
                with transaction.atomic():
                    return _event_insert(action, person, data, slug)
            except IntegrityError:
                # Taken slugs are read and then inserted: a host proposing the same title
                # for the same day at the same moment may take it first. Try the next one.
                if (
                    len(clashed) + 1 >= SLUG_ATTEMPTS
                    or not Event.objects.filter(slug=slug).exists()
                ):
                    raise
                clashed.add(slug)


def _event_insert(action: EventAction, person: Person, data: EventProposal, slug: str) -> Event:
    return Event.objects.create(
        action=action,
        person=person,
        title=data.title,
        slug=slug,
        description=data.description,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        venue=data.venue,
        street=data.street,
        city=data.city,
        state=data.state,
        postal_code=data.postal_code,
        consent_texts={str(k): v for k, v in (data.consent_texts or {}).items()},
        source=data.source[:100],
        referrer=data.referrer[:500],
        landing_url=data.landing_url[:500],
    )


# Review steps staff may take, from each status.
REVIEW_STEPS = {
    Event.Status.PROPOSED: {Event.Status.APPROVED, Event.Status.REJECTED},
    Event.Status.APPROVED: {Event.Status.CANCELLED},
    Event.Status.REJECTED: {Event.Status.APPROVED},
}


def event_review(*, event_id: int, status: str) -> Event:
    """Approve, reject or cancel an event; an approval emails its host their link.

    Raises EventReviewRefused for a step its status does not allow.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        if status not in REVIEW_STEPS.get(event.status, set()):
            raise EventReviewRefused(f"{event.status} -> {status}")
        event.status = status
        event.reviewed_at = timezone.now()
        event.save(update_fields=["status", "reviewed_at"])
        if status == Event.Status.APPROVED:
            from campaigns.tasks import event_approved_email_send

            # Sent by a worker: a slow or failing mail service never fails the review.
            transaction.on_commit(lambda: event_approved_email_send.delay(event.pk))
    return event


def event_approved_email_send(*, event_id: int) -> bool:
    """Email an approved event's host the public link and their own link to the RSVPs."""
    event = Event.objects.select_related("person", "action__campaign").filter(pk=event_id).first()
    if event is None or event.status != Event.Status.APPROVED:
        return False
    person = event.person
    if person.erased_at or person.email_status in (
        Person.EmailStatus.BOUNCING,
        Person.EmailStatus.SUPPRESSED,
    ):
        return False
    if core_selectors.address_is_suppressed(email=person.email):
        return False
    with translation.override(person.language):
        context = {
            "person": person,
            "event": event,
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "host_url": _host_url(event),
            "consents_url": participation_consents_url(event) if event.consent_texts else "",
        }
    email_build(
        template="campaigns/event_approved",
        context=context,
        to=[person.email],
        language=person.language,
    ).send()
    return True


# ------------------------------------------------------------------------------
# RSVPs
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RSVPInput:
    email: str
    given_name: str
    family_name: str
    postal_code: str = ""
    consent_texts: dict[int, str] | None = None
    source: str = ""
    referrer: str = ""
    landing_url: str = ""
    language: str = settings.LANGUAGE_CODE


def rsvp_create(*, event: Event, data: RSVPInput, now: datetime | None = None) -> bool:
    """Record that someone will come; return whether it was new (a repeat changes nothing).

    Raises EventNotOpen unless the event is approved, has not begun, and its action is
    open. The event's RSVP count and the action's count of people move with the row.
    """
    now = now or timezone.now()
    if event.status != Event.Status.APPROVED or event.starts_at <= now:
        raise EventNotOpen(event.slug)
    if not event.action.is_open(now=now):
        raise EventNotOpen(event.slug)
    email = core_services.single_line_check(data.email, field="email").strip().lower()
    with transaction.atomic():
        person, _created = _person_get_or_create(email=email, data=data)
        # Locking the person serialises their RSVPs, so two at once count them once.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        rsvp = RSVP(
            event=event,
            person=person,
            consent_texts={str(k): v for k, v in (data.consent_texts or {}).items()},
            source=data.source[:100],
            referrer=data.referrer[:500],
            landing_url=data.landing_url[:500],
        )
        if not _insert_unless_exists(rsvp, unique=("event", "person")):
            # A repeat mails nothing: the page answers the same, so nobody learns who
            # is coming by trying, and nobody's inbox is filled by someone who does.
            return False
        Event.objects.filter(pk=event.pk).update(rsvp_count=F("rsvp_count") + 1)
        # A person counts once per action, however many of its events they go to.
        elsewhere = (
            RSVP.objects.filter(event__action_id=event.action_id, person=person)
            .exclude(pk=rsvp.pk)
            .exists()
        )
        if not elsewhere:
            Action.objects.filter(pk=event.action_id).update(participants=F("participants") + 1)
        from campaigns.tasks import rsvp_email_send

        transaction.on_commit(lambda: rsvp_email_send.delay(rsvp.pk))
    return True


def _when(event: Event) -> str:
    """The event's start (and end) on its own local clock, in the active language."""
    zone = event_time_zone(event.state)
    starts = event.starts_at.astimezone(zone)
    text = formats.date_format(starts, "l j F Y, H:i")
    if event.ends_at:
        text += " \N{EN DASH} " + formats.date_format(event.ends_at.astimezone(zone), "H:i")
    return f"{text} ({starts:%Z})"


def event_place(event: Event) -> str:
    """Where the event is, as one line."""
    region = f"{event.state} {event.postal_code}".strip()
    return ", ".join(part for part in (event.venue, event.street, event.city, region) if part)


def rsvp_email_send(*, rsvp_id: int) -> bool:
    """Email someone who will come: when and where, the event's page and calendar file.

    The link that confirms their consents goes with it when they ticked any. Say
    whether it left.
    """
    rsvp = (
        RSVP.objects.select_related("person", "event__action__campaign").filter(pk=rsvp_id).first()
    )
    if rsvp is None or rsvp.event.status != Event.Status.APPROVED:
        return False
    person, event = rsvp.person, rsvp.event
    if person.erased_at or person.email_status in (
        Person.EmailStatus.BOUNCING,
        Person.EmailStatus.SUPPRESSED,
    ):
        return False
    if core_selectors.address_is_suppressed(email=person.email):
        return False
    with translation.override(person.language):
        context = {
            "person": person,
            "event": event,
            "when": _when(event),
            "place": event_place(event),
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "ics_url": settings.SITE_URL
            + reverse("campaigns:event_ics", kwargs={"slug": event.slug}),
            "consents_url": participation_consents_url(rsvp) if rsvp.consent_texts else "",
        }
    email_build(
        template="campaigns/event_rsvp",
        context=context,
        to=[person.email],
        language=person.language,
    ).send()
    return True


# ------------------------------------------------------------------------------
# Calendar files (RFC 5545)
# ------------------------------------------------------------------------------
def _ics_escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return re.sub(r"\r\n|\r|\n", "\\\\n", text)


def _ics_fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > limit:
            parts.append(current.decode())
            # Continuation lines begin with a space, which counts towards their 75.
            current, limit = b"", 74
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _ics_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_ics(*, event: Event, now: datetime | None = None) -> bytes:
    """Return the event as an iCalendar file: one VEVENT, times in UTC, a stable UID."""
    now = now or timezone.now()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"
    place = ", ".join(
        part
        for part in (event.venue, event.street, event.city, f"{event.state} {event.postal_code}")
        if part.strip()
    )
    ends_at = event.ends_at or event.starts_at + timedelta(hours=2)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Advocacy Hub//Events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{host}",
        f"DTSTAMP:{_ics_time(now)}",
        f"DTSTART:{_ics_time(event.starts_at)}",
        f"DTEND:{_ics_time(ends_at)}",
        f"SUMMARY:{_ics_escape(event.title)}",
        f"DESCRIPTION:{_ics_escape(event.description)}",
        f"LOCATION:{_ics_escape(place)}",
        f"URL:{settings.SITE_URL}{event.get_absolute_url()}",
        "STATUS:CONFIRMED" if event.status == Event.Status.APPROVED else "STATUS:CANCELLED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(_ics_fold(line) for line in lines) + "\r\n").encode()


# ------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------
RSVP_CSV_COLUMNS = [
    "event", "event_date", "first_name", "last_name", "email", "postal_code", "rsvp_at",
    "source", "consents",
]  # fmt: skip


def rsvps_csv(*, events: list[Event], out: IO[str]) -> int:
    """Write the RSVPs of `events` as CSV to `out`; return how many rows."""
    writer = csv.writer(out)
    writer.writerow(RSVP_CSV_COLUMNS)
    rows = (
        RSVP.objects.filter(event__in=events, person__erased_at__isnull=True)
        .select_related("person", "event")
        .order_by("event__starts_at", "event_id", "created_at", "pk")
    )
    count = 0
    for rsvp in rows.iterator(chunk_size=2000):
        person = rsvp.person
        writer.writerow(
            _csv_safe(value)
            for value in (
                rsvp.event.title, rsvp.event.starts_at.isoformat(), person.given_name,
                person.family_name, person.email, person.postal_code,
                rsvp.created_at.isoformat(), rsvp.source, "; ".join(rsvp.consent_texts or {}),
            )
        )  # fmt: skip
        count += 1
    return count
