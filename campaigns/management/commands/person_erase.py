from django.core.management.base import BaseCommand

from campaigns.services import person_erase


class Command(BaseCommand):
    help = (
        "Erase what is held about an email address: signatures keep counting but lose "
        "everything personal, and the address is suppressed (kept only as a hash)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reason", default="erased on request")

    def handle(self, *args, email: str, reason: str, **options):
        held = person_erase(email=email, reason=reason)
        if held:
            self.stdout.write(self.style.SUCCESS("Erased. The address will never be mailed again."))
        else:
            self.stdout.write("Nothing was held about that address; it is now suppressed.")
