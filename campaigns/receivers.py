from anymail.signals import tracking
from django.dispatch import receiver

from campaigns import services


@receiver(tracking, dispatch_uid="campaigns.people_from_tracking")
def people_from_tracking(sender, event, esp_name, **kwargs) -> None:
    """A bounce, complaint or provider unsubscribe stops all petition mail to the address."""
    if event.recipient:
        services.person_mail_refused(email=event.recipient, event=event.event_type, esp=esp_name)
