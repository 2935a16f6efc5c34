"""Demo data for core: a local admin account and the organisations the hub starts with.

Facts only, descriptions in our own words. Each app that has demo data keeps it in its
own `demo.py` with a `seed(*, log)` function; `manage.py seed_demo` runs them all.
"""

from collections.abc import Callable

from core.models import Organisation
from core.services import row_upsert

ORGANISATIONS = [
    {
        "slug": "polaris",
        "name": "Polaris",
        "website": "https://polarisproject.org/",
        "description": (
            "Operates the U.S. National Human Trafficking Hotline and turns what it "
            "learns there into pressure for systemic change."
        ),
    },
    {
        "slug": "international-justice-mission",
        "name": "International Justice Mission",
        "website": "https://www.ijm.org/",
        "description": (
            "Works alongside police and courts to protect people living in poverty "
            "from violence, forced labor and sex trafficking."
        ),
    },
    {
        "slug": "ncose",
        "name": "National Center on Sexual Exploitation",
        "website": "https://endsexualexploitation.org/",
        "description": (
            "Presses companies and lawmakers to change the policies that enable "
            "sexual exploitation."
        ),
    },
    {
        "slug": "freedom-united",
        "name": "Freedom United",
        "website": "https://www.freedomunited.org/",
        "description": (
            "An online community that runs petitions and campaigns against modern "
            "slavery around the world."
        ),
    },
    {
        "slug": "human-trafficking-search",
        "name": "Human Trafficking Search",
        "website": "https://humantraffickingsearch.org/",
        "description": (
            "Maintains a global, multilingual library of research and resources on "
            "human trafficking."
        ),
    },
]


def seed(*, log: Callable[[str], None]) -> None:
    """Load the core demo rows; running it again changes nothing."""
    for entry in ORGANISATIONS:
        values = {k: v for k, v in entry.items() if k != "slug"}
        _org, written = row_upsert(
            model=Organisation, lookup={"slug": entry["slug"]}, values=values
        )
        if written:
            log(f"Organisation: {entry['name']}")
