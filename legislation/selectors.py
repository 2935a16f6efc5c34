from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.geography import FEDERAL_DISTRICT, STATES
from legislation import hooks
from legislation import status as bill_status
from legislation.hooks import CampaignLink, campaigns_for_bill
from legislation.models import (
    AlertDelivery,
    AlertFrequency,
    AlertSubscriber,
    AlertSubscription,
    Bill,
    BillAction,
    BillEvent,
    BillPosition,
    BillSource,
    FloorSchedule,
    Jurisdiction,
    LawTopic,
    LegislativeSession,
    RelatedBill,
    Sponsorship,
    StateLaw,
    StateShape,
    Subject,
    identifier_slug,
)


@dataclass(frozen=True)
class BillFilters:
    jurisdiction: str = ""
    session: str = ""
    status: str = ""
    subject: str = ""
    q: str = ""


def bill_list(*, filters: BillFilters) -> QuerySet[Bill]:
    """Return the bills matching the filters, newest activity first."""
    bills = Bill.objects.for_list()
    if filters.jurisdiction:
        bills = bills.filter(session__jurisdiction__slug=filters.jurisdiction)
    if filters.session:
        bills = bills.filter(session__identifier=filters.session)
    if filters.status:
        bills = bills.filter(status=filters.status)
    if filters.subject:
        bills = bills.filter(subjects__slug=filters.subject)
    if filters.q:
        words = filters.q.split()
        # "S. 1693", "s1693" and "1693" all find SESTA.
        query = Q(slug=identifier_slug(filters.q)) | Q(slug__endswith=identifier_slug(filters.q))
        text = Q()
        for word in words:
            text &= (
                Q(title__icontains=word)
                | Q(short_title__icontains=word)
                | Q(summary__icontains=word)
                | Q(identifier__icontains=word)
            )
        bills = bills.filter(query | text)
    return bills.order_by(F("status_date").desc(nulls_last=True), "-pk").distinct()


def bill_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The values each filter of the bill list offers."""
    return {
        "jurisdiction": list(
            Jurisdiction.objects.filter(sessions__bills__isnull=False)
            .distinct()
            .order_by("classification", "name")
            .values_list("slug", "name")
        ),
        "session": list(
            LegislativeSession.objects.filter(bills__isnull=False)
            .distinct()
            .order_by("identifier")
            .values_list("identifier", "name")
        ),
        "subject": list(Subject.objects.values_list("slug", "name")),
        "status": list(Bill.Status.choices),
    }


def bill_get(*, jurisdiction: str, session: str, identifier: str) -> Bill:
    """Return the bill at a canonical address, or raise Http404."""
    bill = (
        Bill.objects.select_related("session__jurisdiction")
        .filter(
            session__jurisdiction__slug=jurisdiction,
            session__identifier=session,
            slug=identifier_slug(identifier),
        )
        .first()
    )
    if bill is None:
        raise Http404("No such bill.")
    return bill


@dataclass
class BillDetail:
    bill: Bill
    derived: bill_status.Derived
    actions: list[BillAction]
    sponsors: list[Sponsorship]
    cosponsors: list[Sponsorship]
    cosponsors_by_party: list[tuple[str, int]]
    related: list[tuple[str, Bill]]
    positions: list[BillPosition]
    upcoming: list[FloorSchedule]
    sources: list[BillSource] = field(default_factory=list)
    # The bill that carried this one's substance into law (FOSTA for SESTA).
    enacted_via: Bill | None = None
    campaigns: list[CampaignLink] = field(default_factory=list)


def _enacted_via(relations: list[RelatedBill]) -> Bill | None:
    """The bill that carried this one's substance into law (FOSTA for SESTA), if any."""
    return next(
        (r.related_bill for r in relations if r.relation == RelatedBill.Relation.ENACTED_VIA),
        None,
    )


def bill_derive(
    *,
    bill: Bill,
    actions: list[BillAction] | None = None,
    relations: list[RelatedBill] | None = None,
) -> bill_status.Derived:
    """Return the status and steps the bill's actions (and any enacting bill) give it.

    Pass the actions and the bill's relations (with `related_bill`) when already loaded.
    """
    if actions is None:
        actions = list(bill.actions.all())
    if relations is None:
        relations = list(
            bill.relations.filter(relation=RelatedBill.Relation.ENACTED_VIA).select_related(
                "related_bill"
            )
        )
    via = next(
        (r.related_bill for r in relations if r.relation == RelatedBill.Relation.ENACTED_VIA), None
    )
    enacted_via = None
    if via is not None:
        enacted_via = bill_status.EnactedVia(
            identifier=via.identifier,
            enacted_on=via.status_date if via.is_enacted else None,
        )
    return bill_status.derive(
        actions=[bill_status.ActionFacts(a.date, a.chamber, a.classification) for a in actions],
        classification=bill.classification,
        federal=bill.session.jurisdiction.is_federal,
        origin=bill.from_chamber,
        enacted_via=enacted_via,
    )


def bill_detail(*, bill: Bill) -> BillDetail:
    """Return everything the bill page shows, in a fixed number of queries."""
    actions = list(bill.actions.all())
    relations = list(bill.relations.select_related("related_bill__session__jurisdiction"))
    derived = bill_derive(bill=bill, actions=actions, relations=relations)
    sponsorships = list(bill.sponsorships.select_related("official"))
    cosponsors = [
        s
        for s in sponsorships
        if s.classification == Sponsorship.Classification.COSPONSOR and s.is_active
    ]
    by_party = Counter(s.party or "Unknown" for s in cosponsors)
    related = [(r.get_relation_display(), r.related_bill) for r in relations] + [
        (_reverse_relation(r), r.bill)
        for r in RelatedBill.objects.filter(related_bill=bill).select_related(
            "bill__session__jurisdiction"
        )
    ]
    return BillDetail(
        bill=bill,
        derived=derived,
        actions=actions,
        sponsors=[
            s for s in sponsorships if s.classification == Sponsorship.Classification.PRIMARY
        ],
        cosponsors=cosponsors,
        cosponsors_by_party=sorted(by_party.items(), key=lambda item: (-item[1], item[0])),
        related=related,
        positions=list(bill.positions.select_related("organisation")),
        upcoming=list(bill.schedules.filter(scheduled_for__gte=timezone.localdate())),
        sources=list(bill.sources.all()),
        campaigns=campaigns_for_bill(bill),
        enacted_via=_enacted_via(relations),
    )


def _reverse_relation(relation: RelatedBill) -> str:
    from django.utils.translation import gettext as _

    return {
        RelatedBill.Relation.COMPANION: _("companion bill"),
        RelatedBill.Relation.REPLACES: _("replaced by"),
        RelatedBill.Relation.PRIOR_SESSION: _("reintroduced as"),
        RelatedBill.Relation.ENACTED_VIA: _("carried into law the text of"),
    }[relation.relation]


def bill_api(*, bill: Bill) -> dict:
    """Return the bill's status, steps and actions as JSON-ready data, for widgets."""
    # Only what a widget shows: not the sponsors, positions and campaigns of the page.
    actions = list(bill.actions.all())
    derived = bill_derive(bill=bill, actions=actions)
    upcoming = bill.schedules.filter(scheduled_for__gte=timezone.localdate())
    return {
        "jurisdiction": bill.session.jurisdiction.slug,
        "session": bill.session.identifier,
        "identifier": bill.identifier,
        "title": bill.display_title,
        "classification": bill.classification,
        "status": bill.status,
        "status_label": str(bill.get_status_display()),
        "status_date": _iso(bill.status_date),
        "status_set_by_hand": bill.status_locked,
        "steps": [
            {"label": step.label, "state": step.state, "date": _iso(step.date)}
            for step in derived.steps
        ],
        "actions": [
            {
                "date": _iso(action.date),
                "chamber": action.chamber,
                "description": action.description,
                "classification": action.classification,
            }
            for action in actions
        ],
        "upcoming": [
            {"chamber": s.chamber, "date": _iso(s.scheduled_for), "note": s.note} for s in upcoming
        ],
        "url": bill.get_absolute_url(),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class StateOnMap:
    state: str
    name: str
    status: str
    status_label: str
    summary: str
    path: str
    label_x: float
    label_y: float


@dataclass
class LawTopicMap:
    topic: LawTopic
    states: list[StateOnMap]
    counts: dict[str, int]
    width: int = 975
    height: int = 610


def law_topic_map(*, slug: str) -> LawTopicMap:
    """Return every state and DC with its status on the topic and its outline."""
    topic = LawTopic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404("No such topic.")
    laws = {law.state: law for law in StateLaw.objects.filter(topic=topic)}
    shapes = {shape.state: shape for shape in StateShape.objects.all()}
    states = []
    for abbr, name in sorted((STATES | FEDERAL_DISTRICT).items(), key=lambda item: item[1]):
        law = laws.get(abbr)
        shape = shapes.get(abbr)
        status = law.status if law else ""
        states.append(
            StateOnMap(
                state=abbr,
                name=name,
                status=status,
                status_label=str(law.get_status_display()) if law else "",
                summary=law.summary if law else "",
                path=shape.path if shape else "",
                label_x=shape.label_x if shape else 0,
                label_y=shape.label_y if shape else 0,
            )
        )
    counts = Counter(s.status or "unknown" for s in states)
    return LawTopicMap(topic=topic, states=states, counts=dict(counts))


def law_topic_list() -> QuerySet[LawTopic]:
    return LawTopic.objects.all()


def follow_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """What the alerts page offers to follow: subjects, jurisdictions, registered kinds."""
    from django.utils.translation import gettext as _

    return [
        ("", [("", _("Choose…"))]),
        (
            _("A subject, in every jurisdiction"),
            [
                (f"subject:{slug}", name)
                for slug, name in Subject.objects.values_list("slug", "name")
            ],
        ),
        (
            _("Every bill we follow in one place"),
            [
                (f"jurisdiction:{slug}", name)
                for slug, name in Jurisdiction.objects.order_by(
                    "classification", "name"
                ).values_list("slug", "name")
            ],
        ),
        *(
            (str(kind.group), [(f"{kind.name}:{slug}", label) for slug, label in kind.choices()])
            for kind in hooks.follow_kinds()
        ),
    ]


@dataclass(frozen=True)
class HistoryRow:
    event: BillEvent
    sent: bool
    why: str


def subscriber_history(*, subscriber: AlertSubscriber, limit: int = 200) -> list[HistoryRow]:
    """Return the events the address's follows matched, newest first, and what became of each."""
    from django.utils.translation import gettext as _

    subscriptions = list(subscriber.subscriptions.all())
    if not subscriptions:
        return []
    query = Q()
    news_keys = set()
    for s in subscriptions:
        kind, _sep, value = s.target.partition(":")
        if kind == "bill":
            query |= Q(bill_id=value)
        elif kind == "subject":
            query |= Q(bill__subjects__slug=value)
        elif kind == "jurisdiction":
            query |= Q(bill__session__jurisdiction__slug=value)
        else:
            news_keys.add(s.target)
    if news_keys:
        # Matched here, not in SQL: SQLite has no JSON containment, and news is rare.
        news = BillEvent.objects.filter(bill__isnull=True, notify=True).values_list("pk", "targets")
        query |= Q(pk__in=[pk for pk, targets in news if news_keys.intersection(targets)])
    events = list(
        BillEvent.objects.filter(query, notify=True)
        .select_related("bill")
        .distinct()
        .order_by("-pk")[:limit]
    )
    deliveries: dict[int, AlertDelivery] = {}
    for delivery in subscriber.deliveries.select_related("run"):
        for event_id in delivery.event_ids:
            deliveries[event_id] = delivery
    first_follow = min(s.created_at for s in subscriptions)
    digest_cursor = min(
        (s.cursor for s in subscriptions if s.frequency != AlertFrequency.IMMEDIATE),
        default=None,
    )
    rows = []
    for event in events:
        delivery = deliveries.get(event.pk)
        if delivery is not None:
            sent = delivery.status == AlertDelivery.Status.SENT
            why = _("%(status)s in %(run)s") % {
                "status": delivery.get_status_display(),
                "run": delivery.run.key,
            }
            if delivery.detail and not sent:
                why += f": {delivery.detail}"
            rows.append(HistoryRow(event, sent, why))
        elif event.created_at < first_follow:
            rows.append(HistoryRow(event, False, _("Happened before the address followed it.")))
        elif subscriber.confirmed_at is None:
            rows.append(HistoryRow(event, False, _("The address has not confirmed yet.")))
        elif subscriber.suppressed_at and event.created_at >= subscriber.suppressed_at:
            rows.append(
                HistoryRow(
                    event,
                    False,
                    _("Alerts to the address are stopped (%(reason)s).")
                    % {"reason": subscriber.suppressed_reason},
                )
            )
        elif digest_cursor is not None and event.pk > digest_cursor:
            rows.append(HistoryRow(event, False, _("Waiting for the next digest.")))
        else:
            rows.append(HistoryRow(event, False, _("Not dispatched yet.")))
    return rows


def follows_for_email(*, email: str) -> list[dict[str, object]]:
    """Return what an address follows and how (for a data export)."""
    rows = (
        AlertSubscription.objects.filter(subscriber__email=email.strip().lower())
        .order_by("pk")
        .values(
            "target", "frequency", "created_at", "subscriber__confirmed_at",
            "subscriber__suppressed_at",
        )
    )  # fmt: skip
    return [
        {
            "follows": row["target"],
            "frequency": row["frequency"],
            "since": row["created_at"].isoformat(),
            "confirmed": row["subscriber__confirmed_at"] is not None,
            "stopped": row["subscriber__suppressed_at"] is not None,
        }
        for row in rows
    ]


def floor_schedule_upcoming(*, limit: int = 5) -> list[FloorSchedule]:
    """Return the next floor votes scheduled from today on, soonest first, with their bills."""
    return list(
        FloorSchedule.objects.filter(scheduled_for__gte=timezone.localdate())
        .select_related("bill__session__jurisdiction")
        .order_by("scheduled_for", "pk")[:limit]
    )


def bill_event_latest(*, limit: int = 5) -> list[BillEvent]:
    """Return the newest events on bills worth an alert (not other news), with their bills."""
    return list(
        BillEvent.objects.filter(notify=True, bill__isnull=False)
        .select_related("bill__session__jurisdiction")
        .order_by("-pk")[:limit]
    )


def bill_for_links() -> QuerySet[Bill]:
    """Return bills as a list of links shows them: with their session and jurisdiction."""
    return Bill.objects.select_related("session__jurisdiction")


def bill_related_list(*, bill_ids: Iterable[int], subject_id: int | None) -> QuerySet[Bill]:
    """Return the bills among `bill_ids` (ids or a subquery) or on a subject, newest first."""
    query = Q(pk__in=bill_ids)
    if subject_id is not None:
        on_subject = Bill.subjects.through.objects.filter(subject_id=subject_id)
        query |= Q(pk__in=on_subject.values("bill_id"))
    return (
        Bill.objects.select_related("session__jurisdiction")
        .filter(query)
        .order_by(F("status_date").desc(nulls_last=True), "-pk")
    )


def subject_pk_for_slug(*, slug: str) -> int | None:
    """Return the id of the subject with this slug, if it exists."""
    return Subject.objects.filter(slug=slug).values_list("pk", flat=True).first()


def state_outlines() -> dict[str, StateShape]:
    """Return each state's outline on the 975 by 610 map, by postal abbreviation."""
    return {shape.state: shape for shape in StateShape.objects.all()}
