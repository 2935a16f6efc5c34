from anymail.signals import tracking
from django.dispatch import receiver

from campaigns import letters, services


@receiver(tracking, dispatch_uid="campaigns.people_from_tracking")
def people_from_tracking(sender, event, esp_name, **kwargs) -> None:
    """A bounce, complaint or provider unsubscribe stops all petition mail to the address."""
    if event.recipient:
        services.person_mail_refused(email=event.recipient, event=event.event_type, esp=esp_name)


@receiver(tracking, dispatch_uid="campaigns.letters_from_tracking")
def letters_from_tracking(sender, event, esp_name, **kwargs) -> None:
    """A company letter's delivery or bounce, as its provider reports it, shows on its row."""
    if event.message_id:
        letters.outreach_tracking_record(message_id=event.message_id, event_type=event.event_type)
