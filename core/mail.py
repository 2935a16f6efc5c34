"""An email backend that keeps messages in the database instead of sending them.

It is the embedded default: a newcomer reads what the app sent at /outbox/ and
clicks its links, and end-to-end tests open confirmation emails the same way. It
reports an anymail-style status so code that stores ESP message ids works unchanged.
"""

from collections.abc import Sequence

from anymail.message import AnymailRecipientStatus, AnymailStatus
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from core.models import OutboxMessage


def _html_alternative(message: EmailMessage) -> str:
    for alternative in getattr(message, "alternatives", []) or []:
        content, mimetype = alternative[0], alternative[1]
        if mimetype == "text/html":
            return str(content)
    if message.content_subtype == "html":
        return str(message.body)
    return ""


class OutboxEmailBackend(BaseEmailBackend):
    """Store each message as an OutboxMessage row."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            # Build the MIME message so header injection and bad addresses fail here
            # exactly as they would with a real backend.
            mime = message.message()
            html = _html_alternative(message)
            text = "" if message.content_subtype == "html" else str(message.body)
            row = OutboxMessage.objects.create(
                from_email=str(mime["From"]),
                to=list(message.to),
                cc=list(message.cc),
                bcc=list(message.bcc),
                reply_to=list(message.reply_to),
                subject=str(mime["Subject"]),
                body_text=text,
                body_html=html,
                headers={k: str(v) for k, v in message.extra_headers.items()},
            )
            status = AnymailStatus()
            status.set_recipient_status(
                {
                    email: AnymailRecipientStatus(message_id=row.message_id, status="sent")
                    for email in message.recipients()
                }
            )
            message.anymail_status = status
            sent += 1
        return sent
