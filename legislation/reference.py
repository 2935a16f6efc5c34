"""Reference data every database needs before the first bill: jurisdictions and subjects.

The data migration loads it (with historical models), and so does the demo seed (with
the real ones), since test databases are built without running migrations.
"""

from core.geography import FEDERAL_DISTRICT, STATES

FEDERAL_OCD_ID = "ocd-jurisdiction/country:us/government"

SUBJECTS = [
    ("human-trafficking", "Human trafficking"),
    ("sex-trafficking", "Sex trafficking"),
    ("forced-labor", "Forced labor in supply chains"),
    ("prison-labor", "Prison labor"),
    ("foster-care", "Foster care and child welfare"),
    ("children-and-youth", "Trafficked children and youth"),
    ("climate-displacement", "Climate change and displacement"),
    ("online-exploitation", "Online exploitation"),
    ("migrant-workers", "Migrant and guest workers"),
    ("survivor-support", "Survivor support and protections"),
]


def jurisdiction_ocd_id(abbr: str) -> str:
    kind = "district" if abbr in FEDERAL_DISTRICT else "state"
    return f"ocd-jurisdiction/country:us/{kind}:{abbr.lower()}/government"


def reference_data_ensure(*, jurisdiction_model, subject_model) -> None:
    """Create the federal and state jurisdictions and the subject vocabulary if missing."""
    jurisdiction_model.objects.get_or_create(
        ocd_id=FEDERAL_OCD_ID,
        defaults={"name": "United States", "classification": "federal", "slug": "us"},
    )
    for abbr, name in (STATES | FEDERAL_DISTRICT).items():
        jurisdiction_model.objects.get_or_create(
            ocd_id=jurisdiction_ocd_id(abbr),
            defaults={"name": name, "classification": "state", "slug": abbr.lower(), "state": abbr},
        )
    for slug, name in SUBJECTS:
        subject_model.objects.get_or_create(slug=slug, defaults={"name": name})
