from datetime import date

import pytest

from representatives.importers import legislators_import, zip_districts_import
from tests.fixture_data import FIXTURE_DATA

FIXTURES = FIXTURE_DATA
LEGISLATORS = str(FIXTURES / "congress-legislators")
ZCCD = str(FIXTURES / "us-zipcodes-congress" / "zccd.csv")
OPENSTATES = str(FIXTURES / "openstates")
TODAY = date(2026, 11, 23)


@pytest.fixture
def imported(db):
    """The fixture datasets, imported as on TODAY."""
    legislators = legislators_import(location=LEGISLATORS, today=TODAY)
    zips = zip_districts_import(location=ZCCD)
    return legislators, zips
