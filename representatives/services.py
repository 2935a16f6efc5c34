"""Deliver advocates' messages to officials through the channel each official takes."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from representatives import channels, cwc, tokens
from representatives.exceptions import (
    InvalidMessage,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from representatives.models import ContactChannel, Delivery, Official, Term

logger = logging.getLogger(__name__)

SINGLE_LINE_FIELDS = (
    "sender_name", "subject", "action_key", "sender_prefix", "sender_first_name",
    "sender_last_name", "sender_street", "sender_city", "sender_state", "sender_zip",
    "organisation_name",
)  # fmt: skip
# The delivery task's max_retries plus its first try.
MAX_ATTEMPTS = 9
# A failed delivery's last_error when its official's term ended before it went out;
# what mirrors deliveries tells this apart from a failed send by it.
LEFT_OFFICE_ERROR = "The official left office before it was sent; nothing was sent."


@dataclass(frozen=True)
class Handoff:
    """What an advocate needs to deliver a message by hand."""

    text: str
    contact_forms: list[str]
    phones: list[str]
    addresses: list[str]


def _constituent_complete(fields: dict) -> bool:
    """True when the advocate's name and address are all there, as CWC requires."""
    return fields["sender_prefix"] in cwc.PREFIXES and all(
        fields[name]
        for name in (
            "sender_first_name", "sender_last_name", "sender_street", "sender_city",
            "sender_state", "sender_zip",
        )
    )  # fmt: skip


def _channel_choose(official: Official, fields: dict) -> tuple[str, str]:
    """Return (channel, recipient email): email if taken, CWC if on, else a hand-off."""
    email = (
        official.channels.filter(kind=ContactChannel.Kind.EMAIL)
        .values_list("value", flat=True)
        .first()
    )
    if email:
        return Delivery.Channel.EMAIL, email
    term = cwc.congress_term(official.pk)
    if (
        term is not None
        and cwc.cwc_config(cwc.CHAMBERS[term.office.level])
        and _constituent_complete(fields)
    ):
        return Delivery.Channel.CWC, ""
    return Delivery.Channel.HANDOFF, ""


def delivery_create(
    *,
    official_id: int,
    action_key: str,
    sender_name: str,
    sender_email: str,
    sender_address: str,
    subject: str,
    body: str,
    sender_prefix: str = "",
    sender_first_name: str = "",
    sender_last_name: str = "",
    sender_street: str = "",
    sender_city: str = "",
    sender_state: str = "",
    sender_zip: str = "",
    organisation_name: str = "",
    organisation_statement: str = "",
    position: str = "",
    topics: list[str] | None = None,
    bills: list[dict] | None = None,
    more_info_url: str = "",
) -> Delivery:
    """Record one message to an official and queue it, or hand it to the advocate.

    It goes by email where the official takes email, through Communicating with Congress
    where that is configured and the advocate gave a full postal address, and otherwise
    to the advocate to deliver by hand. Asking again for the same advocate, official and
    action returns the first delivery and sends nothing new.
    """
    fields = {
        "sender_name": sender_name, "subject": subject, "action_key": action_key,
        "sender_prefix": sender_prefix, "sender_first_name": sender_first_name,
        "sender_last_name": sender_last_name, "sender_street": sender_street,
        "sender_city": sender_city, "sender_state": sender_state.upper(),
        "sender_zip": sender_zip, "organisation_name": organisation_name,
    }  # fmt: skip
    for name in SINGLE_LINE_FIELDS:
        if "\r" in fields[name] or "\n" in fields[name]:
            raise InvalidMessage(name, f"{name} must be a single line")
    fields = {name: value.strip() for name, value in fields.items()}
    if position not in {"", "support", "oppose"}:
        raise InvalidMessage("position", "position must be support, oppose or empty")
    official = Official.objects.get(pk=official_id)
    channel, email = _channel_choose(official, fields)
    address = sender_address.strip() or (
        f"{fields['sender_street']}\n{fields['sender_city']}, "
        f"{fields['sender_state']} {fields['sender_zip']}"
    )
    with transaction.atomic():
        delivery, created = Delivery.objects.get_or_create(
            sender_email=sender_email.strip().lower(),
            official=official,
            action_key=fields.pop("action_key"),
            defaults={
                **fields,
                "sender_address": address,
                "body": body,
                "organisation_statement": organisation_statement.strip(),
                "position": position,
                "topics": list(topics or []),
                "bills": list(bills or []),
                "more_info_url": more_info_url,
                "channel": channel,
                "status": (
                    Delivery.Status.HANDED_OFF
                    if channel == Delivery.Channel.HANDOFF
                    else Delivery.Status.QUEUED
                ),
                "recipient_email": email,
            },
        )
        if created and delivery.channel != Delivery.Channel.HANDOFF:
            from representatives.tasks import delivery_send

            transaction.on_commit(lambda: delivery_send.delay(delivery.pk))
    return delivery


def delivery_send(*, delivery_id: int, final_attempt: bool = False) -> None:
    """Send a queued delivery once; a second call, or a retried task, sends nothing."""
    # Claiming the row is the lock: only the caller that moves it from queued sends it.
    claimed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return
    delivery = Delivery.objects.select_related("official").get(pk=delivery_id)
    # An official may leave office between queueing and sending (an importer ended
    # their term): their old office address is not theirs, so the message fails now,
    # without a retry.
    if not Term.objects.current().filter(official_id=delivery.official_id).exists():
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.FAILED,
            last_error=LEFT_OFFICE_ERROR,
            updated_at=timezone.now(),
        )
        logger.info("delivery %s not sent: its official left office", delivery_id)
        return
    # Attempts survive re-queueing by the sweeper, which starts a fresh task.
    final_attempt = final_attempt or delivery.attempts >= MAX_ATTEMPTS
    try:
        message_id = channels.channel_get(delivery.channel).send(delivery)
    except TransientDeliveryError as exc:
        _delivery_failed(delivery, exc, retry=not final_attempt)
        if not final_attempt:
            raise
        return
    except PermanentDeliveryError as exc:
        _delivery_failed(delivery, exc, retry=False)
        return
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT,
        esp_message_id=message_id,
        sent_at=timezone.now(),
        last_error="",
        updated_at=timezone.now(),
    )


def delivery_left_office(delivery: Delivery) -> bool:
    """Whether the delivery failed because its official had left office."""
    return delivery.status == Delivery.Status.FAILED and delivery.last_error == LEFT_OFFICE_ERROR


def delivery_message_id(delivery: Delivery) -> str:
    """Return the Message-ID header every email attempt at this delivery carries."""
    return channels.message_id_header(delivery)


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


def _delivery_failed(delivery: Delivery, exc: Exception, *, retry: bool) -> None:
    logger.warning("delivery %s failed (retry=%s): %s", delivery.pk, retry, exc.__class__.__name__)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.QUEUED if retry else Delivery.Status.FAILED,
        last_error=str(exc)[:2000],
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


def handoff_text(delivery: Delivery) -> str:
    """Return the whole letter as the advocate sends it: subject, words, sign-off."""
    return f"{delivery.subject}\n\n{channels.letter_text(delivery)}"


def handoff_path(delivery: Delivery) -> str:
    """Return the path of the page from which the advocate sends this letter by hand."""
    from django.urls import reverse

    until = delivery.created_at.date() + timedelta(days=tokens.HANDOFF_DAYS)
    token = tokens.handoff_token(delivery_id=delivery.pk, until=until)
    return reverse("representatives:delivery_handoff", kwargs={"token": token})


def delivery_handoff(*, delivery: Delivery) -> Handoff:
    """Return the text and the official's channels, for an advocate to deliver by hand."""
    ways = list(delivery.official.channels.all())
    offices = list(delivery.official.district_offices.all())

    def values(kind: str) -> list[str]:
        return [c.value for c in ways if c.kind == kind]

    return Handoff(
        text=handoff_text(delivery),
        contact_forms=values(ContactChannel.Kind.CONTACT_FORM),
        phones=values(ContactChannel.Kind.PHONE) + [o.phone for o in offices if o.phone],
        addresses=values(ContactChannel.Kind.ADDRESS),
    )


def deliveries_erase(*, email: str) -> int:
    """Erase an address's messages to officials; keep the rows, stop any still queued.

    The rows stay (with their status) so an action's figures stay right; the sender's
    name, address and words go. A message not yet sent is never sent.
    """
    erased = 0
    for delivery in Delivery.objects.filter(sender_email=email.strip().lower()):
        if delivery.status in (Delivery.Status.QUEUED, Delivery.Status.SENDING):
            delivery.status = Delivery.Status.FAILED
            delivery.last_error = "The sender's data was erased before it was sent."
        delivery.sender_email = f"erased-{delivery.pk}@invalid"
        for name in (
            "sender_name", "sender_address", "sender_prefix", "sender_first_name",
            "sender_last_name", "sender_street", "sender_city", "sender_zip", "body",
        ):  # fmt: skip
            setattr(delivery, name, "")
        delivery.save()
        erased += 1
    return erased
