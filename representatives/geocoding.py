"""Turn a street address into the districts and city it lies in.

Off by default: a geocoder sends the address to a service on the internet. The setting
OFFICIALS_GEOCODER names one ("census" for the US Census Bureau's free geocoder, or the
dotted path of a class with the same interface); without it, people pick their state
districts and city from lists instead.
"""

import json
import logging
import re
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlencode

from django.conf import settings
from django.utils.module_loading import import_string

from core import geography
from representatives.exceptions import GeocoderUnavailable

logger = logging.getLogger(__name__)

CENSUS_URL = "https://geocoding.geo.census.gov/geocoder/geographies/address"
# Census codes that name no district: water, or parts of a state with no such chamber.
_NO_DISTRICT = {"", "ZZ", "ZZZ", "ZZZZZ"}
_CD_LAYER = re.compile(r"(\d+)(?:st|nd|rd|th) Congressional Districts$")
# House seats without a number: "00" at-large, "98" the delegates of DC and the territories.
_AT_LARGE = {"00", "98"}


@dataclass(frozen=True)
class CensusDistrict:
    """A state-legislative district as the Census Bureau codes and names it."""

    code: str
    name: str


@dataclass(frozen=True)
class GeocodedAddress:
    """Where an address lies: its state, House district, state districts and city."""

    matched_address: str
    state: str
    congressional_district: int | None = None
    # The Congress whose map the district comes from: the Census moves to the next
    # Congress's map weeks before it is seated.
    congress: int | None = None
    # Every map the response carried: {Congress: district number, None for water}.
    house_districts: dict[int, int | None] = field(default_factory=dict)
    upper: CensusDistrict | None = None
    lower: CensusDistrict | None = None
    place_geoid: str = ""
    place_name: str = ""

    def house_district(self, congress: int | None) -> tuple[int | None, int | None]:
        """Return (Congress, district) on the given Congress's map, else on the first one."""
        if congress in self.house_districts:
            return congress, self.house_districts[congress]
        return self.congress, self.congressional_district


class Geocoder(Protocol):
    """Anything that can place a US street address."""

    def geocode(self, *, street: str, zip_code: str) -> GeocodedAddress | None:
        """Return where the address lies, None when nothing matches it.

        Raise GeocoderUnavailable when the service cannot answer.
        """


Opener = Callable[..., object]


class CensusGeocoder:
    """The US Census Bureau's geocoder, current benchmark and vintage."""

    def __init__(
        self,
        *,
        url: str = CENSUS_URL,
        timeout: float = 5.0,
        opener: Opener = urllib.request.urlopen,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.opener = opener

    def geocode(self, *, street: str, zip_code: str) -> GeocodedAddress | None:
        query = urlencode(
            {
                "street": street,
                "zip": zip_code,
                "benchmark": "Public_AR_Current",
                "vintage": "Current_Current",
                "layers": "all",
                "format": "json",
            }
        )
        try:
            with self.opener(f"{self.url}?{query}", timeout=self.timeout) as response:  # type: ignore[attr-defined]
                payload = json.loads(response.read())
        except (OSError, ValueError) as exc:
            # The address itself is never logged: it is personal data.
            logger.warning("the Census geocoder did not answer: %s", exc.__class__.__name__)
            raise GeocoderUnavailable(str(exc)) from exc
        return census_parse(payload)


def census_parse(payload: dict) -> GeocodedAddress | None:
    """Read the first address match of a Census geographies response.

    When the service finds several addresses that lie in different districts, the
    address is too vague to place: None, as for no match.
    """
    matches = (payload.get("result") or {}).get("addressMatches") or []
    places = [_census_match(match) for match in matches]
    places = [place for place in places if place is not None]
    if not places:
        return None
    first = places[0]
    if any(
        (p.state, p.congressional_district, p.upper, p.lower)
        != (first.state, first.congressional_district, first.upper, first.lower)
        for p in places[1:]
    ):
        return None
    return first


def _layer(geographies: dict, *suffixes: str) -> dict:
    for name, rows in geographies.items():
        if name.endswith(suffixes) and rows:
            return rows[0]
    return {}


def _census_match(match: dict) -> GeocodedAddress | None:
    geographies = match.get("geographies") or {}
    state = geography.FIPS.get(str(_layer(geographies, "States").get("STATE", "")))
    if state is None:
        return None
    # Around a new Congress a response can carry both maps ("119th" and "120th ...");
    # every one is kept, and the lookup takes the seated Congress's.
    house: dict[int, int | None] = {}
    for name, rows in geographies.items():
        session = _CD_LAYER.match(name)
        if not session or not rows:
            continue
        # CD119 = "07"; some vintages give only GEOID = state FIPS + district ("5307").
        code = rows[0].get(f"CD{session.group(1)}") or str(rows[0].get("GEOID", ""))[2:]
        house[int(session.group(1))] = _house_district(str(code))
    congress = min(house) if house else None
    upper = _layer(geographies, "State Legislative Districts - Upper")
    lower = _layer(geographies, "State Legislative Districts - Lower")
    place = _layer(geographies, "Incorporated Places")
    return GeocodedAddress(
        matched_address=str(match.get("matchedAddress", "")),
        state=state,
        congressional_district=house.get(congress) if congress else None,
        congress=congress,
        house_districts=house,
        upper=_district(upper, "SLDU"),
        lower=_district(lower, "SLDL"),
        place_geoid=str(place.get("GEOID", "")),
        place_name=str(place.get("BASENAME") or place.get("NAME") or ""),
    )


def _house_district(code: str) -> int | None:
    if code in _AT_LARGE:
        return 0
    return int(code) if code.isdigit() else None


def _district(row: dict, key: str) -> CensusDistrict | None:
    code = str(row.get(key, "")).strip()
    if code in _NO_DISTRICT:
        return None
    return CensusDistrict(code=code, name=str(row.get("NAME", "")))


def geocoder_get() -> Geocoder | None:
    """Return the configured geocoder, or None when addresses are not geocoded."""
    name = settings.OFFICIALS_GEOCODER
    if not name:
        return None
    if name == "census":
        return CensusGeocoder(
            url=settings.CENSUS_GEOCODER_URL, timeout=settings.OFFICIALS_GEOCODER_TIMEOUT
        )
    return import_string(name)()
