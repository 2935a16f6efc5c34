from representatives.importers import CONGRESS_LEGISLATORS_URL, legislators_import
from representatives.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import members of Congress, the President and the Vice President from the "
        "unitedstates/congress-legislators files in a folder or at a base URL."
    )
    default_location = CONGRESS_LEGISLATORS_URL

    def run_import(self, location: str):
        return legislators_import(location=location, warn=self.stderr.write)
