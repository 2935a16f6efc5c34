from anymail.signals import tracking
from django.dispatch import receiver

from representatives import services


@receiver(tracking, dispatch_uid="representatives.delivery_tracking")
def delivery_tracking(sender, event, esp_name, **kwargs) -> None:
    services.delivery_tracking_record(
        message_id=event.message_id or "", event_type=event.event_type
    )
