"""What the import commands share: one location argument and a summary line."""

from django.core.management.base import BaseCommand, CommandError

from core.exceptions import SourceUnavailable


class ImportCommand(BaseCommand):
    default_location = ""

    def add_arguments(self, parser):
        parser.add_argument(
            "location",
            nargs="?",
            default=self.default_location,
            help=f"A local path or an http(s) URL (default: {self.default_location}).",
        )

    def run_import(self, location: str):
        raise NotImplementedError

    def handle(self, *args, location: str, **options):
        try:
            record = self.run_import(location)
        except SourceUnavailable as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{name}: {value}" for name, value in sorted(record.counts.items()))
        self.stdout.write(
            self.style.SUCCESS(f"{record.source} in {record.seconds:.1f} s ({counts})")
        )
