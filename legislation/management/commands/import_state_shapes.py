from django.core.management.base import BaseCommand, CommandError

from core.exceptions import SourceUnavailable
from legislation.services import state_shapes_import

US_ATLAS_URL = "https://cdn.jsdelivr.net/npm/us-atlas@3/states-albers-10m.json"


class Command(BaseCommand):
    help = "Import state outlines for the state-law maps from us-atlas's states-albers-10m.json."

    def add_arguments(self, parser):
        parser.add_argument(
            "location",
            nargs="?",
            default=US_ATLAS_URL,
            help=f"A local path or an http(s) URL (default: {US_ATLAS_URL}).",
        )

    def handle(self, *args, location: str, **options):
        try:
            count = state_shapes_import(location=location)
        except SourceUnavailable as exc:
            raise CommandError(str(exc)) from exc
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise CommandError(f"{location}: not a us-atlas topology ({exc!r})") from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {count} state outlines."))
