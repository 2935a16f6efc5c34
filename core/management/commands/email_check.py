from django.conf import settings
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
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the email.",
        )

    def handle(self, *args, to: str, language: str, **options):
        try:
            validate_email(to)
        except ValidationError as exc:
            raise CommandError(f"Not an email address: {to!r}") from exc
        services.email_check_queue(to=to, language=language)
        self.stdout.write(self.style.SUCCESS(f"Queued a check email to {to}."))
