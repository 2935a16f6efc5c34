import json

from django.core.management.base import BaseCommand

from campaigns.services import person_data_export


class Command(BaseCommand):
    help = "Print, as JSON, everything held about an email address (a subject access request)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        self.stdout.write(json.dumps(person_data_export(email=email), indent=2, ensure_ascii=False))
