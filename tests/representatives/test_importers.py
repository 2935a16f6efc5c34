import shutil

import pytest

from core.exceptions import SourceUnavailable
from representatives.importers import (
    ImportLog,
    clean_url,
    congress_number,
    legislators_import,
    zip_districts_import,
)
from representatives.models import (
    ContactChannel,
    DataImport,
    DistrictOffice,
    Official,
    SocialAccount,
    Term,
    ZipDistrict,
)
from tests.representatives.conftest import LEGISLATORS, TODAY, ZCCD

pytestmark = pytest.mark.django_db


def test_import_records_officials_terms_channels_and_its_source(imported):
    legislators, zips = imported

    assert legislators.counts["members of Congress"] == 7
    assert legislators.counts["executive officials"] == 2
    assert legislators.congress == 119
    assert legislators.location == LEGISLATORS
    assert Term.objects.current().count() == 9
    senior = Official.objects.get(bioguide_id="S000001")
    assert set(senior.channels.values_list("kind", flat=True)) == {
        "website", "contact_form", "phone", "address",
    }  # fmt: skip
    assert dict(senior.social_accounts.values_list("platform", "handle")) == {
        "x": "SenSenior", "facebook": "sallysenior", "youtube": "channel/UC123",
        "mastodon": "@senior@example.social",
    }  # fmt: skip
    assert senior.district_offices.count() == 2
    president = Official.objects.get(govtrack_id=900)
    assert president.bioguide_id is None
    assert zips.counts["zip codes"] == 5


def test_malformed_records_are_repaired_or_skipped_with_a_warning_naming_them(db):
    warnings = []

    record = legislators_import(location=LEGISLATORS, today=TODAY, warn=warnings.append)

    assert ContactChannel.objects.filter(value="https://junior.senate.gov/contact").exists()
    assert any("S000002" in w and "repaired" in w for w in warnings)
    assert any("R000007" in w and "not a url" in w for w in warnings)
    assert any("'govtrack': 8" in w and "skipped" in w for w in warnings)
    assert record.counts["warnings"] == len(warnings)
    zip_warnings = []
    zip_districts_import(location=ZCCD, warn=zip_warnings.append)
    assert len(zip_warnings) == 2
    assert all("zccd line" in w for w in zip_warnings)


def test_a_second_import_writes_nothing(imported):
    snapshot = [
        list(model.objects.order_by("pk").values())
        for model in (Official, Term, ContactChannel, SocialAccount, DistrictOffice, ZipDistrict)
    ]

    again = legislators_import(location=LEGISLATORS, today=TODAY)
    zips = zip_districts_import(location=ZCCD)

    assert [
        list(model.objects.order_by("pk").values())
        for model in (Official, Term, ContactChannel, SocialAccount, DistrictOffice, ZipDistrict)
    ] == snapshot
    assert set(again.counts) == {"members of Congress", "executive officials", "warnings"}
    assert zips.counts["added"] == zips.counts["removed"] == 0
    assert DataImport.objects.count() == 4


def test_reimport_ends_the_terms_of_those_no_longer_listed(imported, tmp_path):
    folder = tmp_path / "congress-legislators"
    shutil.copytree(LEGISLATORS, folder)
    current = (folder / "legislators-current.yaml").read_text()
    # Drop Alaska's member from the next snapshot.
    start = current.index("- id: {bioguide: R000100")
    end = current.index("- id: {bioguide: D000001")
    (folder / "legislators-current.yaml").write_text(current[:start] + current[end:])

    record = legislators_import(location=str(folder), today=TODAY)

    term = Term.objects.get(official__bioguide_id="R000100")
    assert term.is_current is False
    assert term.end_date == TODAY
    assert record.counts["terms ended"] == 1


def test_reimport_keeps_data_corrected_by_hand(imported):
    senior = Official.objects.get(bioguide_id="S000001")
    senior.name = "Senator Sally Senior"
    senior.corrected_by_hand = True
    senior.save()
    ContactChannel.objects.create(official=senior, kind="email", value="sally@senate.example")

    legislators_import(location=LEGISLATORS, today=TODAY)

    senior.refresh_from_db()
    assert senior.name == "Senator Sally Senior"
    assert senior.channels.filter(kind="email").exists()


def test_an_unreadable_source_is_a_clear_error(db, tmp_path):
    with pytest.raises(SourceUnavailable, match=r"legislators-current\.yaml"):
        legislators_import(location=str(tmp_path), today=TODAY)
    with pytest.raises(SourceUnavailable, match="only local paths and http"):
        zip_districts_import(location="ftp://example.org/zccd.csv")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://a.gov/x", "https://a.gov/x"),
        ("hhttps://a.gov/x", "https://a.gov/x"),
        ("HHTTP://a.gov", "http://a.gov"),
        ("javascript:alert(1)", ""),
        ("", ""),
    ],
)
def test_clean_url(value, expected):
    assert clean_url(value, record="r", log=ImportLog()) == expected


def test_congress_number_follows_the_calendar():
    from datetime import date

    assert congress_number(date(2018, 4, 11)) == 115
    assert congress_number(date(2025, 1, 2)) == 118
    assert congress_number(date(2025, 1, 3)) == 119
    assert congress_number(date(2027, 1, 3)) == 120
