from celery import shared_task

from legislation import alerts
from legislation.exceptions import TransientSendError
from legislation.models import AlertFrequency


@shared_task
def alert_confirmation_send(subscriber_id: int) -> None:
    """Email the double opt-in link to a new follower."""
    alerts.alert_confirmation_send(subscriber_id=subscriber_id)


@shared_task
def alerts_dispatch_immediate() -> None:
    """Fan new events out to immediate followers (after each change, and every minute)."""
    alerts.alerts_dispatch(frequency=AlertFrequency.IMMEDIATE)


@shared_task
def alerts_dispatch_digest(frequency: str) -> None:
    """Fan the day's or week's events out to digest followers (on the beat)."""
    alerts.alerts_dispatch(frequency=frequency)


@shared_task(
    autoretry_for=(TransientSendError,),
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=alerts.MAX_ATTEMPTS,
)
def alert_batch_send(run_id: int, batch: int) -> None:
    """Send one batch of up to 500 alerts; retried with backoff on transient errors only."""
    alerts.alert_batch_send(run_id=run_id, batch=batch)


@shared_task
def alert_deliveries_sweep() -> None:
    """Re-queue alert batches a dead worker or a lost task left behind (on the beat)."""
    alerts.alert_deliveries_sweep()
