from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from core import services


class Command(BaseCommand):
    help = (
        "Send a check email through the same path the app uses (the Celery worker when "
        "a broker is configured, then the configured email backend)."
    )

    def add_arguments(self, parser):
        parser.add_argument("to", help="Address to send the check email to.")

    def handle(self, *args, to: str, **options):
        try:
            validate_email(to)
        except ValidationError as exc:
            raise CommandError(f"Not an email address: {to!r}") from exc
        services.email_check_queue(to=to)
        self.stdout.write(self.style.SUCCESS(f"Queued a check email to {to}."))
