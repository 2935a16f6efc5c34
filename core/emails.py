"""Build emails from templates, in the language of the person who gets them.

Each email is three templates under templates/emails/<app>/: `<event>_subject.txt`,
`<event>_body.txt` and `<event>_body.html`. They are rendered inside
`translation.override(language)`, so a supporter who signed up in Spanish gets Spanish
email whatever language the worker runs in.
"""

import smtplib
from typing import Any

from anymail.exceptions import AnymailAPIError, AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def email_build(
    *,
    template: str,
    context: dict[str, Any],
    to: list[str],
    language: str,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """Render an email's subject, text and HTML in `language` and return it unsent."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        context["LANGUAGE_CODE"] = translation.get_language()
        # A subject is one header line whatever the template holds.
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or [],
        headers=headers or {},
    )
    message.attach_alternative(html, "text/html")
    return message


def error_describe(exc: BaseException, *, limit: int = 2000) -> str:
    """Return a sending error as one line for a delivery's record."""
    try:
        text = str(exc)
    except Exception:  # anymail's errors format their response, which may be missing
        text = str(exc.args[0]) if exc.args else ""
    return f"{exc.__class__.__name__}: {text}"[:limit]


def send_error_is_transient(exc: BaseException) -> bool:
    """Whether trying the send again later may work: rate limits, 5xx, the network.

    A refused recipient or sender, an invalid address and any other 4xx are permanent.
    """
    if isinstance(exc, AnymailRecipientsRefused | AnymailInvalidAddress):
        return False
    if isinstance(exc, AnymailAPIError):
        status = getattr(exc, "status_code", None)
        return status is None or status == 429 or status >= 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return False
    return isinstance(exc, smtplib.SMTPException | OSError)
