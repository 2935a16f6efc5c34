"""Demo data for officials: the public datasets, when they are beside the project.

The import commands read them from a path or URL; the demo uses PUBLIC_DATA_DIR (by
default `../shared/data`, beside the project) so `make demo` works offline. Open States
(about 40 s) is left to `manage.py import_openstates_people`. The President's and Vice
President's public channels are not in the dataset, so they are entered here.
"""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from representatives import importers
from representatives.models import ContactChannel, DataImport, Office, Term

WHITE_HOUSE_CHANNELS = [
    {"kind": ContactChannel.Kind.PHONE, "value": "202-456-1111", "label": "Comment line"},
    {"kind": ContactChannel.Kind.PHONE, "value": "202-456-1414", "label": "Switchboard"},
    {
        "kind": ContactChannel.Kind.CONTACT_FORM,
        "value": "https://www.whitehouse.gov/contact/",
        "label": "",
    },
    {
        "kind": ContactChannel.Kind.ADDRESS,
        "value": "The White House, 1600 Pennsylvania Avenue NW, Washington, DC 20500",
        "label": "",
    },
]


def seed(*, log: Callable[[str], None]) -> None:
    """Import the officials datasets once, then add the White House's channels."""
    data = Path(settings.PUBLIC_DATA_DIR)
    zccd = data / "us-zipcodes-congress" / "zccd.csv"
    if not DataImport.objects.filter(source="congress-legislators").exists():
        if not (data / "congress-legislators").is_dir():
            log(f"No public datasets at {data}; set PUBLIC_DATA_DIR or run the import commands.")
            return
        for record in (
            importers.divisions_import(location=str(data / "ocd-division-ids")),
            importers.legislators_import(location=str(data / "congress-legislators")),
            importers.zip_districts_import(location=str(zccd)),
        ):
            log(f"Imported {record.source} in {record.seconds:.1f} s.")
    executive = Term.objects.current().filter(office__level=Office.Level.FEDERAL_EXECUTIVE)
    for term in executive.select_related("official"):
        for channel in WHITE_HOUSE_CHANNELS:
            _, created = ContactChannel.objects.get_or_create(
                official=term.official,
                kind=channel["kind"],
                value=channel["value"],
                defaults={"label": channel["label"]},
            )
            if created:
                log(f"White House channel for {term.official}: {channel['value']}")
