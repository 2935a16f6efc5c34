"""Whom an action reaches for one advocate: officials by seat and named targets.

Every action type that contacts someone (letters, calls, postcards, social posts) asks
here, so each lists the same people with the same channels for the same address.
Officials become campaigns Target rows the first time an action reaches them, which
gives every outreach row a target to point at.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from campaigns.exceptions import NoOfficialsFound
from campaigns.models import Action, Target, TargetLevel
from representatives import selectors as representatives_selectors

# Seats the congressional lookup answers; the rest need the state and the address.
_FEDERAL_LEVELS = {TargetLevel.US_SENATE, TargetLevel.US_HOUSE}
_STATE_LEVELS = {
    TargetLevel.GOVERNOR,
    TargetLevel.STATE_UPPER,
    TargetLevel.STATE_LOWER,
    TargetLevel.MAYOR,
}
# representatives.Office.Level values, by the TargetLevel that asks for them.
_OFFICE_LEVELS = {
    TargetLevel.US_SENATE: "us_senate",
    TargetLevel.US_HOUSE: "us_house",
    TargetLevel.STATE_UPPER: "state_upper",
    TargetLevel.STATE_LOWER: "state_lower",
    TargetLevel.MAYOR: "local",
}
_LEVEL_ORDER = list(TargetLevel)
HANDLE_NETWORKS = ("x", "bluesky", "mastodon", "facebook")
_TITLE_PREFIXES = re.compile(r"^(U\.S\.|State)\s+")
_PLACE_SUFFIX = re.compile(r"\s+(city|town|village|borough|CDP|municipality)$")


@dataclass(frozen=True)
class ResolvedTarget:
    """One person or body an advocate reaches, with every public channel we know."""

    target: Target
    name: str
    title: str
    level: str
    official_id: int | None
    salutation: str
    first_name: str
    last_name: str
    emails: list[str] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    contact_forms: list[str] = field(default_factory=list)
    mail_addresses: list[str] = field(default_factory=list)
    handles: dict[str, str] = field(default_factory=dict)
    in_office: bool = True


@dataclass(frozen=True)
class TargetLookup:
    """The targets for an address, or the districts to choose from when it is split."""

    targets: list[ResolvedTarget]
    district_choices: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def action_targets(
    *,
    action: Action,
    zip_code: str = "",
    street: str = "",
    district: str = "",
    state_divisions: Sequence[str] = (),
) -> TargetLookup:
    """Return the action's targets for an address: officials by seat, then named targets.

    `district` is the congressional district (OCD id) the advocate picked when their ZIP
    code is split; `state_divisions` are state districts or a city they picked when no
    geocoder placed their street address.
    """
    levels = sorted(
        {TargetLevel(level) for level in action.target_levels if level in TargetLevel.values},
        key=_LEVEL_ORDER.index,
    )
    found: list[tuple[str, object, object]] = []  # (level, official, term or None)
    notes: list[str] = []
    choices: list[tuple[str, str]] = []
    if TargetLevel.EXECUTIVE in levels:
        found.extend(_executive())
    if set(levels) & (_FEDERAL_LEVELS | _STATE_LEVELS):
        lookup = _zip_lookup(zip_code, street)
        if set(levels) & _FEDERAL_LEVELS:
            federal, choices = _federal(lookup, levels, district)
            found.extend(federal)
            notes.extend(lookup.vacancies)
        if set(levels) & _STATE_LEVELS:
            state, state_notes = _state(lookup, levels, state_divisions)
            found.extend(state)
            notes.extend(state_notes)
    named = list(
        Action.targets.through.objects.filter(action_id=action.pk)
        .select_related("target")
        .order_by("pk")
    )
    officials = representatives_selectors.officials_with_channels(
        pks=[official for level, official, term in found if isinstance(official, int)]
        + [row.target.official_id for row in named if row.target.official_id]
    )
    rows: list[tuple[str, object, object]] = []
    for level, official, term in found:
        if isinstance(official, int):
            official = officials.get(official)
            if official is None:
                continue
        rows.append((level, official, term))
    rows = list({official.pk: (lv, official, t) for lv, official, t in reversed(rows)}.values())
    rows.reverse()
    seen = {official.pk for _level, official, _term in rows}
    for row in named:
        if row.target.official_id:
            if row.target.official_id in seen or row.target.official_id not in officials:
                continue
            seen.add(row.target.official_id)
            rows.append(("", officials[row.target.official_id], None))
    saved = _official_targets([official.pk for _level, official, _term in rows])
    targets = [_resolve_official(saved[o.pk], o, term, level) for level, o, term in rows]
    targets.extend(_resolve_company(row.target) for row in named if not row.target.official_id)
    if not (targets or choices or notes) and levels and levels != [TargetLevel.EXECUTIVE]:
        raise NoOfficialsFound(
            _("We found no officials for ZIP code %(zip)s that this action reaches.")
            % {"zip": zip_code}
        )
    return TargetLookup(targets=targets, district_choices=choices, notes=notes)


def resolved_target(*, target_id: int) -> ResolvedTarget:
    """Return one target by its Target id, with its channels."""
    target = Target.objects.select_related("official").get(pk=target_id)
    if not target.official_id:
        return _resolve_company(target)
    official = representatives_selectors.officials_with_channels(pks=[target.official_id])[
        target.official_id
    ]
    return _resolve_official(target, official, None, "")


def target_in_office(*, target_id: int) -> bool:
    """Whether the target can still be reached: a company, or an official with a term now."""
    official_id = Target.objects.filter(pk=target_id).values_list("official_id", flat=True).get()
    if official_id is None:
        return True
    official = representatives_selectors.officials_with_channels(pks=[official_id]).get(official_id)
    return bool(official and _current_terms(official))


def _zip_lookup(zip_code: str, street: str):
    try:
        return representatives_selectors.officials_for_address(zip_code=zip_code, street=street)
    except (representatives_selectors.InvalidZip, representatives_selectors.UnknownZip) as exc:
        raise NoOfficialsFound(str(exc)) from exc


def _executive() -> list[tuple[str, int, None]]:
    pks = representatives_selectors.executive_official_pks()
    ordered = sorted(pks.items(), key=lambda item: (item[0] != "President", item[0]))
    return [(TargetLevel.EXECUTIVE.value, pk, None) for _title, pk in ordered]


def _federal(lookup, levels, district: str):
    choices: list[tuple[str, str]] = []
    house_districts = set(lookup.districts)
    if TargetLevel.US_HOUSE in levels and lookup.ambiguous:
        if district in house_districts:
            house_districts = {district}
        else:
            house_districts = set()
            choices = lookup.district_choices
    found = []
    for term in lookup.terms:
        level = term.office.level
        if level == "us_senate" and TargetLevel.US_SENATE in levels:
            found.append((TargetLevel.US_SENATE.value, term.official, term))
        elif (
            level == "us_house"
            and TargetLevel.US_HOUSE in levels
            and term.office.division.ocd_id in house_districts
        ):
            found.append((TargetLevel.US_HOUSE.value, term.official, term))
    return found, choices


def _state(lookup, levels, chosen: Sequence[str]):
    divisions = list(dict.fromkeys([*lookup.state_divisions, *chosen]))
    state = representatives_selectors.state_level(abbr=lookup.state, chosen=divisions)
    found, notes = [], []
    if TargetLevel.GOVERNOR in levels:
        governors = [t for t in state.statewide if t.office.title == "Governor"]
        found.extend((TargetLevel.GOVERNOR.value, t.official, t) for t in governors)
        if not governors:
            notes.append(_("We have no governor on file for your state."))
    for level in (TargetLevel.STATE_UPPER, TargetLevel.STATE_LOWER, TargetLevel.MAYOR):
        if level not in levels:
            continue
        terms = [
            t
            for t in state.chosen
            if t.office.level == _OFFICE_LEVELS[level]
            and (level != TargetLevel.MAYOR or t.office.title == "Mayor")
        ]
        found.extend((level.value, t.official, t) for t in terms)
        if not terms:
            notes.append(_missing_note(level, bool(divisions)))
    return found, notes


def _missing_note(level: TargetLevel, placed: bool) -> str:
    if level == TargetLevel.MAYOR:
        if placed:
            return _("We have no mayor on file for your city.")
        return _("Give your street address so we can find your mayor.")
    if placed:
        return _("We have no one on file for your state legislative district.")
    return _("Give your street address so we can find your state legislators.")


def _official_targets(official_ids: Iterable[int]) -> dict[int, Target]:
    """Return a Target per official, creating the ones never reached before."""
    official_ids = list(dict.fromkeys(official_ids))
    saved: dict[int, Target] = {}
    # Newest first, so the oldest row wins when two first uses at once left a duplicate.
    for target in Target.objects.filter(official_id__in=official_ids).order_by("-pk"):
        saved[target.official_id] = target
    missing = [pk for pk in official_ids if pk not in saved]
    if missing:
        Target.objects.bulk_create([Target(official_id=pk) for pk in missing])
        for target in Target.objects.filter(official_id__in=missing).order_by("-pk"):
            saved[target.official_id] = target
    return saved


def _current_terms(official) -> list:
    return [t for t in getattr(official, "terms_latest_first", []) if t.is_current]


def _resolve_official(target: Target, official, term, level: str) -> ResolvedTarget:
    if term is None:
        current = _current_terms(official)
        latest = getattr(official, "terms_latest_first", [])
        term = current[0] if current else (latest[0] if latest else None)
        in_office = bool(current)
    else:
        in_office = term.is_current
    channels = list(official.channels.all())
    offices = list(official.district_offices.all())
    phones = [
        (channel.label or _("Main office"), channel.value)
        for channel in channels
        if channel.kind == "phone"
    ]
    phones += [
        (office.city or _("District office"), office.phone) for office in offices if office.phone
    ]
    addresses = [channel.value for channel in channels if channel.kind == "address"]
    addresses += [_office_address(office) for office in offices if office.address]
    return ResolvedTarget(
        target=target,
        name=official.name,
        title=_official_title(term),
        level=level,
        official_id=official.pk,
        salutation=_salutation(term),
        first_name=official.given_name or official.name.split(" ")[0],
        last_name=official.family_name or official.name.split(" ")[-1],
        emails=[channel.value for channel in channels if channel.kind == "email"],
        phones=phones,
        contact_forms=[c.value for c in channels if c.kind == "contact_form"],
        mail_addresses=list(dict.fromkeys(addresses)),
        handles={
            account.platform: account.handle
            for account in official.social_accounts.all()
            if account.platform in HANDLE_NETWORKS
        },
        in_office=in_office,
    )


def _resolve_company(target: Target) -> ResolvedTarget:
    return ResolvedTarget(
        target=target,
        name=target.name,
        title="",
        level="",
        official_id=None,
        salutation="",
        first_name="",
        last_name="",
        emails=[target.email] if target.email else [],
        phones=[(_("Main line"), target.phone)] if target.phone else [],
        contact_forms=[target.contact_url] if target.contact_url else [],
        mail_addresses=[],
        handles={
            network: handle
            for network, handle in (getattr(target, "handles", None) or {}).items()
            if network in HANDLE_NETWORKS and handle
        },
        in_office=True,
    )


def _official_title(term) -> str:
    if term is None:
        return ""
    office, division = term.office, term.office.division
    if office.level == "federal_executive":
        return _("%(title)s of the United States") % {"title": office.title}
    place = _PLACE_SUFFIX.sub("", division.name)
    if office.level in ("state_executive", "local"):
        return _("%(title)s of %(place)s") % {"title": office.title, "place": place}
    return _("%(title)s for %(place)s") % {"title": office.title, "place": place}


def _salutation(term) -> str:
    """Address them by their office: "U.S. Senator" and "State Senator" are both Senator."""
    if term is None:
        return ""
    return _TITLE_PREFIXES.sub("", term.office.title)


def _office_address(office) -> str:
    street = ", ".join(part for part in (office.address, office.suite, office.building) if part)
    town = " ".join(part for part in (f"{office.city},", office.state, office.zip_code) if part)
    return f"{street}\n{town}" if office.city else street
