from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import geography
from representatives import selectors, services
from representatives.exceptions import InvalidAddress, InvalidZip, UnknownZip
from representatives.forms import ADDRESS_MAX_LENGTH, FindOfficialsForm
from representatives.models import Term


def _official_json(term: Term) -> dict:
    official = term.official
    channels: dict[str, list[str]] = {}
    for channel in official.channels.all():
        channels.setdefault(channel.kind, []).append(channel.value)
    for office in official.district_offices.all():
        if office.phone:
            channels.setdefault("district_phone", []).append(office.phone)
    return {
        "name": official.name,
        "office": term.office.title,
        "level": term.office.level,
        "division": term.office.division.ocd_id,
        "party": term.party or official.party,
        "bioguide_id": official.bioguide_id,
        "ocd_person_id": official.ocd_person_id,
        "channels": channels,
        "social": {account.platform: account.handle for account in official.social_accounts.all()},
    }


def _address_error(address: str) -> str:
    if len(address) > ADDRESS_MAX_LENGTH:
        return _("The street address is too long.")
    if any(ord(c) < 32 for c in address):
        return _("The street address must be one line.")
    return ""


def _lookup_json(lookup: selectors.ZipLookup) -> dict:
    terms = list(lookup.terms)
    if lookup.address_status == selectors.AddressStatus.MATCHED:
        state = selectors.state_level(abbr=lookup.state, chosen=lookup.state_divisions)
        terms += state.statewide + state.chosen
    return {
        "zip": lookup.zip_code,
        "state": lookup.state,
        "ambiguous": lookup.ambiguous,
        "districts": lookup.districts + lookup.state_divisions,
        "officials": [_official_json(term) for term in terms],
        "vacancies": lookup.vacancies,
        "address_status": lookup.address_status or None,
        "matched_address": lookup.matched_address or None,
        "data_as_of": lookup.data_as_of.isoformat() if lookup.data_as_of else None,
    }


@require_GET
def api_officials(request: HttpRequest) -> JsonResponse:
    """GET /api/officials?zip=NNNNN[&address=...]: who represents a place, as JSON."""
    address = request.GET.get("address", "")
    try:
        if error := _address_error(address):
            raise InvalidAddress(error)
        lookup = selectors.officials_for_address(
            zip_code=request.GET.get("zip", ""), street=address
        )
    except (InvalidAddress, InvalidZip, UnknownZip) as exc:
        response = JsonResponse({"error": str(exc)}, status=400)
    else:
        response = JsonResponse(_lookup_json(lookup))
    # Public data, read by embeds on other sites; no cookies are involved.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _chosen(request: HttpRequest, lookup: selectors.ZipLookup | None) -> list[str]:
    """The state districts and city: picked from the lists, else where the address lies."""
    chosen = [request.GET.get(name, "") for name in ("sldu", "sldl", "place")]
    for ocd_id in lookup.state_divisions if lookup else []:
        slot = 0 if "/sldu:" in ocd_id else 1 if "/sldl:" in ocd_id else 2
        chosen[slot] = chosen[slot] or ocd_id
    return chosen


def find_officials(request: HttpRequest) -> HttpResponse:
    """Find who represents a ZIP code or address, with every way to reach them."""
    form = FindOfficialsForm(request.GET or None)
    lookup = None
    if form.is_valid():
        try:
            lookup = selectors.officials_for_address(
                zip_code=form.cleaned_data["zip"], street=form.cleaned_data.get("address", "")
            )
        except (InvalidZip, UnknownZip) as exc:
            form.add_error("zip", str(exc))
    district = form.cleaned_data.get("district") if lookup else ""
    if lookup and district not in lookup.districts:
        district = ""
    chosen = _chosen(request, lookup)
    state = selectors.state_level(abbr=lookup.state, chosen=chosen) if lookup else None
    return render(
        request,
        "representatives/official_lookup.html",
        {"form": form, "lookup": lookup, "district": district, "state": state, "chosen": chosen},
    )


def official_detail(request: HttpRequest, key: str) -> HttpResponse:
    official = selectors.official_get(key=key)
    return render(request, "representatives/official_detail.html", {"official": official})


def state_detail(request: HttpRequest, abbr: str) -> HttpResponse:
    abbr = abbr.upper()
    terms = selectors.state_officials(abbr=abbr)
    return render(
        request,
        "representatives/state_detail.html",
        {"state_name": geography.ALL[abbr], "abbr": abbr, "terms": terms},
    )


@never_cache
def delivery_handoff(request: HttpRequest, token: str) -> HttpResponse:
    """The advocate's own page for a letter sent by hand: copy, contact form, call, print."""
    delivery = selectors.handoff_get(token=token)
    response = render(
        request,
        "representatives/delivery_handoff.html",
        {"delivery": delivery, "handoff": services.delivery_handoff(delivery=delivery)},
    )
    # The page shows a person's name and address: never indexed, never cached.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
