from anymail.signals import tracking
from django.dispatch import receiver

from legislation import alerts

# What the provider reports that means: never email this address again.
SUPPRESSING_EVENTS = {"bounced", "complained", "unsubscribed", "rejected"}


@receiver(tracking, dispatch_uid="legislation.suppress_from_tracking")
def suppress_from_tracking(sender, event, esp_name, **kwargs) -> None:
    """A bounce, complaint or provider unsubscribe stops every alert to the address."""
    if event.event_type in SUPPRESSING_EVENTS and event.recipient:
        alerts.subscriber_suppress(email=event.recipient, reason=f"{esp_name}: {event.event_type}")
