import re
from dataclasses import dataclass, field, replace
from datetime import date

from django.core import signing
from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import geography
from representatives import geocoding, tokens
from representatives.exceptions import GeocoderUnavailable, InvalidZip, UnknownZip
from representatives.models import (
    ContactChannel,
    DataImport,
    Delivery,
    DistrictOffice,
    Division,
    Office,
    Official,
    SocialAccount,
    Term,
    ZipDistrict,
)

_ZIP = re.compile(r"(\d{5})(?:-?\d{4})?")
LOOKUP_SOURCES = ("congress-legislators", "us-zipcodes-congress")
_LEVEL_ORDER = {
    Office.Level.FEDERAL_EXECUTIVE: 0,
    Office.Level.US_SENATE: 1,
    Office.Level.US_HOUSE: 2,
}


class AddressStatus:
    """What became of the street address given with a ZIP code."""

    NONE = ""  # no address was given
    MATCHED = "matched"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"  # the geocoder did not answer
    OFF = "off"  # no geocoder is configured


@dataclass(frozen=True)
class ZipLookup:
    """Who represents a ZIP code in Washington, and how sure we are of the House seat."""

    zip_code: str
    state: str
    districts: list[str]
    terms: list[Term]
    vacancies: list[str] = field(default_factory=list)
    data_as_of: date | None = None
    district_names: dict[str, str] = field(default_factory=dict)
    address_status: str = AddressStatus.NONE
    matched_address: str = ""
    # OCD ids of the state-legislative districts and city a geocoded address lies in.
    state_divisions: list[str] = field(default_factory=list)

    @property
    def district_choices(self) -> list[tuple[str, str]]:
        """(OCD id, name) of each district the ZIP code overlaps, for the person to pick."""
        return [(ocd_id, self.district_names.get(ocd_id, ocd_id)) for ocd_id in self.districts]

    @property
    def ambiguous(self) -> bool:
        """True when the ZIP code lies in more than one congressional district."""
        return len(self.districts) > 1


def zip_normalise(value: str) -> str:
    """Return the five-digit ZIP code in `value` (ZIP+4 accepted), or raise InvalidZip."""
    match = _ZIP.fullmatch((value or "").strip())
    if not match:
        raise InvalidZip(_("Enter a five-digit US ZIP code, such as 98101."))
    return match.group(1)


def state_for_zip(*, zip_code: str) -> str:
    """Return the postal abbreviation of the state a US ZIP code lies in, or ""."""
    match = _ZIP.fullmatch((zip_code or "").strip())
    return _state_for_zip5(match.group(1)) if match else ""


# A ZIP code does not change state, and every petition signature asks, so each process
# remembers the answers it found (about 33,000 ZIP codes at most). A miss is not kept:
# the ZIP table may simply not be imported yet.
_ZIP_STATES: dict[str, str] = {}


def _state_for_zip5(zip5: str) -> str:
    state = _ZIP_STATES.get(zip5)
    if state is None:
        state = ZipDistrict.objects.filter(zcta=zip5).values_list("state", flat=True).first()
        if not state:
            return ""
        _ZIP_STATES[zip5] = state
    return state


def zip_states_forget() -> None:
    """Forget the remembered ZIP-code states (after an import, and between tests)."""
    _ZIP_STATES.clear()


DATA_AS_OF_CACHE_KEY = "representatives:data-as-of"
DATA_AS_OF_CACHE_SECONDS = 300


def data_as_of() -> date | None:
    """Return the date of the oldest dataset the lookup relies on.

    Every lookup shows it, and it changes only when an import runs (which clears it), so
    it is cached; the short lifetime covers processes whose own cache the import cannot
    reach.
    """
    cached = cache.get(DATA_AS_OF_CACHE_KEY)
    if cached is not None:
        return cached or None
    dates = []
    for source in LOOKUP_SOURCES:
        latest = DataImport.objects.filter(source=source).order_by("-finished_at").first()
        if latest is None:
            dates = []
            break
        dates.append(latest.snapshot_date or latest.finished_at.date())
    value = min(dates) if dates else None
    # False stands for "no data yet", which a cache miss (None) cannot.
    cache.set(DATA_AS_OF_CACHE_KEY, value or False, DATA_AS_OF_CACHE_SECONDS)
    return value


def officials_for_zip(*, zip_code: str) -> ZipLookup:
    """Return the President, Vice President, senators and House member(s) for a ZIP code.

    A ZIP code split between districts lists every district's member: the caller must
    ask for a street address or a choice, never pick one.
    """
    zip5 = zip_normalise(zip_code)
    links = list(ZipDistrict.objects.filter(zcta=zip5).select_related("division"))
    if not links:
        raise UnknownZip(
            _(
                "We found no congressional district for ZIP code %(zip)s. "
                "Check it, or try a nearby ZIP code."
            )
            % {"zip": zip5}
        )
    district_names = {link.division.ocd_id: link.division.name for link in links}
    return _federal_lookup(zip5, links[0].state, district_names)


def officials_for_address(*, zip_code: str, street: str) -> ZipLookup:
    """Return the officials for a street address: one House seat, state districts, city.

    Without a geocoder, or when it cannot place the address, this is the ZIP code lookup,
    with `address_status` saying why the address was not used.
    """
    zip5 = zip_normalise(zip_code)
    street = " ".join((street or "").split())
    if not street:
        return officials_for_zip(zip_code=zip5)
    geocoder = geocoding.geocoder_get()
    if geocoder is None:
        return replace(officials_for_zip(zip_code=zip5), address_status=AddressStatus.OFF)
    try:
        place = geocoder.geocode(street=street, zip_code=zip5)
    except GeocoderUnavailable:
        return replace(officials_for_zip(zip_code=zip5), address_status=AddressStatus.UNAVAILABLE)
    seated = _seated_congress()
    congress, district = place.house_district(seated) if place else (None, None)
    if place is None or district is None or place.state not in geography.ALL:
        return replace(officials_for_zip(zip_code=zip5), address_status=AddressStatus.NOT_FOUND)
    found = {
        "address_status": AddressStatus.MATCHED,
        "matched_address": place.matched_address,
        "state_divisions": address_divisions(place),
    }
    if congress and seated and congress != seated:
        # A district on the next Congress's map may not be the seat the person has now:
        # keep the ZIP code's candidates for the House and use the rest of the address.
        return replace(officials_for_zip(zip_code=zip5), **found)
    ocd_id = geography.congressional_district_ocd_id(place.state, district)
    name = Division.objects.filter(ocd_id=ocd_id).values_list(
        "name", flat=True
    ).first() or geography.congressional_district_name(place.state, district)
    return _federal_lookup(zip5, place.state, {ocd_id: name}, **found)


def _seated_congress() -> int | None:
    """Return the Congress of the imported members, which the House lookup is for."""
    return (
        DataImport.objects.filter(source="congress-legislators", congress__isnull=False)
        .order_by("-finished_at")
        .values_list("congress", flat=True)
        .first()
    )


def _federal_lookup(zip5: str, state: str, district_names: dict[str, str], **extra) -> ZipLookup:
    districts = sorted(district_names)
    # The offices first, through the unique index on the division's OCD id: an OR across
    # levels and divisions made the planner scan every division in the country. Each of
    # these divisions holds only offices of its own level (the country the President's,
    # a state its senators', a district its House seat), so the level filter is a guard.
    offices = Office.objects.filter(
        division__ocd_id__in=[geography.COUNTRY_OCD_ID, geography.state_ocd_id(state), *districts],
        level__in=list(_LEVEL_ORDER),
    ).values("pk")
    terms = list(
        Term.objects.current()
        .filter(office__in=offices)
        .select_related("official", "office__division")
        .prefetch_related(
            Prefetch("official__channels", queryset=ContactChannel.objects.order_by("kind", "pk")),
            Prefetch(
                "official__social_accounts", queryset=SocialAccount.objects.order_by("platform")
            ),
            Prefetch(
                "official__district_offices", queryset=DistrictOffice.objects.order_by("city", "pk")
            ),
        )
    )
    terms.sort(
        key=lambda t: (
            _LEVEL_ORDER[t.office.level],
            t.office.title != "President",
            t.office.division.ocd_id,
            t.official.family_name,
        )
    )
    return ZipLookup(
        zip_code=zip5,
        state=state,
        districts=districts,
        terms=terms,
        vacancies=_vacancies(state, district_names, terms),
        data_as_of=data_as_of(),
        district_names=district_names,
        **extra,
    )


_ORDINALS = {
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
    "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
}  # fmt: skip
_NAME_NOISE = {
    "state", "senate", "house", "district", "districts", "legislative", "assembly", "of",
    "delegates", "representatives", "county", "no", "the", "and",
}  # fmt: skip


def _name_key(name: str, state: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", name.lower().replace(geography.ALL[state].lower(), " "))
    return frozenset(_ORDINALS.get(w, w.lstrip("0") or "0") for w in words if w not in _NAME_NOISE)


def address_divisions(place: geocoding.GeocodedAddress) -> list[str]:
    """Return the OCD ids of the state districts and city a geocoded address lies in.

    Numbered districts match their OCD id; named ones ("1st Middlesex") match by name.
    A district or city with no division here is left out, and the person picks it.
    """
    prefix = geography.state_ocd_id(place.state)
    found = []
    for kind, district in (("sldu", place.upper), ("sldl", place.lower)):
        if district is None:
            continue
        candidate = f"{prefix}/{kind}:{int(district.code)}" if district.code.isdigit() else ""
        if candidate and Division.objects.filter(ocd_id=candidate).exists():
            found.append(candidate)
            continue
        wanted = _name_key(district.name, place.state)
        for ocd_id, name in Division.objects.filter(state=place.state, kind=kind).values_list(
            "ocd_id", "name"
        ):
            if wanted and _name_key(name, place.state) == wanted:
                found.append(ocd_id)
                break
    if place.place_geoid:
        city = (
            Division.objects.filter(census_geoid=f"place-{place.place_geoid}")
            .values_list("ocd_id", flat=True)
            .first()
        )
        # Places the OCD files lack (some Open States cities) go by their name.
        city = city or (
            Division.objects.filter(
                ocd_id=f"{prefix}/place:{'_'.join(place.place_name.lower().split())}"
            )
            .values_list("ocd_id", flat=True)
            .first()
        )
        if city:
            found.append(city)
    return found


def handoff_get(*, token: str) -> Delivery:
    """Return the delivery a hand-off token opens, or 404 if it is forged or expired."""
    try:
        pk, until = tokens.handoff_token_read(token)
    except signing.BadSignature as exc:
        raise Http404 from exc
    if until < timezone.localdate():
        raise Http404
    return get_object_or_404(
        Delivery.objects.select_related("official").prefetch_related(
            "official__channels", "official__district_offices"
        ),
        pk=pk,
    )


def _official_lookup(key: str) -> Q:
    if key.startswith("govtrack-") and key[9:].isdigit():
        return Q(govtrack_id=int(key[9:]))
    if key.startswith("id-") and key[3:].isdigit():
        return Q(pk=int(key[3:]))
    return Q(bioguide_id=key) | Q(ocd_person_id=f"ocd-person/{key}")


def official_get(*, key: str) -> Official:
    """Return an official by their public key, with everything their page shows."""
    return get_object_or_404(
        Official.objects.filter(_official_lookup(key)).prefetch_related(
            Prefetch(
                "terms",
                queryset=Term.objects.select_related("office__division").order_by(
                    "-is_current", "-start_date"
                ),
            ),
            "channels",
            "district_offices",
            "social_accounts",
        )
    )


def state_officials(*, abbr: str) -> list[Term]:
    """Return the current federal and state terms of a state, senators first."""
    if abbr not in geography.ALL:
        raise Http404
    terms = list(
        Term.objects.current()
        .filter(office__division__state=abbr)
        .select_related("official", "office__division")
        .order_by("office__level", "office__division__ocd_id", "official__family_name")
    )
    order = list(Office.Level)
    terms.sort(key=lambda t: order.index(t.office.level))
    return terms


@dataclass(frozen=True)
class StateLevel:
    """A state's statewide officials, and the districts a person can pick for the rest."""

    statewide: list[Term]
    chosen: list[Term]
    upper_districts: list[tuple[str, str]]
    lower_districts: list[tuple[str, str]]
    places: list[tuple[str, str]]


def _choices(abbr: str, level: str) -> list[tuple[str, str]]:
    rows = (
        Term.objects.current()
        .filter(office__level=level, office__division__state=abbr)
        .values_list("office__division__ocd_id", "office__division__name")
        .distinct()
    )
    # Natural order: district 2 before district 10.
    return sorted(
        rows, key=lambda row: [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", row[1])]
    )


def state_level(*, abbr: str, chosen: list[str]) -> StateLevel:
    """Return statewide officials and the officials of the chosen districts and place.

    Without a geocoder the person picks their state-legislative districts and city from
    lists of the divisions that have someone in office.
    """
    terms = list(
        Term.objects.current()
        .filter(
            Q(
                office__level=Office.Level.STATE_EXECUTIVE,
                office__division__ocd_id=geography.state_ocd_id(abbr),
            )
            | Q(
                office__level__in=[
                    Office.Level.STATE_UPPER,
                    Office.Level.STATE_LOWER,
                    Office.Level.LOCAL,
                ],
                office__division__state=abbr,
                office__division__ocd_id__in=[c for c in chosen if c],
            )
        )
        .select_related("official", "office__division")
        .prefetch_related(
            "official__channels", "official__district_offices", "official__social_accounts"
        )
        .order_by("office__level", "office__title", "official__family_name")
    )
    return StateLevel(
        statewide=[t for t in terms if t.office.level == Office.Level.STATE_EXECUTIVE],
        chosen=[t for t in terms if t.office.level != Office.Level.STATE_EXECUTIVE],
        upper_districts=_choices(abbr, Office.Level.STATE_UPPER),
        lower_districts=_choices(abbr, Office.Level.STATE_LOWER),
        places=_choices(abbr, Office.Level.LOCAL),
    )


def _vacancies(state: str, district_names: dict[str, str], terms: list[Term]) -> list[str]:
    held = {t.office.division.ocd_id for t in terms if t.office.level == Office.Level.US_HOUSE}
    vacancies = [
        _("The House seat for %(district)s is vacant.") % {"district": name}
        for ocd_id, name in sorted(district_names.items())
        if ocd_id not in held
    ]
    senators = sum(1 for t in terms if t.office.level == Office.Level.US_SENATE)
    if state in geography.STATES and senators < 2:
        vacant = 2 - senators
        vacancies.append(
            ngettext(
                "One of %(state)s's two Senate seats is vacant.",
                "Both of %(state)s's Senate seats are vacant.",
                vacant,
            )
            % {"state": geography.STATES[state]}
        )
    return vacancies


def official_pk_for_bioguide(*, bioguide_id: str) -> int | None:
    """Return the id of the member of Congress with this bioguide id, if imported."""
    return Official.objects.filter(bioguide_id=bioguide_id).values_list("pk", flat=True).first()


def executive_official_pks() -> dict[str, int]:
    """Return the ids of the sitting President and Vice President by title, if imported."""
    terms = Term.objects.current().filter(office__level=Office.Level.FEDERAL_EXECUTIVE)
    return dict(terms.values_list("office__title", "official_id"))


def officials_with_channels(*, pks: list[int]) -> dict[int, Official]:
    """Return officials by id with their terms (current first), channels and accounts."""
    officials = Official.objects.filter(pk__in=pks).prefetch_related(
        Prefetch(
            "terms",
            queryset=Term.objects.select_related("office__division").order_by(
                "-is_current", "-start_date"
            ),
            to_attr="terms_latest_first",
        ),
        Prefetch("channels", queryset=ContactChannel.objects.order_by("kind", "pk")),
        Prefetch("social_accounts", queryset=SocialAccount.objects.order_by("platform")),
        Prefetch("district_offices", queryset=DistrictOffice.objects.order_by("city", "pk")),
    )
    return {official.pk: official for official in officials}


def deliveries_for_email(*, email: str) -> list[dict]:
    """Return the messages an address sent to officials, as a data export shows them."""
    deliveries = Delivery.objects.filter(sender_email=email.strip().lower()).select_related(
        "official"
    )
    return [
        {
            "official": d.official.name,
            "action": d.action_key,
            "subject": d.subject,
            "body": d.body,
            "sender_name": d.sender_name,
            "sender_address": d.sender_address,
            "channel": d.channel,
            "status": d.status,
            "created_at": d.created_at.isoformat(),
            "sent_at": d.sent_at.isoformat() if d.sent_at else None,
        }
        for d in deliveries.order_by("pk")
    ]
