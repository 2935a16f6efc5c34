import tarfile

import pytest

from representatives.importers import divisions_import, people_import
from representatives.models import ContactChannel, Division, Official, Term
from tests.representatives.conftest import FIXTURES, OPENSTATES, TODAY

pytestmark = pytest.mark.django_db
OCD = str(FIXTURES / "ocd-division-ids")


def test_divisions_import_reads_every_file_and_leaves_out_retired_districts():
    warnings = []

    record = divisions_import(location=OCD, today=TODAY, warn=warnings.append)

    assert record.counts["divisions"] == 11
    assert record.counts["retired divisions left out"] == 1
    assert Division.objects.get(ocd_id="ocd-division/country:us/state:wa").kind == "state"
    assert Division.objects.get(ocd_id="ocd-division/country:us/territory:pr").state == "PR"
    seattle = Division.objects.get(ocd_id="ocd-division/country:us/state:wa/place:seattle")
    assert (seattle.kind, seattle.state, seattle.name) == ("place", "WA", "Seattle city")
    assert not Division.objects.filter(ocd_id__endswith="cd:10").exists()
    assert warnings == ["us_congressional_districts.csv line 6: no id or name; skipped"]
    again = divisions_import(location=OCD, today=TODAY)
    assert (again.counts["added"], again.counts["updated"]) == (0, 0)


def test_people_import_takes_current_legislators_statewide_officials_and_mayors():
    divisions_import(location=OCD, today=TODAY)
    warnings = []

    record = people_import(location=OPENSTATES, today=TODAY, warn=warnings.append)

    assert record.counts["state legislators"] == 2
    assert record.counts["statewide officials"] == 1
    assert record.counts["mayors"] == 1
    assert not Official.objects.filter(name="Ed Ended").exists()
    # Members of Congress in data/us are left to the congress-legislators import.
    assert not Official.objects.filter(name="Federal Member").exists()
    lee = Official.objects.get(name="Lee Lower")
    term = lee.terms.get()
    assert term.office.title == "State Representative"
    assert term.office.division.name == "Washington State House district 24"
    assert set(lee.channels.values_list("kind", "value")) == {
        ("email", "lee.lower@leg.wa.example"),
        ("phone", "360-786-0001"),
        ("address", "418 John L. O'Brien Building, Olympia, WA 98504"),
        ("website", "https://leg.wa.example/lower"),
    }
    assert lee.photo_url == "https://leg.wa.example/photos/Lee%20Lower.jpg"
    mayor = Term.objects.get(office__title="Mayor")
    assert mayor.office.division.ocd_id == "ocd-division/country:us/state:wa/place:tacoma"
    assert mayor.office.division.name == "Tacoma city"
    assert Term.objects.get(office__title="Governor").office.level == "state_executive"
    assert any("Broken.yml" in w and "not valid YAML" in w for w in warnings)


def test_people_import_reads_a_tarball_and_is_idempotent(tmp_path):
    archive = tmp_path / "people.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(OPENSTATES, arcname="people-main")
    people_import(location=OPENSTATES, today=TODAY)
    channels = list(ContactChannel.objects.order_by("pk").values())

    record = people_import(location=str(archive), today=TODAY)

    assert record.counts["state legislators"] == 2
    assert "officials written" not in record.counts or record.counts["officials written"] == 0
    assert list(ContactChannel.objects.order_by("pk").values()) == channels
