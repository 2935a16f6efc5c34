import smtplib

from anymail.exceptions import AnymailAPIError
from celery import shared_task

from campaigns import services


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
)
def signature_email_send(signature_id: int, kind: str) -> None:
    """Email a signer their confirmation link, its reminder, or "you had already signed"."""
    services.signature_email_send(signature_id=signature_id, kind=kind)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
)
def signature_confirmations_send() -> None:
    """Mail every new signature its confirmation link; look again soon while there are more."""
    if (
        services.signature_confirmations_send()
        and not signature_confirmations_send.app.conf.task_always_eager
    ):
        signature_confirmations_send.apply_async(countdown=services.CONFIRMATIONS_WAKE_SECONDS)


@shared_task
def signature_reminders_send() -> None:
    """Remind, once, each signer who left a signature unconfirmed for a day (on the beat)."""
    services.signature_reminders_send()


# Only the errors a later try may cure: letters.letter_email_send raises no others.
LETTER_TRANSIENT = (OSError, smtplib.SMTPException, AnymailAPIError)


@shared_task(bind=True, autoretry_for=LETTER_TRANSIENT, retry_backoff=30, max_retries=6)
def letter_dispatch(self, action_id: int, person_id: int, swept: bool = False) -> None:
    """Send a person's company letters for an action, then mail them their receipt."""
    from campaigns import letters

    letters.letter_dispatch(
        action_id=action_id,
        person_id=person_id,
        final_attempt=self.request.retries >= self.max_retries,
        repeat=swept or self.request.retries > 0,
    )


@shared_task
def letter_outreaches_sync() -> None:
    """Copy officials' delivery statuses onto the letters that mirror them (on the beat)."""
    from campaigns import letters

    letters.letter_outreaches_sync()


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
)
def rsvp_email_send(rsvp_id: int) -> None:
    """Email someone who RSVPed the event's time, place, page and calendar file."""
    from campaigns import events

    events.rsvp_email_send(rsvp_id=rsvp_id)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
)
def outreach_consents_email_send(outreach_id: int) -> None:
    """Email a caller or poster the link that gives the consents they ticked."""
    services.outreach_consents_email_send(outreach_id=outreach_id)


@shared_task
def letters_sweep() -> None:
    """Queue again the company letters whose dispatch was lost (on the beat)."""
    from campaigns import letters

    letters.letters_sweep()


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
)
def pledge_email_send(pledge_id: int) -> None:
    """Email a pledger the link to their printable postcards."""
    from campaigns import postcards

    postcards.pledge_email_send(pledge_id=pledge_id)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
)
def event_approved_email_send(event_id: int) -> None:
    """Email an approved event's host its public link and their link to the RSVPs."""
    from campaigns import events

    events.event_approved_email_send(event_id=event_id)


@shared_task(autoretry_for=LETTER_TRANSIENT, retry_backoff=30, max_retries=6)
def letter_undelivered_send(outreach_ids: list[int]) -> None:
    """Tell an advocate which of their letters did not arrive, and how to send them."""
    from campaigns import letters

    letters.letter_undelivered_send(outreach_ids=outreach_ids)
