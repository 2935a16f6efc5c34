from representatives.importers import ZCCD_URL, zip_districts_import
from representatives.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Import ZIP code to congressional district links from zccd.csv (a path or URL)."
    default_location = ZCCD_URL

    def run_import(self, location: str):
        return zip_districts_import(location=location, warn=self.stderr.write)
