from celery import shared_task

from representatives import services
from representatives.exceptions import TransientDeliveryError


@shared_task(
    bind=True,
    autoretry_for=(TransientDeliveryError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS - 1,
)
def delivery_send(self, delivery_id: int) -> None:
    """Send one email delivery; retried with backoff only on transient provider errors."""
    services.delivery_send(
        delivery_id=delivery_id, final_attempt=self.request.retries >= self.max_retries
    )


@shared_task
def deliveries_sweep() -> None:
    """Re-queue deliveries that a dead worker or a lost task left behind (on the beat)."""
    services.deliveries_sweep()
