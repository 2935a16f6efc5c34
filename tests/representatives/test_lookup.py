import pytest

from representatives.exceptions import InvalidZip, UnknownZip
from representatives.selectors import officials_for_zip

pytestmark = pytest.mark.django_db


def _who(lookup):
    return [(t.official.name, t.office.title) for t in lookup.terms]


def test_zip_in_one_district_gets_president_vice_president_senators_and_member(imported):
    lookup = officials_for_zip(zip_code="98101")

    assert lookup.ambiguous is False
    assert lookup.districts == ["ocd-division/country:us/state:wa/cd:7"]
    assert _who(lookup) == [
        ("Pat President", "President"),
        ("Vic Vice", "Vice President"),
        ("Jon Junior", "U.S. Senator"),
        ("Sally Senior", "U.S. Senator"),
        ("Sam Seventh", "U.S. Representative"),
    ]
    assert lookup.data_as_of is not None


def test_zip_split_across_districts_lists_every_candidate_and_says_so(imported):
    lookup = officials_for_zip(zip_code="98052-1234")

    assert lookup.zip_code == "98052"
    assert lookup.ambiguous is True
    assert lookup.districts == [
        "ocd-division/country:us/state:wa/cd:1",
        "ocd-division/country:us/state:wa/cd:9",
    ]
    house = [t.official.name for t in lookup.terms if t.office.level == "us_house"]
    assert house == ["Rita First"]
    # Nobody holds WA-9 in the fixture: the seat is reported vacant, not skipped.
    assert lookup.vacancies == ["The House seat for Washington congressional district 9 is vacant."]
    assert lookup.district_choices[1] == (
        "ocd-division/country:us/state:wa/cd:9",
        "Washington congressional district 9",
    )


def test_at_large_state_gets_its_single_member(imported):
    lookup = officials_for_zip(zip_code="99501")

    assert [t.office.title for t in lookup.terms if t.office.level == "us_house"] == [
        "U.S. Representative"
    ]
    assert lookup.districts == ["ocd-division/country:us/state:ak/cd:at-large"]
    assert lookup.vacancies == ["Both of Alaska's Senate seats are vacant."]


@pytest.mark.parametrize(
    ("zip_code", "title"), [("20001", "Delegate"), ("00601", "Resident Commissioner")]
)
def test_dc_and_territories_get_their_delegate_and_no_senators(imported, zip_code, title):
    lookup = officials_for_zip(zip_code=zip_code)

    assert [t.office.title for t in lookup.terms] == ["President", "Vice President", title]
    assert lookup.vacancies == []


@pytest.mark.parametrize("bad", ["", "1234", "123456", "ABCDE", "98101-12", "SW1A 1AA"])
def test_malformed_zip_is_a_clear_error(db, bad):
    with pytest.raises(InvalidZip, match="five-digit"):
        officials_for_zip(zip_code=bad)


def test_unknown_zip_is_a_clear_error(imported):
    with pytest.raises(UnknownZip, match="99999"):
        officials_for_zip(zip_code="99999")


def test_data_as_of_is_cached_and_a_new_import_refreshes_it(imported, django_assert_num_queries):
    from representatives.importers import zip_districts_import
    from representatives.models import DataImport
    from representatives.selectors import data_as_of
    from tests.representatives.conftest import ZCCD

    first = data_as_of()
    with django_assert_num_queries(0):
        assert data_as_of() == first

    zip_districts_import(location=ZCCD)
    DataImport.objects.update(snapshot_date="2027-01-05")

    assert str(data_as_of()) == "2027-01-05"
