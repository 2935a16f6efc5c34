"""Deliver advocates' messages to officials through the channel each official takes."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import formataddr

from anymail.exceptions import AnymailAPIError, AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from representatives.exceptions import InvalidMessage, TransientDeliveryError
from representatives.models import ContactChannel, Delivery, Official

logger = logging.getLogger(__name__)

SINGLE_LINE_FIELDS = ("sender_name", "subject", "action_key")
# The delivery task's max_retries plus its first try.
MAX_ATTEMPTS = 9


@dataclass(frozen=True)
class Handoff:
    """What an advocate needs to deliver a message by hand."""

    text: str
    contact_forms: list[str]
    phones: list[str]
    addresses: list[str]


def delivery_create(
    *,
    official_id: int,
    action_key: str,
    sender_name: str,
    sender_email: str,
    sender_address: str,
    subject: str,
    body: str,
) -> Delivery:
    """Record one message to an official and queue its email, or hand it to the advocate.

    Asking again for the same advocate, official and action returns the first delivery
    and sends nothing new.
    """
    fields = {"sender_name": sender_name, "subject": subject, "action_key": action_key}
    for name in SINGLE_LINE_FIELDS:
        if "\r" in fields[name] or "\n" in fields[name]:
            raise InvalidMessage(name, f"{name} must be a single line")
    official = Official.objects.get(pk=official_id)
    email = (
        official.channels.filter(kind=ContactChannel.Kind.EMAIL)
        .values_list("value", flat=True)
        .first()
    )
    with transaction.atomic():
        delivery, created = Delivery.objects.get_or_create(
            sender_email=sender_email.strip().lower(),
            official=official,
            action_key=action_key,
            defaults={
                "sender_name": sender_name.strip(),
                "sender_address": sender_address.strip(),
                "subject": subject.strip(),
                "body": body,
                "channel": Delivery.Channel.EMAIL if email else Delivery.Channel.HANDOFF,
                "status": Delivery.Status.QUEUED if email else Delivery.Status.HANDED_OFF,
                "recipient_email": email or "",
            },
        )
        if created and delivery.channel == Delivery.Channel.EMAIL:
            from representatives.tasks import delivery_send

            transaction.on_commit(lambda: delivery_send.delay(delivery.pk))
    return delivery


def _signature(delivery: Delivery) -> str:
    return f"\n\n--\n{delivery.sender_name}\n{delivery.sender_address}\n{delivery.sender_email}\n"


def _is_transient(exc: AnymailAPIError) -> bool:
    status = getattr(exc, "status_code", None)
    return status is None or status == 429 or status >= 500


def delivery_send(*, delivery_id: int, final_attempt: bool = False) -> None:
    """Send a queued email delivery once; a second call, or a retried task, sends nothing."""
    # Claiming the row is the lock: only the caller that moves it from queued sends it.
    claimed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return
    delivery = Delivery.objects.get(pk=delivery_id)
    # Attempts survive re-queueing by the sweeper, which starts a fresh task.
    final_attempt = final_attempt or delivery.attempts >= MAX_ATTEMPTS
    message = EmailMessage(
        subject=delivery.subject,
        body=delivery.body + _signature(delivery),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient_email],
        reply_to=[formataddr((delivery.sender_name, delivery.sender_email))],
        # The same Message-ID on every attempt lets mail systems drop the copy that a
        # worker lost mid-send could cause once the sweeper re-queues it.
        headers={"Message-ID": delivery_message_id(delivery)},
    )
    try:
        message.send()
    except AnymailAPIError as exc:
        transient = _is_transient(exc) and not isinstance(
            exc, AnymailRecipientsRefused | AnymailInvalidAddress
        )
        _delivery_failed(delivery, exc, retry=transient and not final_attempt)
        if transient and not final_attempt:
            raise TransientDeliveryError(_describe(exc)) from exc
        return
    except OSError as exc:  # the network, or an SMTP relay that is down
        _delivery_failed(delivery, exc, retry=not final_attempt)
        if not final_attempt:
            raise TransientDeliveryError(_describe(exc)) from exc
        return
    status = getattr(message, "anymail_status", None)
    message_id = status.message_id if status else None
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT,
        esp_message_id="" if message_id is None else str(message_id),
        sent_at=timezone.now(),
        last_error="",
        updated_at=timezone.now(),
    )


def delivery_message_id(delivery: Delivery) -> str:
    """Return the Message-ID header every attempt at this delivery carries."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<delivery-{delivery.pk}-{delivery.created_at:%Y%m%d%H%M%S}@{domain}>"


def deliveries_sweep(*, now: datetime | None = None) -> list[int]:
    """Re-queue deliveries a dead worker left behind; return the ids queued again.

    A row still `sending` past the hard time limit belongs to a worker that was killed:
    no live task can hold it any more. A row `queued` for longer than the broker's
    visibility timeout lost its task (the broker was down when it was queued, or the
    message was purged): retries wait at most an hour, inside that timeout.
    """
    from representatives.tasks import delivery_send

    now = now or timezone.now()
    stuck = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    lost = now - timedelta(seconds=settings.TASK_VISIBILITY_TIMEOUT + 300)
    exhausted = Delivery.objects.filter(
        status=Delivery.Status.SENDING, updated_at__lt=stuck, attempts__gte=MAX_ATTEMPTS
    ).update(
        status=Delivery.Status.FAILED,
        last_error="The worker sending it stopped on every attempt.",
        updated_at=now,
    )
    if exhausted:
        logger.warning("%s deliveries failed after their workers died on every attempt", exhausted)
    ids = list(
        Delivery.objects.filter(
            Q(status=Delivery.Status.SENDING, updated_at__lt=stuck)
            | Q(status=Delivery.Status.QUEUED, updated_at__lt=lost),
            channel__in=[Delivery.Channel.EMAIL, Delivery.Channel.CWC],
        ).values_list("pk", flat=True)
    )
    if not ids:
        return []
    Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.QUEUED, updated_at=now)
    for pk in ids:
        transaction.on_commit(lambda pk=pk: delivery_send.delay(pk))
    logger.info("re-queued %s deliveries", len(ids))
    return ids


def _describe(exc: Exception) -> str:
    try:
        text = str(exc)
    except Exception:  # an exception whose str() itself fails is still recorded
        text = str(exc.args[0]) if exc.args else ""
    return f"{exc.__class__.__name__}: {text}"[:2000]


def _delivery_failed(delivery: Delivery, exc: Exception, *, retry: bool) -> None:
    logger.warning("delivery %s failed (retry=%s): %s", delivery.pk, retry, exc.__class__.__name__)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.QUEUED if retry else Delivery.Status.FAILED,
        last_error=_describe(exc),
        updated_at=timezone.now(),
    )


TRACKING_STATUS = {
    "delivered": Delivery.Status.DELIVERED,
    "bounced": Delivery.Status.BOUNCED,
    "rejected": Delivery.Status.BOUNCED,
    "complained": Delivery.Status.COMPLAINED,
}


def delivery_tracking_record(*, message_id: str, event_type: str) -> int:
    """Record what the email provider reported about a sent delivery; return rows changed."""
    status = TRACKING_STATUS.get(event_type)
    if not status or not message_id:
        return 0
    return Delivery.objects.filter(
        esp_message_id=message_id,
        status__in=[Delivery.Status.SENT, Delivery.Status.DELIVERED],
    ).update(status=status, updated_at=timezone.now())


def delivery_handoff(*, delivery: Delivery) -> Handoff:
    """Return the text and the official's channels, for an advocate to deliver by hand."""
    channels = list(delivery.official.channels.all())
    offices = list(delivery.official.district_offices.all())

    def values(kind: str) -> list[str]:
        return [c.value for c in channels if c.kind == kind]

    return Handoff(
        text=f"{delivery.subject}\n\n{delivery.body}{_signature(delivery)}",
        contact_forms=values(ContactChannel.Kind.CONTACT_FORM),
        phones=values(ContactChannel.Kind.PHONE) + [o.phone for o in offices if o.phone],
        addresses=values(ContactChannel.Kind.ADDRESS),
    )
