from representatives.importers import OCD_DIVISIONS_URL, divisions_import
from representatives.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import OCD division ids (states, territories, congressional and state legislative "
        "districts, places) from the ocd-division-ids CSV files in a folder or at a base URL."
    )
    default_location = OCD_DIVISIONS_URL

    def run_import(self, location: str):
        return divisions_import(location=location, warn=self.stderr.write)
