"""Import the full public datasets once (CI's PostgreSQL pass) and check the counts."""

import csv
import tarfile
from datetime import date

import pytest
import yaml

from representatives import importers
from representatives.models import Office, Term
from representatives.selectors import officials_for_zip
from tests.conftest import SHARED_DATA

pytestmark = [pytest.mark.needs_shared_data, pytest.mark.needs_postgres, pytest.mark.django_db]


def _current(role: dict, today: date) -> bool:
    start, end = role.get("start_date"), role.get("end_date")
    return (not start or date.fromisoformat(str(start)) <= today) and (
        not end or date.fromisoformat(str(end)) >= today
    )


def _openstates_expected(path, today: date) -> dict[str, int]:
    expected = {"legislature": 0, "executive": 0, "municipalities": 0}
    with tarfile.open(path) as archive:
        for member in archive:
            parts = member.name.split("/")
            if len(parts) != 4 or parts[0] != "data" or parts[1] == "us":
                continue
            if parts[2] not in expected or not member.name.endswith(".yml"):
                continue
            person = yaml.load(archive.extractfile(member), Loader=yaml.CSafeLoader)
            if any(_current(role, today) for role in person.get("roles") or []):
                expected[parts[2]] += 1
    return expected


def test_full_import_matches_the_files():
    today = date.today()
    timings = {}

    record = importers.divisions_import(location=str(SHARED_DATA / "ocd-division-ids"), today=today)
    timings["ocd-division-ids"] = record.seconds
    congress = importers.legislators_import(
        location=str(SHARED_DATA / "congress-legislators"), today=today
    )
    timings["congress-legislators"] = congress.seconds
    zips = importers.zip_districts_import(
        location=str(SHARED_DATA / "us-zipcodes-congress" / "zccd.csv")
    )
    timings["zccd"] = zips.seconds
    tarball = SHARED_DATA / "openstates-people" / "openstates-people-current.tar.gz"
    people = importers.people_import(location=str(tarball), today=today)
    timings["openstates-people"] = people.seconds
    print("import seconds:", timings, "total:", round(sum(timings.values()), 1))

    legislators = yaml.load(
        (SHARED_DATA / "congress-legislators" / "legislators-current.yaml").read_bytes(),
        Loader=yaml.CSafeLoader,
    )
    assert congress.counts["members of Congress"] == len(legislators) == 537
    assert Term.objects.current().filter(office__level=Office.Level.US_SENATE).count() == 100
    assert congress.counts["executive officials"] == 2
    with open(SHARED_DATA / "us-zipcodes-congress" / "zccd.csv", newline="") as handle:
        zctas = {row["zcta"] for row in csv.DictReader(handle)}
    assert zips.counts["zip codes"] == len(zctas)
    expected = _openstates_expected(tarball, today)
    assert people.counts["state legislators"] == expected["legislature"]
    assert people.counts["statewide officials"] == expected["executive"]
    assert people.counts["mayors"] == expected["municipalities"]

    # A ZIP code in Washington, DC resolves to DC's delegate and no senators.
    lookup = officials_for_zip(zip_code="20001")
    assert [t.office.title for t in lookup.terms][:2] == ["President", "Vice President"]
    assert not [t for t in lookup.terms if t.office.level == Office.Level.US_SENATE]
    assert lookup.terms[-1].office.title == "Delegate"
