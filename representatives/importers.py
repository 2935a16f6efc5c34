"""Import officials and districts from public datasets, idempotently.

Each importer reads a path or URL, updates rows in place (a second run writes nothing),
adds what is new, ends the terms of those no longer listed, and records a DataImport
with its source, snapshot and counts. Malformed records are repaired or skipped with a
warning naming them; they never stop an import.
"""

import csv
import io
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import yaml
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from core import geography
from core.services import row_upsert
from core.sources import source_join, source_read
from representatives.models import (
    ContactChannel,
    DataImport,
    DistrictOffice,
    Division,
    Office,
    Official,
    SocialAccount,
    Term,
    ZipDistrict,
)

logger = logging.getLogger(__name__)

CONGRESS_LEGISLATORS_URL = "https://unitedstates.github.io/congress-legislators/"
ZCCD_URL = (
    "https://raw.githubusercontent.com/OpenSourceActivismTech/us-zipcodes-congress/master/zccd.csv"
)
FIRST_CONGRESS_YEAR = 1789

_validate_url = URLValidator(schemes=["http", "https"])
_DOUBLED_SCHEME = re.compile(r"^h+ttp(s?)://", re.IGNORECASE)


@dataclass
class ImportLog:
    """Counts and warnings an import collects as it goes."""

    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    warn_to: Callable[[str], None] | None = None
    started: float = field(default_factory=time.monotonic)

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        logger.warning(message)
        if self.warn_to:
            self.warn_to(message)

    def record(self, *, source: str, location: str, **details) -> DataImport:
        """Save what this import read, found and took, for "data as of" and the admin."""
        from representatives.selectors import DATA_AS_OF_CACHE_KEY, zip_states_forget

        # Cleared now for this process and after commit for the rest.
        cache.delete(DATA_AS_OF_CACHE_KEY)
        zip_states_forget()
        transaction.on_commit(lambda: cache.delete(DATA_AS_OF_CACHE_KEY))
        return DataImport.objects.create(
            source=source,
            location=location,
            counts={**self.counts, "warnings": len(self.warnings)},
            seconds=round(time.monotonic() - self.started, 3),
            **details,
        )


def congress_number(on: date) -> int:
    """Return the number of the Congress sitting on a date (the 119th from 2025-01-03)."""
    year = on.year if (on.month, on.day) >= (1, 3) else on.year - 1
    return (year - FIRST_CONGRESS_YEAR) // 2 + 1


def clean_url(value: str | None, *, record: str, log: ImportLog) -> str:
    """Return a usable http(s) URL, repairing a doubled scheme; '' (with a warning) if not."""
    if not value:
        return ""
    repaired = _DOUBLED_SCHEME.sub(lambda m: f"http{m.group(1).lower()}://", value.strip())
    repaired = repaired.replace(" ", "%20")
    try:
        _validate_url(repaired)
    except ValidationError:
        log.warn(f"{record}: skipped the malformed URL {value!r}")
        return ""
    if repaired != value:
        log.warn(f"{record}: repaired the URL {value!r} to {repaired!r}")
    return repaired


def _parse_yaml(content: bytes):
    # The C loader is several times faster on the 1 MB legislators file, and just as safe.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(content, Loader=loader)  # noqa: S506 - a safe loader


def _load_yaml(location: str) -> list[dict]:
    return _parse_yaml(source_read(location))


def _division(ocd_id: str, *, name: str, kind: str, state: str, cache: dict) -> Division:
    if ocd_id not in cache:
        cache[ocd_id], _ = Division.objects.get_or_create(
            ocd_id=ocd_id, defaults={"name": name, "kind": kind, "state": state}
        )
    return cache[ocd_id]


def _office(division: Division, *, level: str, title: str, cache: dict) -> Office:
    key = (division.pk, level, title)
    if key not in cache:
        cache[key], _ = Office.objects.get_or_create(division=division, level=level, title=title)
    return cache[key]


def _sync_children(
    official: Official, model, *, key: tuple[str, ...], rows: Iterable[dict], log: ImportLog
) -> None:
    """Make the official's rows of `model` exactly `rows`, writing only what differs."""
    wanted = {tuple(row[k] for k in key): row for row in rows}
    existing = {
        tuple(getattr(o, k) for k in key): o for o in model.objects.filter(official=official)
    }
    stale = [obj.pk for k, obj in existing.items() if k not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
        log.counts[f"{model._meta.model_name} removed"] += len(stale)
    for k, row in wanted.items():
        obj = existing.get(k)
        if obj is None:
            model.objects.create(official=official, **row)
            log.counts[f"{model._meta.model_name} added"] += 1
            continue
        changed = [name for name, value in row.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, row[name])
            obj.save(update_fields=changed)
            log.counts[f"{model._meta.model_name} updated"] += 1


def _upsert_official(ids: dict, name: dict, *, party: str, log: ImportLog) -> Official:
    lookup = (
        {"bioguide_id": ids["bioguide"]}
        if ids.get("bioguide")
        else {"govtrack_id": ids["govtrack"]}
    )
    full = name.get("official_full") or " ".join(
        part for part in (name.get("first"), name.get("last")) if part
    )
    values = {
        "name": full,
        "given_name": name.get("nickname") or name.get("first", ""),
        "family_name": name.get("last", ""),
        "party": party,
        "govtrack_id": ids.get("govtrack"),
    }
    values = {name: value for name, value in values.items() if name not in lookup}
    existing = Official.objects.filter(**lookup).first()
    if existing and existing.corrected_by_hand:
        return existing
    official, written = row_upsert(model=Official, lookup=lookup, values=values)
    if written:
        log.counts["officials written"] += 1
    return official


def _upsert_term(official: Official, office: Office, term: dict, log: ImportLog) -> None:
    _, written = row_upsert(
        model=Term,
        lookup={
            "official": official,
            "office": office,
            "start_date": date.fromisoformat(term["start"]),
        },
        values={
            "end_date": date.fromisoformat(term["end"]) if term.get("end") else None,
            "party": term.get("party", ""),
            "senate_class": term.get("class") if term.get("class") in (1, 2, 3) else None,
            "is_current": True,
        },
    )
    if written:
        log.counts["terms written"] += 1


def _end_terms_not_seen(levels: list[str], seen: set[int], today: date, log: ImportLog) -> None:
    gone = Term.objects.current().filter(office__level__in=levels).exclude(official_id__in=seen)
    for term in gone:
        term.is_current = False
        term.end_date = min(term.end_date or today, today)
        term.save(update_fields=["is_current", "end_date"])
        log.counts["terms ended"] += 1


def _congress_office(term: dict, caches: dict) -> Office:
    abbr = term["state"]
    state = _division(
        geography.state_ocd_id(abbr),
        name=geography.ALL[abbr],
        kind=geography.state_kind(abbr),
        state=abbr,
        cache=caches["divisions"],
    )
    if term["type"] == "sen":
        return _office(
            state, level=Office.Level.US_SENATE, title="U.S. Senator", cache=caches["offices"]
        )
    district = int(term.get("district") or 0)
    division = _division(
        geography.congressional_district_ocd_id(abbr, district),
        name=geography.congressional_district_name(abbr, district),
        kind=Division.Kind.CONGRESSIONAL,
        state=abbr,
        cache=caches["divisions"],
    )
    if abbr == "PR":
        title = "Resident Commissioner"
    elif abbr in geography.FEDERAL_DISTRICT or abbr in geography.TERRITORIES:
        title = "Delegate"
    else:
        title = "U.S. Representative"
    return _office(division, level=Office.Level.US_HOUSE, title=title, cache=caches["offices"])


def _term_channels(term: dict, *, record: str, log: ImportLog) -> list[dict]:
    rows = []
    for kind, value in (
        (ContactChannel.Kind.PHONE, term.get("phone")),
        (ContactChannel.Kind.FAX, term.get("fax")),
        (ContactChannel.Kind.ADDRESS, term.get("address")),
    ):
        if value:
            rows.append({"kind": kind, "value": str(value).strip(), "label": "Washington office"})
    for kind, value in (
        (ContactChannel.Kind.WEBSITE, term.get("url")),
        (ContactChannel.Kind.CONTACT_FORM, term.get("contact_form")),
    ):
        if url := clean_url(value, record=record, log=log):
            rows.append({"kind": kind, "value": url, "label": ""})
    return rows


SOCIAL_FIELDS = {
    "twitter": SocialAccount.Platform.X,
    "facebook": SocialAccount.Platform.FACEBOOK,
    "instagram": SocialAccount.Platform.INSTAGRAM,
    "youtube": SocialAccount.Platform.YOUTUBE,
    "mastodon": SocialAccount.Platform.MASTODON,
    "bluesky": SocialAccount.Platform.BLUESKY,
}


def _social_rows(social: dict) -> list[dict]:
    rows = [
        {"platform": platform, "handle": str(social[name]).strip()}
        for name, platform in SOCIAL_FIELDS.items()
        if social.get(name)
    ]
    if not social.get("youtube") and social.get("youtube_id"):
        rows.append(
            {
                "platform": SocialAccount.Platform.YOUTUBE,
                "handle": f"channel/{social['youtube_id']}",
            }
        )
    return rows


def _office_rows(offices: list[dict]) -> list[dict]:
    text = ("address", "suite", "building", "city", "state", "phone", "fax", "hours")
    return [
        {
            "source_id": office["id"],
            **{name: str(office.get(name) or "").strip() for name in text},
            "zip_code": str(office.get("zip") or "").strip(),
            "latitude": office.get("latitude"),
            "longitude": office.get("longitude"),
        }
        for office in offices
        if office.get("id")
    ]


def legislators_import(
    *,
    location: str = CONGRESS_LEGISLATORS_URL,
    today: date | None = None,
    warn: Callable[[str], None] | None = None,
) -> DataImport:
    """Import Congress, the President and the Vice President from congress-legislators.

    `location` is a folder or base URL holding legislators-current.yaml,
    legislators-social-media.yaml, legislators-district-offices.yaml and executive.yaml.
    """
    today = today or timezone.localdate()
    log = ImportLog(warn_to=warn)
    current = _load_yaml(source_join(location, "legislators-current.yaml"))
    social = {
        entry["id"]["bioguide"]: entry.get("social", {})
        for entry in _load_yaml(source_join(location, "legislators-social-media.yaml"))
    }
    offices = {
        entry["id"]["bioguide"]: entry.get("offices", [])
        for entry in _load_yaml(source_join(location, "legislators-district-offices.yaml"))
    }
    executive = _load_yaml(source_join(location, "executive.yaml"))
    caches: dict[str, dict] = {"divisions": {}, "offices": {}}

    with transaction.atomic():
        seen_congress: set[int] = set()
        for entry in current:
            bioguide = entry.get("id", {}).get("bioguide")
            terms = entry.get("terms") or []
            if not bioguide or not terms or terms[-1].get("type") not in {"sen", "rep"}:
                log.warn(
                    log.warn(
                        f"legislator {bioguide or entry.get('id')}: no bioguide id or term; skipped"
                    )
                )
                continue
            record = f"legislator {bioguide}"
            term = terms[-1]
            official = _upsert_official(
                entry["id"], entry.get("name", {}), party=term.get("party", ""), log=log
            )
            seen_congress.add(official.pk)
            log.counts["members of Congress"] += 1
            _upsert_term(official, _congress_office(term, caches), term, log)
            if official.corrected_by_hand:
                continue
            _sync_children(
                official,
                ContactChannel,
                key=("kind", "value"),
                rows=_term_channels(term, record=record, log=log),
                log=log,
            )
            _sync_children(
                official,
                SocialAccount,
                key=("platform",),
                rows=_social_rows(social.get(bioguide, {})),
                log=log,
            )
            _sync_children(
                official,
                DistrictOffice,
                key=("source_id",),
                rows=_office_rows(offices.get(bioguide, [])),
                log=log,
            )
        _end_terms_not_seen(
            [Office.Level.US_SENATE, Office.Level.US_HOUSE], seen_congress, today, log
        )

        country = _division(
            geography.COUNTRY_OCD_ID,
            name="United States",
            kind=Division.Kind.COUNTRY,
            state="",
            cache=caches["divisions"],
        )
        seen_executive: set[int] = set()
        titles = {"prez": "President", "viceprez": "Vice President"}
        for entry in executive:
            term = (entry.get("terms") or [{}])[-1]
            if term.get("type") not in titles or not term.get("end"):
                continue
            if not date.fromisoformat(term["start"]) <= today < date.fromisoformat(term["end"]):
                continue
            official = _upsert_official(
                entry["id"], entry.get("name", {}), party=term.get("party", ""), log=log
            )
            seen_executive.add(official.pk)
            office = _office(
                country,
                level=Office.Level.FEDERAL_EXECUTIVE,
                title=titles[term["type"]],
                cache=caches["offices"],
            )
            _upsert_term(official, office, term, log)
            log.counts["executive officials"] += 1
        _end_terms_not_seen([Office.Level.FEDERAL_EXECUTIVE], seen_executive, today, log)

        record = log.record(
            source="congress-legislators",
            location=location,
            snapshot_date=today,
            congress=congress_number(today),
        )
    return record


def zip_districts_import(
    *, location: str = ZCCD_URL, warn: Callable[[str], None] | None = None
) -> DataImport:
    """Import which congressional districts each ZIP code (ZCTA) overlaps, from zccd.csv."""
    log = ImportLog(warn_to=warn)
    reader = csv.DictReader(io.StringIO(source_read(location).decode("utf-8-sig")))
    pairs: set[tuple[str, str, int]] = set()
    for line, row in enumerate(reader, start=2):
        abbr = (row.get("state_abbr") or "").strip().upper()
        zcta = (row.get("zcta") or "").strip()
        try:
            district = int(row.get("cd") or "")
        except ValueError:
            district = -1
        if abbr not in geography.ALL or not re.fullmatch(r"\d{5}", zcta) or district < 0:
            log.warn(f"zccd line {line}: {dict(row)!r} is malformed; skipped")
            continue
        pairs.add((zcta, abbr, district))

    with transaction.atomic():
        cache: dict[str, Division] = {
            d.ocd_id: d for d in Division.objects.filter(kind=Division.Kind.CONGRESSIONAL)
        }
        for _zcta, abbr, district in pairs:
            _division(
                geography.congressional_district_ocd_id(abbr, district),
                name=geography.congressional_district_name(abbr, district),
                kind=Division.Kind.CONGRESSIONAL,
                state=abbr,
                cache=cache,
            )
        wanted = {
            (zcta, cache[geography.congressional_district_ocd_id(abbr, district)].pk): abbr
            for zcta, abbr, district in pairs
        }
        existing = set(ZipDistrict.objects.values_list("zcta", "division_id"))
        stale = existing - wanted.keys()
        for zcta, division_id in stale:
            ZipDistrict.objects.filter(zcta=zcta, division_id=division_id).delete()
        ZipDistrict.objects.bulk_create(
            [
                ZipDistrict(zcta=zcta, division_id=division_id, state=wanted[(zcta, division_id)])
                for zcta, division_id in wanted.keys() - existing
            ],
            batch_size=5000,
        )
        log.counts.update(
            {
                "rows": len(pairs),
                "zip codes": len({zcta for zcta, _abbr, _d in pairs}),
                "added": len(wanted.keys() - existing),
                "removed": len(stale),
            }
        )
        record = log.record(source="us-zipcodes-congress", location=location)
    return record


# ------------------------------------------------------------------------------
# OCD division ids
# ------------------------------------------------------------------------------
OCD_DIVISIONS_URL = "https://raw.githubusercontent.com/opencivicdata/ocd-division-ids/master/identifiers/country-us/"
OCD_FILES = (
    "states.csv",
    "us_territories.csv",
    "us_congressional_districts.csv",
    "us_sldu.csv",
    "us_sldl.csv",
    "us_census_places.csv",
)
_OCD_STATE = re.compile(r"/(?:state|territory|district):([a-z]{2})(?:/|$)")


def division_kind(ocd_id: str) -> str:
    """Return the Division.Kind of an OCD division id from its last segment."""
    last = ocd_id.rsplit("/", 1)[-1].split(":", 1)[0]
    if last in {"country", "state", "territory", "district", "cd", "sldu", "sldl"}:
        return last
    return Division.Kind.PLACE


def divisions_import(
    *,
    location: str = OCD_DIVISIONS_URL,
    today: date | None = None,
    warn: Callable[[str], None] | None = None,
) -> DataImport:
    """Import division names and kinds from the ocd-division-ids CSV files."""
    today = today or timezone.localdate()
    log = ImportLog(warn_to=warn)
    wanted: dict[str, tuple[str, str, str, str]] = {}
    for name in OCD_FILES:
        text = source_read(source_join(location, name)).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        # states.csv has no header row; the others start with one.
        has_header = bool(rows) and rows[0][:1] == ["id"]
        header = rows.pop(0) if has_header else ["id", "name"]
        for line, values in enumerate(rows, start=2 if has_header else 1):
            row = dict(zip(header, values, strict=False))
            ocd_id, label = (row.get("id") or "").strip(), (row.get("name") or "").strip()
            if not ocd_id.startswith(geography.COUNTRY_OCD_ID) or not label:
                log.warn(f"{name} line {line}: no id or name; skipped")
                continue
            valid_through = (row.get("validThrough") or "").strip()
            if valid_through and valid_through < today.isoformat():
                log.counts["retired divisions left out"] += 1
                continue
            state = _OCD_STATE.search(ocd_id)
            wanted[ocd_id] = (
                label[:255],
                division_kind(ocd_id),
                state.group(1).upper() if state else "",
                (row.get("census_geoid") or "").strip()[:30],
            )

    with transaction.atomic():
        existing = {d.ocd_id: d for d in Division.objects.all()}
        fields = ("name", "kind", "state", "census_geoid")
        new = [
            Division(ocd_id=ocd_id, **dict(zip(fields, values, strict=True)))
            for ocd_id, values in wanted.items()
            if ocd_id not in existing
        ]
        Division.objects.bulk_create(new, batch_size=5000)
        changed = []
        for ocd_id, values in wanted.items():
            division = existing.get(ocd_id)
            if division and tuple(getattr(division, f) for f in fields) != values:
                for name, value in zip(fields, values, strict=True):
                    setattr(division, name, value)
                changed.append(division)
        Division.objects.bulk_update(changed, fields, batch_size=5000)
        log.counts.update({"divisions": len(wanted), "added": len(new), "updated": len(changed)})
        return log.record(source="ocd-division-ids", location=location)


# ------------------------------------------------------------------------------
# Open States people
# ------------------------------------------------------------------------------
OPENSTATES_URL = "https://github.com/openstates/people/archive/refs/heads/main.tar.gz"
STATE_LEVELS = [
    Office.Level.STATE_UPPER,
    Office.Level.STATE_LOWER,
    Office.Level.STATE_EXECUTIVE,
    Office.Level.LOCAL,
]
_PERSON_PATH = re.compile(
    r"(?:^|/)data/([a-z]{2})/(legislature|executive|municipalities)/[^/]+\.ya?ml$"
)
_MUNICIPALITIES_PATH = re.compile(r"(?:^|/)data/([a-z]{2})/municipalities\.ya?ml$")


def _openstates_files(location: str) -> Iterable[tuple[str, bytes]]:
    """Yield (path, bytes) of every YAML file in a tarball (path or URL) or a folder."""
    import tarfile
    from pathlib import Path

    if location.endswith((".tar.gz", ".tgz")):
        with tarfile.open(fileobj=io.BytesIO(source_read(location)), mode="r:gz") as archive:
            for member in archive:
                if member.isfile() and member.name.endswith((".yml", ".yaml")):
                    yield member.name, archive.extractfile(member).read()
        return
    for path in sorted(Path(location).rglob("*.y*ml")):
        yield path.as_posix(), path.read_bytes()


def _current_roles(person: dict, today: date) -> list[dict]:
    current = []
    for role in person.get("roles") or []:
        start = role.get("start_date")
        end = role.get("end_date")
        if start and date.fromisoformat(str(start)) > today:
            continue
        if end and date.fromisoformat(str(end)) < today:
            continue
        current.append(role)
    return current


def _state_role_office(role: dict, abbr: str, names: dict[str, str], caches: dict) -> Office | None:
    kind = role.get("type")
    state_name = geography.ALL.get(abbr, abbr)
    if kind in {"upper", "lower", "legislature"}:
        chamber = "sldl" if kind == "lower" else "sldu"
        district = str(role.get("district") or "").strip().lower().replace(" ", "_")
        if not district:
            return None
        ocd_id = f"{geography.state_ocd_id(abbr)}/{chamber}:{district}"
        chamber_name = "House" if chamber == "sldl" else "Senate"
        division = _division(
            ocd_id,
            name=names.get(
                ocd_id, f"{state_name} State {chamber_name} district {role['district']}"
            ),
            kind=chamber,
            state=abbr,
            cache=caches["divisions"],
        )
        level = Office.Level.STATE_LOWER if chamber == "sldl" else Office.Level.STATE_UPPER
        title = "State Representative" if chamber == "sldl" else "State Senator"
        return _office(division, level=level, title=title, cache=caches["offices"])
    if kind == "mayor":
        jurisdiction = role.get("jurisdiction") or ""
        ocd_id = jurisdiction.replace("ocd-jurisdiction/", "ocd-division/").removesuffix(
            "/government"
        )
        if not ocd_id.startswith(geography.COUNTRY_OCD_ID):
            return None
        division = _division(
            ocd_id, name=names.get(ocd_id, ocd_id.rsplit(":", 1)[-1].replace("_", " ").title()),
            kind=Division.Kind.PLACE, state=abbr, cache=caches["divisions"],
        )  # fmt: skip
        return _office(division, level=Office.Level.LOCAL, title="Mayor", cache=caches["offices"])
    if kind:
        division = _division(
            geography.state_ocd_id(abbr), name=state_name, kind=geography.state_kind(abbr),
            state=abbr, cache=caches["divisions"],
        )  # fmt: skip
        title = {"lt_governor": "Lieutenant Governor"}.get(kind, kind.replace("_", " ").title())
        return _office(
            division, level=Office.Level.STATE_EXECUTIVE, title=title, cache=caches["offices"]
        )
    return None


def _person_channels(person: dict, *, record: str, log: ImportLog) -> list[dict]:
    rows = []
    if email := str(person.get("email") or "").strip():
        rows.append({"kind": ContactChannel.Kind.EMAIL, "value": email, "label": ""})
    for office in person.get("offices") or []:
        label = str(office.get("classification") or "").title()
        for kind, key in (
            (ContactChannel.Kind.PHONE, "voice"),
            (ContactChannel.Kind.FAX, "fax"),
            (ContactChannel.Kind.ADDRESS, "address"),
        ):
            if value := str(office.get(key) or "").strip():
                rows.append({"kind": kind, "value": value, "label": label})
    for link in (person.get("links") or [])[:1]:
        if url := clean_url(link.get("url"), record=record, log=log):
            rows.append({"kind": ContactChannel.Kind.WEBSITE, "value": url, "label": ""})
    # The same value twice (a phone shared by two offices) is one channel.
    unique = {}
    for row in rows:
        unique.setdefault((row["kind"], row["value"]), row)
    return list(unique.values())


def people_import(
    *,
    location: str = OPENSTATES_URL,
    today: date | None = None,
    warn: Callable[[str], None] | None = None,
) -> DataImport:
    """Import state legislators, statewide officials and mayors from Open States people."""
    today = today or timezone.localdate()
    log = ImportLog(warn_to=warn)
    names = dict(Division.objects.values_list("ocd_id", "name"))
    caches: dict[str, dict] = {"divisions": {}, "offices": {}}
    people: list[tuple[str, str, dict]] = []
    for path, content in _openstates_files(location):
        if match := _MUNICIPALITIES_PATH.search(path):
            for place in _parse_yaml(content) or []:
                ocd_id = (
                    str(place.get("id", ""))
                    .replace("ocd-jurisdiction/", "ocd-division/")
                    .removesuffix("/government")
                )
                names.setdefault(ocd_id, str(place.get("name", "")))
        elif match := _PERSON_PATH.search(path):
            if match.group(1) == "us":
                # Congress comes from congress-legislators, with its channels and offices.
                continue
            try:
                person = _parse_yaml(content)
            except yaml.YAMLError as exc:
                log.warn(f"{path}: not valid YAML ({exc.__class__.__name__}); skipped")
                continue
            people.append((match.group(1).upper(), match.group(2), person))

    with transaction.atomic():
        seen: set[int] = set()
        for abbr, folder, person in people:
            record = f"person {person.get('id', '?')}"
            if not str(person.get("id", "")).startswith("ocd-person/") or not person.get("name"):
                log.warn(f"{record}: no OCD person id or name; skipped")
                continue
            offices = [
                (role, office)
                for role in _current_roles(person, today)
                if (office := _state_role_office(role, abbr, names, caches)) is not None
            ]
            if not offices:
                log.counts["people with no current state or local role"] += 1
                continue
            parties = person.get("party") or []
            values = {
                "name": str(person["name"]),
                "given_name": str(person.get("given_name") or ""),
                "family_name": str(person.get("family_name") or ""),
                "party": str(parties[-1].get("name", "")) if parties else "",
                "photo_url": clean_url(person.get("image"), record=record, log=log),
            }
            existing = Official.objects.filter(ocd_person_id=person["id"]).first()
            if existing and existing.corrected_by_hand:
                official = existing
            else:
                official, written = row_upsert(
                    model=Official, lookup={"ocd_person_id": person["id"]}, values=values
                )
                log.counts["officials written"] += int(written)
            seen.add(official.pk)
            log.counts[
                {
                    "legislature": "state legislators",
                    "executive": "statewide officials",
                    "municipalities": "mayors",
                }[folder]
            ] += 1
            for role, office in offices:
                start = role.get("start_date")
                _upsert_term(
                    official,
                    office,
                    {
                        "start": str(start or "1900-01-01"),
                        "end": str(role["end_date"]) if role.get("end_date") else None,
                        "party": values["party"],
                    },
                    log,
                )
            if official.corrected_by_hand:
                continue
            _sync_children(
                official,
                ContactChannel,
                key=("kind", "value"),
                rows=_person_channels(person, record=record, log=log),
                log=log,
            )
            ids = person.get("ids") or {}
            _sync_children(
                official, SocialAccount, key=("platform",), rows=_social_rows(ids), log=log
            )
        _end_terms_not_seen(STATE_LEVELS, seen, today, log)
        return log.record(source="openstates-people", location=location, snapshot_date=today)
