"""US states, DC and territories, and the OCD division ids built from them."""

STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
FEDERAL_DISTRICT = {"DC": "District of Columbia"}
TERRITORIES = {
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands",
}  # fmt: skip
ALL = STATES | FEDERAL_DISTRICT | TERRITORIES

COUNTRY_OCD_ID = "ocd-division/country:us"


def state_kind(abbr: str) -> str:
    """Return the OCD type of a state-level place: state, district or territory."""
    if abbr in FEDERAL_DISTRICT:
        return "district"
    if abbr in TERRITORIES:
        return "territory"
    return "state"


def state_ocd_id(abbr: str) -> str:
    return f"{COUNTRY_OCD_ID}/{state_kind(abbr)}:{abbr.lower()}"


def congressional_district_ocd_id(abbr: str, district: int) -> str:
    """District 0 is the at-large seat (single-district states, DC, territories)."""
    number = "at-large" if district == 0 else str(district)
    return f"{state_ocd_id(abbr)}/cd:{number}"


def congressional_district_name(abbr: str, district: int) -> str:
    place = ALL[abbr]
    if district == 0:
        return f"{place} at-large congressional district"
    return f"{place} congressional district {district}"
