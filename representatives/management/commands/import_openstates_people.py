from representatives.importers import OPENSTATES_URL, people_import
from representatives.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = (
        "Import state legislators, statewide officials and mayors from Open States people: "
        "a .tar.gz (path or URL) or an unpacked folder."
    )
    default_location = OPENSTATES_URL

    def run_import(self, location: str):
        return people_import(location=location, warn=self.stderr.write)
