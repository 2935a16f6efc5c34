"""Placing a street address: the Census geocoder client and the lookup that uses it."""

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from representatives import geocoding
from representatives.exceptions import GeocoderUnavailable
from representatives.geocoding import CensusDistrict, CensusGeocoder, census_parse
from representatives.importers import divisions_import, people_import
from representatives.models import Division
from representatives.selectors import AddressStatus, address_divisions, officials_for_address
from tests.loopback import LoopbackService, loopback_service
from tests.representatives.conftest import OPENSTATES, TODAY
from tests.representatives.test_lookup import _who

pytestmark = pytest.mark.django_db

CENSUS = Path(__file__).parent / "fixtures" / "census"
MATCH = json.loads((CENSUS / "geographies_match.json").read_text())
NO_MATCH = json.loads((CENSUS / "geographies_no_match.json").read_text())
WA = "ocd-division/country:us/state:wa"


def _geographies(**layers) -> dict:
    match = json.loads(json.dumps(MATCH["result"]["addressMatches"][0]))
    match["geographies"].update(layers)
    return match


@pytest.fixture
def census() -> Iterator[LoopbackService]:
    with loopback_service("/geocoder/geographies/address") as service:
        yield service


@pytest.fixture
def geocoder_on(settings, census):
    settings.OFFICIALS_GEOCODER = "census"
    settings.CENSUS_GEOCODER_URL = census.url
    settings.OFFICIALS_GEOCODER_TIMEOUT = 2
    return census


@pytest.fixture
def state_data(imported):
    """Divisions with their Census ids, and the state legislators, governor and mayor."""
    divisions_import(location=str(Path(OPENSTATES).parent / "ocd-division-ids"))
    people_import(location=OPENSTATES, today=TODAY)


def test_a_census_match_gives_state_house_seat_state_districts_and_city():
    place = census_parse(MATCH)

    assert place.matched_address == "100 EXAMPLE AVE, TACOMA, WA, 98052"
    assert place.state == "WA"
    assert (place.congressional_district, place.congress) == (1, 119)
    assert place.upper == CensusDistrict(code="024", name="State Senate District 24")
    assert place.lower == CensusDistrict(code="024", name="State Legislative District 24")
    assert (place.place_geoid, place.place_name) == ("5370000", "Tacoma")


def test_no_census_match_is_none():
    assert census_parse(NO_MATCH) is None
    assert census_parse({}) is None


@pytest.mark.parametrize(("code", "number"), [("00", 0), ("98", 0), ("12", 12), ("ZZ", None)])
def test_at_large_seats_and_delegates_are_district_zero_and_water_is_none(code, number):
    district = {"STATE": "11", "CD119": code, "GEOID": f"11{code}"}
    match = _geographies(**{"119th Congressional Districts": [district]})

    assert census_parse({"result": {"addressMatches": [match]}}).congressional_district == number


def test_a_chamber_the_address_has_no_district_in_is_left_out():
    match = _geographies(**{"2024 State Legislative Districts - Lower": [{"SLDL": "ZZZ"}]})

    assert census_parse({"result": {"addressMatches": [match]}}).lower is None


def test_matches_that_disagree_on_the_districts_place_nothing():
    other = _geographies(**{"119th Congressional Districts": [{"CD119": "09"}]})
    same = _geographies()

    assert census_parse({"result": {"addressMatches": [same, same]}}) is not None
    assert census_parse({"result": {"addressMatches": [same, other]}}) is None


def test_the_census_client_asks_for_the_current_geographies_of_the_address(census):
    census.answer(200, json.dumps(MATCH).encode())

    place = CensusGeocoder(url=census.url).geocode(street="100 Example Ave", zip_code="98052")

    assert place.congressional_district == 1
    query = parse_qs(urlsplit(census.requests[0]["path"]).query)
    assert query == {
        "street": ["100 Example Ave"],
        "zip": ["98052"],
        "benchmark": ["Public_AR_Current"],
        "vintage": ["Current_Current"],
        "layers": ["all"],
        "format": ["json"],
    }


@pytest.mark.parametrize(
    ("status", "body", "delay"),
    [(500, b"oops", 0), (200, b"<html>maintenance</html>", 0), (200, b"{}", 1.0)],
    ids=["server-error", "not-json", "timeout"],
)
def test_a_census_service_that_fails_is_unavailable_not_a_crash(census, status, body, delay):
    census.answer(status, body, delay=delay)

    with pytest.raises(GeocoderUnavailable):
        CensusGeocoder(url=census.url, timeout=0.3).geocode(street="1 A St", zip_code="98052")


def test_without_a_geocoder_the_address_is_not_used_and_nothing_is_sent(imported, settings):
    settings.OFFICIALS_GEOCODER = ""

    lookup = officials_for_address(zip_code="98052", street="100 Example Ave")

    assert geocoding.geocoder_get() is None
    assert lookup.address_status == AddressStatus.OFF
    assert lookup.ambiguous is True


def test_an_address_settles_a_split_zip_and_finds_state_districts_and_city(state_data, geocoder_on):
    geocoder_on.answer(200, json.dumps(MATCH).encode())

    lookup = officials_for_address(zip_code="98052", street="  100   Example Ave ")

    assert lookup.address_status == AddressStatus.MATCHED
    assert lookup.ambiguous is False
    assert lookup.districts == [f"{WA}/cd:1"]
    assert ("Rita First", "U.S. Representative") in _who(lookup)
    assert lookup.state_divisions == [f"{WA}/sldu:24", f"{WA}/sldl:24", f"{WA}/place:tacoma"]
    assert "street=100+Example+Ave&" in geocoder_on.requests[0]["path"]


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ((200, json.dumps(NO_MATCH).encode()), AddressStatus.NOT_FOUND),
        ((503, b"busy"), AddressStatus.UNAVAILABLE),
    ],
)
def test_an_address_that_cannot_be_placed_falls_back_to_the_zip_and_says_why(
    imported, geocoder_on, answer, status
):
    geocoder_on.answer(*answer)

    lookup = officials_for_address(zip_code="98052", street="1 Nowhere Rd")

    assert lookup.address_status == status
    assert lookup.ambiguous is True
    assert len(lookup.districts) == 2


def test_named_districts_match_by_name_and_missing_ones_are_left_to_the_person(db):
    Division.objects.create(
        ocd_id="ocd-division/country:us/state:ma/sldu:1st_suffolk",
        name="Massachusetts First Suffolk district",
        kind="sldu",
        state="MA",
    )
    place = geocoding.GeocodedAddress(
        matched_address="1 A ST, BOSTON, MA, 02108",
        state="MA",
        congressional_district=8,
        upper=CensusDistrict(code="D05", name="1st Suffolk District"),
        lower=CensusDistrict(code="D99", name="27th Middlesex District"),
        place_geoid="2507000",
        place_name="Boston",
    )

    assert address_divisions(place) == ["ocd-division/country:us/state:ma/sldu:1st_suffolk"]


def test_api_with_an_address_adds_state_legislators_governor_and_mayor(
    client, state_data, geocoder_on
):
    geocoder_on.answer(200, json.dumps(MATCH).encode())

    body = client.get("/api/officials", {"zip": "98052", "address": "100 Example Ave"}).json()

    assert body["address_status"] == "matched"
    assert body["matched_address"] == "100 EXAMPLE AVE, TACOMA, WA, 98052"
    assert body["ambiguous"] is False
    assert body["districts"] == [
        f"{WA}/cd:1",
        f"{WA}/sldu:24",
        f"{WA}/sldl:24",
        f"{WA}/place:tacoma",
    ]
    names = {o["name"]: o["level"] for o in body["officials"]}
    assert names["Uma Upper"] == "state_upper"
    assert names["Lee Lower"] == "state_lower"
    assert names["Mo Mayor"] == "local"
    assert names["Greta Governor"] == "state_executive"


@pytest.mark.parametrize(
    ("address", "message"),
    [("1 A St" * 50, "too long"), ("1 A St\r\nX-Injected: yes", "one line")],
)
def test_api_refuses_an_address_it_cannot_use_with_400(client, imported, address, message):
    response = client.get("/api/officials", {"zip": "98101", "address": address})

    assert response.status_code == 400
    assert message in response.json()["error"]


def test_the_page_asks_for_an_address_only_when_a_geocoder_is_on(client, imported, settings):
    settings.OFFICIALS_GEOCODER = ""
    assert 'name="address"' not in client.get("/officials/").text

    settings.OFFICIALS_GEOCODER = "census"
    assert 'name="address"' in client.get("/officials/").text


def test_the_page_shows_where_the_address_was_placed_and_who_represents_it(
    client, state_data, geocoder_on
):
    geocoder_on.answer(200, json.dumps(MATCH).encode())

    page = client.get("/officials/", {"zip": "98052", "address": "100 Example Ave"}).text

    assert "We placed your address at 100 EXAMPLE AVE, TACOMA, WA, 98052." in page
    assert "lies in 2 congressional districts" not in page
    for name in ("Rita First", "Uma Upper", "Lee Lower", "Mo Mayor", "Greta Governor"):
        assert name in page


def test_the_page_says_when_the_address_service_did_not_answer(client, imported, geocoder_on):
    geocoder_on.answer(503, b"busy")

    page = client.get("/officials/", {"zip": "98052", "address": "100 Example Ave"}).text

    assert "The address service did not answer" in page
    assert "lies in 2 congressional districts" in page


def test_a_district_on_the_next_congress_map_does_not_pick_the_sitting_house_seat(
    state_data, geocoder_on
):
    # Weeks before a new Congress is seated the Census serves its map instead.
    match = _geographies(**{"120th Congressional Districts": [{"CD120": "09", "GEOID": "5309"}]})
    del match["geographies"]["119th Congressional Districts"]
    geocoder_on.answer(200, json.dumps({"result": {"addressMatches": [match]}}).encode())

    lookup = officials_for_address(zip_code="98052", street="100 Example Ave")

    assert census_parse({"result": {"addressMatches": [match]}}).congress == 120
    assert lookup.address_status == AddressStatus.MATCHED
    assert lookup.ambiguous is True
    assert len(lookup.districts) == 2
    assert lookup.state_divisions == [f"{WA}/sldu:24", f"{WA}/sldl:24", f"{WA}/place:tacoma"]


def test_with_both_maps_the_seated_congress_district_is_used(state_data, geocoder_on):
    match = _geographies(**{"120th Congressional Districts": [{"CD120": "09", "GEOID": "5309"}]})
    geocoder_on.answer(200, json.dumps({"result": {"addressMatches": [match]}}).encode())

    lookup = officials_for_address(zip_code="98052", street="100 Example Ave")

    assert lookup.districts == [f"{WA}/cd:1"]


def test_a_district_layer_without_its_code_field_is_read_from_the_geoid():
    layer = {"119th Congressional Districts": [{"GEOID": "5307", "CDSESSN": "119"}]}
    match = _geographies(**layer)

    assert census_parse({"result": {"addressMatches": [match]}}).congressional_district == 7
