"""Alerts: follow, confirm, fan out, send once, suppress.

One machine for bill-status alerts and for the news a downstream app records as events
with no bill (a campaign launched, an urgent action), matched to follows by key.

Kept apart from the bill services because it is its own machine: subscribers and
their cursors, runs that fan an event range out to delivery rows in bulk, batches
of up to 500 rows per task, and a sweeper for rows a dead worker or lost task left.

- A subscription's `cursor` is the last event id it was considered for; a run takes
  the events above it, up to the run's upper bound, and moves the cursor there in the
  same transaction as the delivery rows. What is new is decided by id, never by date.
- A run is unique per key, and a delivery per (run, subscriber): a dispatch repeated,
  or a task delivered twice, adds nothing and sends nothing twice.
- A row is claimed (queued → sending) in the same statement that checks the
  subscriber is still active, so an unsubscribe before that moment stops the send.
"""

import json
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import F, Max, Min, Q
from django.urls import reverse, translate_url
from django.utils import timezone, translation

from core import selectors as core_selectors
from core.emails import email_build, error_describe, send_error_is_transient
from core.services import single_line_check
from legislation import hooks
from legislation.exceptions import InvalidAlertToken, InvalidFollow, TransientSendError
from legislation.models import (
    AlertDelivery,
    AlertFrequency,
    AlertRun,
    AlertSubscriber,
    AlertSubscription,
    Bill,
    BillEvent,
    Jurisdiction,
    Subject,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
CLAIM_CHUNK = 100
FANOUT_CHUNK = 2000
CONFIRM_MAX_AGE = timedelta(days=7)
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 6
_CONFIRM_SALT = "legislation.alerts.confirm"
_UNSUBSCRIBE_SALT = "legislation.alerts.unsubscribe"
_UNSUBSCRIBE_PLACEHOLDER = "__UNSUBSCRIBE_URL__"
UNSUBSCRIBED = "unsubscribed"
_BILL_KINDS = hooks.BUILT_IN_FOLLOW_KINDS


# ------------------------------------------------------------------------------
# Tokens
# ------------------------------------------------------------------------------
def confirm_token(subscriber: AlertSubscriber) -> str:
    """A link key that confirms this address, valid for a week."""
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=_CONFIRM_SALT)


def unsubscribe_token(subscriber_id: int) -> str:
    """A link key that stops all alerts to this subscriber; it never expires."""
    return signing.dumps(subscriber_id, salt=_UNSUBSCRIBE_SALT)


def subscriber_for_confirm(token: str) -> AlertSubscriber:
    """Return the subscriber a confirmation link names, or raise InvalidAlertToken."""
    try:
        data = signing.loads(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvalidAlertToken("expired") from exc
    except signing.BadSignature as exc:
        raise InvalidAlertToken("bad signature") from exc
    subscriber = AlertSubscriber.objects.filter(pk=data.get("s"), email=data.get("e")).first()
    if subscriber is None:
        raise InvalidAlertToken("unknown subscriber")
    return subscriber


def subscriber_for_unsubscribe(token: str) -> AlertSubscriber:
    """Return the subscriber an unsubscribe link names, or raise InvalidAlertToken."""
    try:
        subscriber_id = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise InvalidAlertToken("bad signature") from exc
    subscriber = AlertSubscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        raise InvalidAlertToken("unknown subscriber")
    return subscriber


def _unsubscribe_url_maker():
    """Return a function that builds unsubscribe links, resolving the URL only once."""
    marker = "TOKEN"
    path = reverse("legislation:alert_unsubscribe", kwargs={"token": marker})
    head, _sep, tail = (settings.SITE_URL + path).partition(marker)
    return lambda subscriber_id: f"{head}{unsubscribe_token(subscriber_id)}{tail}"


# ------------------------------------------------------------------------------
# Following
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class FollowTarget:
    """What to follow, resolved: its target key, its row, and how to name it."""

    key: str
    label: str
    bill: Bill | None = None
    subject: Subject | None = None
    jurisdiction: Jurisdiction | None = None


def follow_target(*, kind: str, value: str) -> FollowTarget:
    """Resolve a kind ("bill", "subject", ... or a registered one) and its id or slug.

    Raises InvalidFollow when there is nothing to follow there.
    """
    value = str(value)
    if kind == "bill" and value.isascii() and value.isdigit() and len(value) < 19:
        bill = Bill.objects.select_related("session").filter(pk=int(value)).first()
        if bill:
            return FollowTarget(f"bill:{bill.pk}", bill.identifier, bill=bill)
    elif kind == "subject":
        subject = Subject.objects.filter(slug=value).first()
        if subject:
            return FollowTarget(f"subject:{subject.slug}", subject.name, subject=subject)
    elif kind == "jurisdiction":
        jurisdiction = Jurisdiction.objects.filter(slug=value).first()
        if jurisdiction:
            return FollowTarget(
                f"jurisdiction:{jurisdiction.slug}", jurisdiction.name, jurisdiction=jurisdiction
            )
    elif (registered := hooks.follow_kind(kind)) is not None and value:
        label = registered.labels([value]).get(value)
        if label:
            return FollowTarget(f"{kind}:{value}", label)
    raise InvalidFollow(f"nothing to follow at {kind}={value!r}")


def _newest_event_id() -> int:
    return BillEvent.objects.aggregate(newest=Max("pk"))["newest"] or 0


@dataclass(frozen=True)
class FollowResult:
    # None when the address is on the suppression list: nothing was stored.
    subscriber: AlertSubscriber | None
    subscription: AlertSubscription | None
    confirmation_sent: bool


@transaction.atomic
def follow_create(
    *, email: str, target: FollowTarget, frequency: str, language: str
) -> FollowResult:
    """Follow something with an email address alone, and queue the confirmation email.

    A confirmed address gets nothing new: the follow simply starts. An unconfirmed one
    gets a confirmation email, at most one every ten minutes. The subscription starts at
    the newest event, so nothing that happened before it is sent.
    """
    single_line_check(email, field="email")
    if frequency not in AlertFrequency.values:
        raise InvalidFollow(f"unknown frequency {frequency!r}")
    email = email.strip().lower()
    if core_selectors.address_is_suppressed(email=email):
        # Erased or refused for good: store nothing, answer as for anyone else.
        return FollowResult(None, None, confirmation_sent=False)
    subscriber, _created = AlertSubscriber.objects.get_or_create(
        email=email, defaults={"language": language}
    )
    subscriber = AlertSubscriber.objects.select_for_update().get(pk=subscriber.pk)
    subscription, created = AlertSubscription.objects.get_or_create(
        subscriber=subscriber,
        target=target.key,
        defaults={
            "frequency": frequency,
            "bill": target.bill,
            "subject": target.subject,
            "jurisdiction": target.jurisdiction,
            "cursor": _newest_event_id(),
        },
    )
    if not created and subscription.frequency != frequency:
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency"])
    now = timezone.now()
    # A bounce, a complaint or an erasure is final: such an address gets not even a
    # confirmation.
    hard_suppressed = (
        subscriber.suppressed_at is not None and not _lifted_by_consent(subscriber)
    ) or core_selectors.address_is_suppressed(email=email)
    needs_confirmation = not hard_suppressed and (
        subscriber.confirmed_at is None or subscriber.suppressed_at is not None
    )
    recently_sent = (
        subscriber.confirmation_sent_at is not None
        and now - subscriber.confirmation_sent_at < CONFIRMATION_RESEND_AFTER
    )
    send = needs_confirmation and not recently_sent
    if send:
        subscriber.confirmation_sent_at = now
        subscriber.language = language
        subscriber.save(update_fields=["confirmation_sent_at", "language"])
        from legislation.tasks import alert_confirmation_send

        subscriber_id = subscriber.pk
        transaction.on_commit(lambda: alert_confirmation_send.delay(subscriber_id))
    return FollowResult(subscriber, subscription, confirmation_sent=send)


def _lifted_by_consent(subscriber: AlertSubscriber) -> bool:
    """Whether following again (and confirming) may lift this address's suppression."""
    return subscriber.suppressed_reason == UNSUBSCRIBED


def alert_confirmation_send(*, subscriber_id: int) -> None:
    """Email the link that confirms an address (double opt-in)."""
    subscriber = AlertSubscriber.objects.get(pk=subscriber_id)
    if subscriber.suppressed_at is not None and not _lifted_by_consent(subscriber):
        return
    if core_selectors.address_is_suppressed(email=subscriber.email):
        return
    token = confirm_token(subscriber)
    follows = list(subscriber.subscriptions.select_related("bill", "subject", "jurisdiction"))
    # The link opens the page in the language the email is written in.
    with translation.override(subscriber.language):
        labels = [_target_label(s) for s in follows]
        confirm_path = reverse("legislation:alert_confirm", kwargs={"token": token})
    email_build(
        template="legislation/alert_confirm",
        context={
            "confirm_url": settings.SITE_URL + confirm_path,
            "follows": labels,
            # "when these bills change" is wrong for an organisation or an issue page.
            "bills_only": all(s.target.partition(":")[0] in _BILL_KINDS for s in follows),
        },
        to=[subscriber.email],
        language=subscriber.language,
    ).send()


@transaction.atomic
def subscriber_confirm(*, token: str) -> AlertSubscriber:
    """Confirm the address a link names; confirming twice changes nothing."""
    subscriber = subscriber_for_confirm(token)
    subscriber = AlertSubscriber.objects.select_for_update().get(pk=subscriber.pk)
    changed = []
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        changed.append("confirmed_at")
    # Following again after unsubscribing is a new consent; a bounce or complaint is not
    # lifted by a click.
    if subscriber.suppressed_at and _lifted_by_consent(subscriber):
        subscriber.suppressed_at, subscriber.suppressed_reason = None, ""
        changed += ["suppressed_at", "suppressed_reason"]
        # Back after a pause: start from now, not with everything missed meanwhile.
        subscriber.subscriptions.update(cursor=_newest_event_id())
    if changed:
        subscriber.save(update_fields=changed)
    return subscriber


def subscriber_suppress(*, email: str = "", subscriber_id: int | None = None, reason: str) -> int:
    """Stop every alert to an address, at once; return how many subscribers it matched."""
    matched = AlertSubscriber.objects.filter(
        Q(pk=subscriber_id) if subscriber_id else Q(email=email.strip().lower()),
        suppressed_at__isnull=True,
    ).update(suppressed_at=timezone.now(), suppressed_reason=reason[:100])
    return matched


def subscriber_unsubscribe(*, token: str) -> AlertSubscriber:
    """Stop all alerts to the subscriber an unsubscribe link names (one-click or button)."""
    subscriber = subscriber_for_unsubscribe(token)
    subscriber_suppress(subscriber_id=subscriber.pk, reason=UNSUBSCRIBED)
    subscriber.refresh_from_db()
    return subscriber


# ------------------------------------------------------------------------------
# Fan-out
# ------------------------------------------------------------------------------
def _event_targets(event: BillEvent, subjects: dict[int, list[str]]) -> list[str]:
    bill = event.bill
    if bill is None:
        return list(event.targets)
    return [
        f"bill:{bill.pk}",
        f"jurisdiction:{bill.session.jurisdiction.slug}",
        *(f"subject:{slug}" for slug in subjects.get(bill.pk, [])),
        *event.targets,
    ]


def _run_key(frequency: str, upper: int, now: datetime) -> str:
    if frequency == AlertFrequency.IMMEDIATE:
        # The cursors, not the key, keep a repeated dispatch from sending twice; a second
        # run up to the same event serves followers who became active meanwhile.
        return f"immediate:{upper}:{uuid.uuid4().hex[:8]}"
    local = timezone.localtime(now)
    if frequency == AlertFrequency.DAILY:
        return f"daily:{local.date().isoformat()}"
    year, week, _day = local.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def alerts_dispatch(*, frequency: str, now: datetime | None = None) -> AlertRun | None:
    """Fan the events new since each subscription's cursor out to delivery rows.

    Writes one delivery row per subscriber (grouping all their matching events and
    reasons), moves the cursors, and queues one send task per batch of 500 rows after
    commit. Returns the run, or None when nothing is due or the run already exists.
    """
    now = now or timezone.now()
    upper = _committed_upper_bound()
    if upper is None:
        return None
    key = _run_key(frequency, upper, now)
    try:
        with transaction.atomic():
            _serialise(f"alerts-dispatch-{frequency}")
            run = AlertRun.objects.create(key=key, frequency=frequency, upper_event_id=upper)
            recipients = _fan_out(run)
            if not recipients:
                # Nothing to send: leave no run behind, so a later event can use the key.
                transaction.set_rollback(True)
                return None
            run.recipients = recipients
            run.batches = (recipients + BATCH_SIZE - 1) // BATCH_SIZE
            run.save(update_fields=["recipients", "batches"])
            run_id, batches = run.pk, run.batches
            transaction.on_commit(lambda: _queue_batches(run_id, range(batches)))
    except IntegrityError:
        # The same run was dispatched already (a repeated task or a second beat).
        return None
    return run


def _committed_upper_bound() -> int | None:
    """Return the newest event id below which every event has committed.

    PostgreSQL hands out ids at insert, not at commit: an event with a lower id may still
    be in flight when a higher one is visible. A SHARE lock waits for every transaction
    inserting events to finish, and is released at once, so no event can later appear
    below the bound and be skipped by the cursors.
    """
    with transaction.atomic():
        if db_connection.vendor == "postgresql":
            with db_connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {BillEvent._meta.db_table} IN SHARE MODE")
        return BillEvent.objects.filter(notify=True).aggregate(newest=Max("pk"))["newest"]


def _serialise(name: str) -> None:
    """Hold a transaction-long lock so that dispatches of one frequency run one at a time."""
    if db_connection.vendor == "postgresql":
        with db_connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
    # SQLite runs one writing transaction at a time already.


def _queue_batches(run_id: int, batches) -> None:
    from legislation.tasks import alert_batch_send

    for batch in batches:
        alert_batch_send.delay(run_id, batch)


def _fan_out(run: AlertRun) -> int:
    """Write the run's delivery rows and move the cursors; return how many rows."""
    active = Q(
        subscriber__confirmed_at__isnull=False,
        subscriber__suppressed_at__isnull=True,
        frequency=run.frequency,
        cursor__lt=run.upper_event_id,
    )
    low = AlertSubscription.objects.filter(active).aggregate(low=Min("cursor"))["low"]
    if low is None:
        return 0
    events = list(
        BillEvent.objects.filter(notify=True, pk__gt=low, pk__lte=run.upper_event_id)
        .select_related("bill__session__jurisdiction")
        .order_by("pk")
    )
    subjects: dict[int, list[str]] = {}
    for bill_id, slug in Bill.subjects.through.objects.filter(
        bill_id__in={e.bill_id for e in events if e.bill_id is not None}
    ).values_list("bill_id", "subject__slug"):
        subjects.setdefault(bill_id, []).append(slug)
    by_target: dict[str, list[int]] = {}
    for event in events:
        for target in _event_targets(event, subjects):
            by_target.setdefault(target, []).append(event.pk)

    rows = (
        AlertSubscription.objects.filter(active, target__in=list(by_target))
        .select_for_update(of=("self",))
        .order_by("subscriber_id", "pk")
        .values_list("subscriber_id", "pk", "target", "cursor")
    )
    count = 0
    buffer: list[tuple[int, int, list[int], list[str]]] = []
    considered: list[int] = []
    for subscriber_id, follows in _grouped(rows.iterator(chunk_size=FANOUT_CHUNK)):
        event_ids: set[int] = set()
        reasons = []
        for subscription_id, target, cursor in follows:
            considered.append(subscription_id)
            new = [pk for pk in by_target[target] if pk > cursor]
            if new:
                event_ids.update(new)
                reasons.append(target)
        if not event_ids:
            continue
        buffer.append((subscriber_id, count // BATCH_SIZE, sorted(event_ids), sorted(reasons)))
        count += 1
        if len(buffer) >= FANOUT_CHUNK:
            _deliveries_write(run, buffer)
            buffer = []
        if len(considered) >= FANOUT_CHUNK:
            _cursors_move(considered, run.upper_event_id)
            considered = []
    if buffer:
        _deliveries_write(run, buffer)
    _cursors_move(considered, run.upper_event_id)
    # Follows no event in the range matches move too, or every later run would scan from
    # their old cursor; whenever they became active, they had nothing to miss.
    AlertSubscription.objects.filter(active).exclude(target__in=list(by_target)).update(
        cursor=run.upper_event_id
    )
    return count


def _cursors_move(subscription_ids: list[int], upper: int) -> None:
    # Only the rows this run read and locked: one that became active meanwhile keeps its
    # cursor, and the next run gives it what it has not had.
    if subscription_ids:
        AlertSubscription.objects.filter(pk__in=subscription_ids).update(cursor=upper)


def _deliveries_write(run: AlertRun, rows: list[tuple[int, int, list[int], list[str]]]) -> None:
    """Write delivery rows in bulk: COPY on PostgreSQL (the fan-out's main cost), else INSERT."""
    if db_connection.vendor != "postgresql":
        AlertDelivery.objects.bulk_create(
            AlertDelivery(
                run=run, subscriber_id=subscriber_id, batch=batch, event_ids=events, reasons=why
            )
            for subscriber_id, batch, events, why in rows
        )
        return
    columns = (
        "run_id, subscriber_id, batch, event_ids, reasons, status, attempts, detail, esp_message_id"
    )
    sql = f"COPY {AlertDelivery._meta.db_table} ({columns}) FROM STDIN"
    with db_connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for subscriber_id, batch, events, why in rows:
            copy.write_row(
                (run.pk, subscriber_id, batch, json.dumps(events), json.dumps(why),
                 AlertDelivery.Status.QUEUED, 0, "", "")
            )  # fmt: skip


def _grouped(
    rows: Iterator[tuple[int, int, str, int]],
) -> Iterator[tuple[int, list[tuple[int, str, int]]]]:
    current, follows = None, []
    for subscriber_id, subscription_id, target, cursor in rows:
        if subscriber_id != current and follows:
            yield current, follows
            follows = []
        current = subscriber_id
        follows.append((subscription_id, target, cursor))
    if follows:
        yield current, follows


# ------------------------------------------------------------------------------
# Sending
# ------------------------------------------------------------------------------
def _target_label(subscription: AlertSubscription) -> str:
    if subscription.bill_id:
        return subscription.bill.identifier
    if subscription.subject_id:
        return subscription.subject.name
    if subscription.jurisdiction_id:
        return str(subscription.jurisdiction.name)
    return _registered_labels([subscription.target]).get(subscription.target, subscription.target)


def _registered_labels(keys: list[str]) -> dict[str, str]:
    """Name follow keys of registered kinds, one call per kind: {key: label}."""
    slugs: dict[str, list[str]] = {}
    for key in keys:
        kind, _sep, value = key.partition(":")
        if kind not in _BILL_KINDS:
            slugs.setdefault(kind, []).append(value)
    labels = {}
    for kind, values in slugs.items():
        registered = hooks.follow_kind(kind)
        # A kind no longer registered, or a row since deleted, is named by its key.
        found = registered.labels(values) if registered else {}
        labels.update({f"{kind}:{value}": found.get(value, value) for value in values})
    return labels


def _reason_labels(reasons: list[str]) -> list[str]:
    labels = []
    registered = _registered_labels(reasons)
    for reason in reasons:
        kind, _sep, value = reason.partition(":")
        if reason in registered:
            labels.append(registered[reason])
        elif kind == "bill":
            bill = Bill.objects.filter(pk=value).values_list("identifier", flat=True).first()
            labels.append(bill or reason)
        elif kind == "subject":
            labels.append(
                Subject.objects.filter(slug=value).values_list("name", flat=True).first() or value
            )
        else:
            labels.append(
                Jurisdiction.objects.filter(slug=value).values_list("name", flat=True).first()
                or value
            )
    return labels


@dataclass(frozen=True)
class NewsItem:
    """An event with no bill (a campaign launched, an urgent action), as an email shows it."""

    title: str
    description: str
    url: str
    # Who made the news, from the event's targets of an author kind ("Polaris").
    by: str
    urgent: bool


def _news_items(events: list[BillEvent], language: str) -> list[NewsItem]:
    authors = [
        key
        for event in events
        for key in event.targets
        if (kind := hooks.follow_kind(key.partition(":")[0])) and kind.author
    ]
    names = _registered_labels(authors)
    return [
        NewsItem(
            title=event.title,
            description=event.description,
            url=_link(event.url, language),
            by=", ".join(names[key] for key in event.targets if key in names),
            urgent=event.kind == BillEvent.Kind.URGENT,
        )
        for event in events
    ]


def _link(url: str, language: str) -> str:
    """An event's link as the recipient's language has it; paths are stored in the default."""
    if not url.startswith("/"):
        return url
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + translate_url(url, language)


def alert_email_content(
    *, event_ids: list[int], reasons: list[str], language: str, frequency: str
) -> EmailMultiAlternatives:
    """Render an alert (or digest) once, with a placeholder for the unsubscribe link.

    Recipients with the same events, reasons and language share one rendering; only
    the unsubscribe link differs, so a fan-out of 100,000 renders a handful of times.
    """
    events = list(
        BillEvent.objects.filter(pk__in=event_ids)
        .select_related("bill__session__jurisdiction")
        .order_by("bill_id", "pk")
    )
    bills: dict[int, dict] = {}
    for event in events:
        if event.bill_id is not None:
            entry = bills.setdefault(event.bill_id, {"bill": event.bill, "events": []})
            entry["events"].append(event)
    with translation.override(language):
        labels = _reason_labels(reasons)
    news = _news_items(
        sorted((e for e in events if e.bill_id is None), key=lambda e: e.pk), language
    )
    return email_build(
        template="legislation/alert",
        context={
            "bills": list(bills.values()),
            "news": news,
            "updates": len(bills) + len(news),
            "reasons": labels,
            "digest": frequency != AlertFrequency.IMMEDIATE,
            "unsubscribe_url": _UNSUBSCRIBE_PLACEHOLDER,
            "officials_url": settings.SITE_URL + reverse("representatives:find"),
        },
        to=["placeholder@localhost"],
        language=language,
    )


def _personalise(
    template: EmailMultiAlternatives, *, to: str, unsubscribe_url: str, message_id: str
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=template.subject,
        body=template.body.replace(_UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
        from_email=template.from_email,
        to=[to],
        headers={
            # RFC 8058: mail clients show an unsubscribe button that POSTs here.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": message_id,
        },
    )
    for content, mimetype in template.alternatives:
        message.attach_alternative(
            content.replace(_UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url), mimetype
        )
    return message


def _message_id(delivery_id: int) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<alert-{delivery_id}@{domain}>"


def _claim(run_id: int, batch: int) -> tuple[bool, list[tuple[int, int, str, str, list, list]]]:
    """Claim up to CLAIM_CHUNK queued rows of a batch whose subscriber is still active.

    Returns whether any queued row was left, and the rows this call claimed: a chunk
    all skipped, or all taken by a twin task, is not the end of the batch.
    """
    ids = list(
        AlertDelivery.objects.filter(run_id=run_id, batch=batch, status=AlertDelivery.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)[:CLAIM_CHUNK]
    )
    if not ids:
        return False, []
    token = uuid.uuid4().hex[:16]
    AlertDelivery.objects.filter(
        pk__in=ids,
        status=AlertDelivery.Status.QUEUED,
        subscriber__suppressed_at__isnull=True,
    ).update(
        status=AlertDelivery.Status.SENDING,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
        detail=token,
    )
    # Rows whose subscriber left between the fan-out and now are never sent.
    AlertDelivery.objects.filter(
        pk__in=ids, status=AlertDelivery.Status.QUEUED, subscriber__suppressed_at__isnull=False
    ).update(
        status=AlertDelivery.Status.SKIPPED, detail="unsubscribed or suppressed before sending"
    )
    return True, list(
        AlertDelivery.objects.filter(pk__in=ids, detail=token, status=AlertDelivery.Status.SENDING)
        .order_by("pk")
        .values_list("pk", "subscriber_id", "subscriber__email", "subscriber__language",
                     "event_ids", "reasons")
    )  # fmt: skip


def alert_batch_send(*, run_id: int, batch: int) -> int:
    """Send one batch of a run's alerts; return how many were handed to the provider.

    Safe to run twice or at once with itself: each row is claimed before it is sent and
    marked sent right after. A transient provider error puts the unsent rows of the chunk
    back in the queue and raises TransientSendError, so the task retries with backoff.
    """
    run = AlertRun.objects.get(pk=run_id)
    # A worker sends many batches of one run: what it rendered for one serves the next.
    rendered = _rendered_for_run(run)
    unsubscribe_url = _unsubscribe_url_maker()
    sent = 0
    # One connection for the whole batch: an SMTP relay or ESP session is reused.
    with mailers.default as connection:
        while True:
            found, chunk = _claim(run_id, batch)
            if not found:
                break
            for index, (pk, subscriber_id, email, language, event_ids, reasons) in enumerate(chunk):
                key = (tuple(event_ids), tuple(reasons), language)
                if key not in rendered:
                    rendered[key] = alert_email_content(
                        event_ids=event_ids, reasons=reasons, language=language,
                        frequency=run.frequency,
                    )  # fmt: skip
                message = _personalise(
                    rendered[key],
                    to=email,
                    unsubscribe_url=unsubscribe_url(subscriber_id),
                    message_id=_message_id(pk),
                )
                try:
                    _deliver(connection, message)
                except SoftTimeLimitExceeded:
                    # Out of time before this message left: it and the rest go back.
                    _requeue([row[0] for row in chunk[index:]], "the task ran out of time")
                    raise
                except Exception as exc:
                    detail = error_describe(exc, limit=300)
                    if send_error_is_transient(exc):
                        _requeue([row[0] for row in chunk[index:]], detail)
                        raise TransientSendError(detail) from exc
                    AlertDelivery.objects.filter(pk=pk).update(
                        status=AlertDelivery.Status.FAILED, detail=detail
                    )
                    logger.warning("alert delivery %s failed for good: %s", pk, detail)
                    continue
                _mark_sent(pk, _provider_id(message))
                sent += 1
    return sent


_RENDERED: dict[tuple, dict[tuple, EmailMultiAlternatives]] = {}


def _rendered_for_run(run: AlertRun) -> dict[tuple, EmailMultiAlternatives]:
    key = (run.pk, run.key, run.created_at)
    if key not in _RENDERED:
        _RENDERED.clear()  # one run at a time is kept, so memory stays flat
        _RENDERED[key] = {}
    return _RENDERED[key]


def _requeue(delivery_ids: list[int], detail: str) -> None:
    # No claim time: the task's own retry, with its backoff, takes them next; the sweeper
    # steps in only if that retry is lost.
    AlertDelivery.objects.filter(pk__in=delivery_ids, status=AlertDelivery.Status.SENDING).update(
        status=AlertDelivery.Status.QUEUED, claimed_at=None, detail=detail
    )


def _mark_sent(delivery_id: int, message_id: str) -> None:
    # One statement per row, right after its send, is what makes a crash lose or repeat
    # at most the message in flight; plain SQL keeps it the cheapest part of the send.
    table = AlertDelivery._meta.db_table
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, sent_at = %s, esp_message_id = %s, detail = ''"  # noqa: S608 - table name from the model
            " WHERE id = %s",
            [AlertDelivery.Status.SENT, timezone.now(), message_id[:200], delivery_id],
        )


def _deliver(connection, message: EmailMultiAlternatives) -> None:
    connection.send_messages([message])


def _provider_id(message: EmailMultiAlternatives) -> str:
    status = getattr(message, "anymail_status", None)
    if status is None:
        return ""
    return (status.message_id if isinstance(status.message_id, str) else "") or ""


def alert_deliveries_sweep(*, now: datetime | None = None) -> int:
    """Re-queue rows a dead worker left `sending` or whose task never reached the broker.

    Returns how many batches were queued again. Rows past MAX_ATTEMPTS fail instead.
    """
    now = now or timezone.now()
    stuck = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    lost = now - timedelta(seconds=settings.TASK_VISIBILITY_TIMEOUT + 300)
    AlertDelivery.objects.filter(
        status=AlertDelivery.Status.SENDING, claimed_at__lt=stuck, attempts__gte=MAX_ATTEMPTS
    ).update(status=AlertDelivery.Status.FAILED, detail="the worker stopped on every attempt")
    AlertDelivery.objects.filter(status=AlertDelivery.Status.SENDING, claimed_at__lt=stuck).update(
        status=AlertDelivery.Status.QUEUED
    )
    AlertDelivery.objects.filter(
        status=AlertDelivery.Status.QUEUED, attempts__gte=MAX_ATTEMPTS
    ).update(status=AlertDelivery.Status.FAILED, detail="gave up after repeated provider errors")
    batches = set(
        AlertDelivery.objects.filter(status=AlertDelivery.Status.QUEUED)
        .filter(Q(claimed_at__lt=stuck) | Q(claimed_at__isnull=True, run__created_at__lt=lost))
        .values_list("run_id", "batch")
        .distinct()
    )  # fmt: skip
    for run_id, batch in batches:
        from legislation.tasks import alert_batch_send

        alert_batch_send.delay(run_id, batch)
    return len(batches)
