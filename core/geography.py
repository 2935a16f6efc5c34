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


# Census state FIPS codes, which the geocoder returns, to postal abbreviations.
FIPS = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
    "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
    "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
    "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
    "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
    "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
}  # fmt: skip
