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
