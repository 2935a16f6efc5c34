import hashlib
import json
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import translate_url
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.services import row_upsert
from core.sources import source_read
from legislation import maps, selectors
from legislation import status as bill_status
from legislation.exceptions import InvalidAlertEvent

# Downstream apps (campaigns) may import only selectors and services: this is how they
# reach the bill page's campaigns hook and register the kinds of alert follow they add.
from legislation.hooks import (  # noqa: F401
    CampaignLink,
    campaigns_provider_register,
    follow_kind_register,
)
from legislation.models import (
    AlertSubscriber,
    Bill,
    BillAction,
    BillEvent,
    Chamber,
    FloorSchedule,
    RelatedBill,
    Sponsorship,
    StateShape,
)


def _chamber_name(bill: Bill, chamber: str) -> str:
    if bill.session.jurisdiction.is_federal and chamber in (Chamber.UPPER, Chamber.LOWER):
        return _("the Senate") if chamber == Chamber.UPPER else _("the House")
    return {
        Chamber.UPPER: _("the state senate"),
        Chamber.LOWER: _("the state house"),
        Chamber.LEGISLATURE: _("the legislature"),
    }.get(chamber, chamber)


def _action_key(action: BillAction) -> str:
    # Keyed by what happened, not by row id or order: a re-import that renumbers the
    # actions, or deletes and recreates them, produces the same keys.
    digest = hashlib.sha256(" ".join(action.description.lower().split()).encode()).hexdigest()
    return f"action:{action.date.isoformat()}:{action.chamber}:{digest[:16]}"


def _sponsor_key(sponsorship: Sponsorship) -> str:
    # By name, as the (bill, name) constraint is: linking the official later changes nothing.
    return f"cosponsor:{slugify(sponsorship.name)}"


def _candidate_events(bill: Bill, derived: bill_status.Derived) -> list[BillEvent]:
    status = bill.status
    status_date = bill.status_date or derived.status_date or bill.introduced_on
    events = []
    for action in bill.actions.all():
        events.append(
            BillEvent(
                bill=bill,
                key=_action_key(action),
                kind=BillEvent.Kind.ACTION,
                happened_on=action.date,
                description=action.description,
                status=status,
            )
        )
    for sponsorship in bill.sponsorships.filter(
        classification=Sponsorship.Classification.COSPONSOR, withdrawn_on__isnull=True
    ):
        events.append(
            BillEvent(
                bill=bill,
                key=_sponsor_key(sponsorship),
                kind=BillEvent.Kind.COSPONSOR,
                happened_on=sponsorship.joined_on or status_date,
                description=_("%(name)s became a cosponsor.") % {"name": sponsorship.name},
                status=status,
            )
        )
    for schedule in bill.schedules.all():
        events.append(
            BillEvent(
                bill=bill,
                key=f"scheduled:{schedule.chamber}:{schedule.scheduled_for.isoformat()}",
                kind=BillEvent.Kind.SCHEDULED,
                happened_on=schedule.scheduled_for,
                description=_("A vote is coming up: %(chamber)s plans to take it up on %(date)s.")
                % {
                    "chamber": _chamber_name(bill, schedule.chamber),
                    "date": schedule.scheduled_for.isoformat(),
                },
                status=status,
            )
        )
    if status_date is not None:
        events.append(
            BillEvent(
                bill=bill,
                # Not keyed by date: a date corrected later is not a new status.
                key=f"status:{status}",
                kind=BillEvent.Kind.STATUS,
                happened_on=status_date,
                description=_("New status: %(status)s.") % {"status": bill.get_status_display()},
                status=status,
            )
        )
    return events


def bill_refresh(*, bill_id: int) -> list[BillEvent]:
    """Derive the bill's status from its actions and record the events that are new.

    Safe to call after any change and as often as one likes: a status set by hand is
    kept, and an event already recorded is never recorded again. The first refresh of a
    bill records its history quietly, with one event saying the hub now follows it.
    Returns the events recorded now.
    """
    # Event text is stored once and sent to everyone: in the site's language, whatever
    # language the admin who saved the bill was using.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        return _bill_refresh(bill_id)


def _bill_refresh(bill_id: int) -> list[BillEvent]:
    bill = Bill.objects.select_for_update().select_related("session__jurisdiction").get(pk=bill_id)
    derived = selectors.bill_derive(bill=bill)
    if not bill.status_locked and (bill.status, bill.status_date) != (
        derived.status,
        derived.status_date,
    ):
        bill.status, bill.status_date = derived.status, derived.status_date
        bill.save(update_fields=["status", "status_date", "updated_at"])

    existing = set(bill.events.values_list("key", flat=True))
    first = not existing
    new = [event for event in _candidate_events(bill, derived) if event.key not in existing]
    if first:
        for event in new:
            event.notify = False
        new.append(
            BillEvent(
                bill=bill,
                key="tracked",
                kind=BillEvent.Kind.TRACKED,
                happened_on=bill.status_date or bill.introduced_on or bill.created_at.date(),
                description=_("We now follow this bill. Its status: %(status)s.")
                % {"status": bill.get_status_display()},
                status=bill.status,
            )
        )
    if not new:
        return []
    # Two refreshes at once (an admin save and an import) both skip what the other wrote.
    BillEvent.objects.bulk_create(new, ignore_conflicts=True)
    recorded = list(
        BillEvent.objects.filter(bill=bill, key__in=[e.key for e in new]).order_by("pk")
    )
    if any(event.notify for event in recorded):
        from legislation.tasks import alerts_dispatch_immediate

        transaction.on_commit(alerts_dispatch_immediate.delay)
    # Bills enacted through this one take their status from it.
    for enacted_here in RelatedBill.objects.filter(
        related_bill=bill, relation=RelatedBill.Relation.ENACTED_VIA
    ).values_list("bill_id", flat=True):
        bill_refresh(bill_id=enacted_here)
    return recorded


def floor_schedule_record(
    *, bill_id: int, chamber: str, scheduled_for, note: str = ""
) -> FloorSchedule:
    """Record that a chamber will take the bill up on a date, and its "vote coming up" event."""
    schedule, _created = FloorSchedule.objects.get_or_create(
        bill_id=bill_id, chamber=chamber, scheduled_for=scheduled_for, defaults={"note": note}
    )
    bill_refresh(bill_id=bill_id)
    return schedule


def state_shapes_import(*, location: str) -> int:
    """Load every state's outline from a us-atlas TopoJSON file (a path or URL)."""
    topology = json.loads(source_read(location))
    shapes = maps.state_shapes(topology)
    with transaction.atomic():
        for shape in shapes:
            row_upsert(
                model=StateShape,
                lookup={"state": shape.state},
                values={
                    "fips": shape.fips,
                    "name": shape.name,
                    "path": shape.path,
                    "label_x": shape.label[0],
                    "label_y": shape.label[1],
                },
            )
    return len(shapes)


def follows_erase(*, email: str) -> bool:
    """Delete an address's alert subscriber, follows and deliveries; return whether any."""
    deleted, _detail = AlertSubscriber.objects.filter(email=email.strip().lower()).delete()
    return bool(deleted)


# Kinds of event a downstream app may record: news with no bill behind it.
NEWS_KINDS = frozenset({BillEvent.Kind.LAUNCHED, BillEvent.Kind.URGENT})


def alert_event_record(
    *,
    key: str,
    kind: str,
    title: str,
    description: str,
    url: str,
    targets: list[str],
    happened_on: date,
) -> bool:
    """Record news that is not about a bill, once per key, and alert its followers.

    `targets` are the follow keys it concerns ("organisation:polaris", "issue:foster-care");
    `url` is a path on this site or an absolute URL. Recording the same key again adds
    nothing and alerts no one: returns whether this call recorded it.
    """
    if kind not in NEWS_KINDS:
        raise InvalidAlertEvent(f"unknown kind {kind!r}")
    targets = sorted(set(targets))
    kinds = {target.partition(":")[0] for target in targets}
    if not targets or not all(target.partition(":")[2] for target in targets):
        raise InvalidAlertEvent(f"no follow keys to alert in {targets!r}")
    if kinds & {"bill", "subject", "jurisdiction"}:
        raise InvalidAlertEvent("news about a bill is recorded by bill_refresh")
    if not title.strip():
        raise InvalidAlertEvent("news needs a title")
    if url.startswith("/"):
        # Every recipient's email links in their own language: store the default's path.
        url = translate_url(url, settings.LANGUAGE_CODE)
    with transaction.atomic():
        # A twin call that commits first wins; get_or_create then finds its row.
        _event, created = BillEvent.objects.get_or_create(
            bill=None,
            key=key[:200],
            defaults={
                "kind": kind,
                "title": " ".join(title.split())[:300],
                "description": description,
                "url": url[:500],
                "targets": targets,
                "happened_on": happened_on,
            },
        )
        if created:
            from legislation.tasks import alerts_dispatch_immediate

            transaction.on_commit(alerts_dispatch_immediate.delay)
    return created
