from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from representatives import geography, selectors
from representatives.exceptions import InvalidZip, UnknownZip
from representatives.forms import FindOfficialsForm
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


@require_GET
def api_officials(request: HttpRequest) -> JsonResponse:
    """GET /api/officials?zip=NNNNN: who represents a ZIP code, as JSON for widgets."""
    try:
        lookup = selectors.officials_for_zip(zip_code=request.GET.get("zip", ""))
    except (InvalidZip, UnknownZip) as exc:
        response = JsonResponse({"error": str(exc)}, status=400)
    else:
        response = JsonResponse(
            {
                "zip": lookup.zip_code,
                "state": lookup.state,
                "ambiguous": lookup.ambiguous,
                "districts": lookup.districts,
                "officials": [_official_json(term) for term in lookup.terms],
                "vacancies": lookup.vacancies,
                "data_as_of": lookup.data_as_of.isoformat() if lookup.data_as_of else None,
            }
        )
    # Public data, read by embeds on other sites; no cookies are involved.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def find_officials(request: HttpRequest) -> HttpResponse:
    """Find who represents a ZIP code, with every way to reach them."""
    form = FindOfficialsForm(request.GET or None)
    lookup = None
    if form.is_valid():
        try:
            lookup = selectors.officials_for_zip(zip_code=form.cleaned_data["zip"])
        except (InvalidZip, UnknownZip) as exc:
            form.add_error("zip", str(exc))
    district = form.cleaned_data.get("district") if lookup else ""
    if lookup and district not in lookup.districts:
        district = ""
    chosen = [request.GET.get(name, "") for name in ("sldu", "sldl", "place")]
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
