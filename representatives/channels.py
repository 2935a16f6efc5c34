"""The channels a message to an official travels by, one backend each behind one interface.

A backend sends one claimed delivery and returns the provider's message id. It raises
TransientDeliveryError when trying again later may work (rate limits, 5xx, the network)
and PermanentDeliveryError when it will not; the delivery service records either.
"""

import urllib.request
from collections.abc import Callable
from email.utils import formataddr
from typing import Protocol
from urllib.error import HTTPError
from urllib.parse import quote

from anymail.exceptions import AnymailAPIError
from django.conf import settings
from django.core.mail import EmailMessage

from core.emails import error_describe, send_error_is_transient
from representatives import cwc
from representatives.exceptions import PermanentDeliveryError, TransientDeliveryError
from representatives.models import Delivery

CWC_TIMEOUT_SECONDS = 30


class Channel(Protocol):
    def send(self, delivery: Delivery) -> str:
        """Send the delivery once and return the provider's message id."""


def signature(delivery: Delivery) -> str:
    """Return the advocate's sign-off: name, postal address and email address."""
    return f"\n\n--\n{delivery.sender_name}\n{delivery.sender_address}\n{delivery.sender_email}\n"


def letter_text(delivery: Delivery) -> str:
    """Return the letter: the organisation's statement, the advocate's words, the sign-off."""
    parts = [delivery.organisation_statement, delivery.body]
    return "\n\n".join(p for p in parts if p) + signature(delivery)


def message_id_header(delivery: Delivery) -> str:
    """Return the Message-ID header every attempt at this delivery carries."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<delivery-{delivery.pk}-{delivery.created_at:%Y%m%d%H%M%S}@{domain}>"


class EmailChannel:
    """Email through anymail: From the platform, Reply-To the advocate, signed by them."""

    def send(self, delivery: Delivery) -> str:
        message = EmailMessage(
            subject=delivery.subject,
            body=letter_text(delivery),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.recipient_email],
            reply_to=[formataddr((delivery.sender_name, delivery.sender_email))],
            # The same Message-ID on every attempt lets mail systems drop the copy that a
            # worker lost mid-send could cause once the sweeper re-queues it.
            headers={"Message-ID": message_id_header(delivery)},
        )
        try:
            message.send()
        except AnymailAPIError as exc:
            error = (
                TransientDeliveryError if send_error_is_transient(exc) else PermanentDeliveryError
            )
            raise error(error_describe(exc)) from exc
        except OSError as exc:  # the network, or an SMTP relay that is down
            raise TransientDeliveryError(error_describe(exc)) from exc
        status = getattr(message, "anymail_status", None)
        message_id = status.message_id if status else None
        return "" if message_id is None else str(message_id)


class CwcChannel:
    """Communicating with Congress: one XML message posted to the member's chamber."""

    def __init__(self, opener: Callable[..., object] = urllib.request.urlopen) -> None:
        self.opener = opener

    def send(self, delivery: Delivery) -> str:
        term = cwc.congress_term(delivery.official_id)
        if term is None:
            raise PermanentDeliveryError("The official is no longer in office.")
        chamber = cwc.CHAMBERS[term.office.level]
        config = cwc.cwc_config(chamber)
        if config is None:
            raise PermanentDeliveryError(
                f"Sending through CWC to the {chamber} is switched off: no API key is set."
            )
        try:
            xml = cwc.message_build(delivery=delivery, term=term, config=config)
        except cwc.CwcInvalid as exc:
            raise PermanentDeliveryError(f"The CWC message is not valid: {exc}") from exc
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            f"{config.url}?apikey={quote(config.api_key)}",
            data=xml,
            headers={"Content-Type": "application/xml"},
            method="POST",
        )
        try:
            with self.opener(request, timeout=CWC_TIMEOUT_SECONDS):  # type: ignore[attr-defined]
                pass
        except HTTPError as exc:
            # The Senate answers 409 to a delivery id it already has: it was delivered.
            if exc.code == 409:
                return cwc.delivery_id(delivery)
            answer = exc.read()[:1000].decode("utf-8", "replace")
            error = (
                TransientDeliveryError
                if exc.code == 429 or exc.code >= 500
                else PermanentDeliveryError
            )
            raise error(f"CWC answered {exc.code}: {answer}") from exc
        except OSError as exc:
            raise TransientDeliveryError(error_describe(exc)) from exc
        return cwc.delivery_id(delivery)


def channel_get(kind: str) -> Channel:
    """Return the backend that sends deliveries of a channel."""
    backends: dict[str, type] = {
        Delivery.Channel.EMAIL: EmailChannel,
        Delivery.Channel.CWC: CwcChannel,
    }
    if kind not in backends:
        raise PermanentDeliveryError(f"Deliveries by {kind} are not sent by the platform.")
    return backends[kind]()
