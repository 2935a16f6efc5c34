"""Consents ticked with a letter, pledge, event or RSVP: confirmed from an emailed link."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from campaigns import selectors, services
from campaigns.exceptions import InvalidConsentsToken


@never_cache
@require_http_methods(["GET", "POST"])
def consents_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows whom the person agreed to hear from; only its POST gives the consents
    (mail scanners follow GETs)."""
    try:
        participation = services.participation_for_consents_token(token)
    except InvalidConsentsToken:
        return render(request, "campaigns/consents_token_invalid.html", status=400)
    asked = selectors.participation_consents_asked(participation=participation)
    if request.method == "POST":
        result = services.participation_consents_confirm(token=token)
        return render(
            request, "campaigns/consents_confirmed.html", {"asked": asked, "result": result}
        )
    return render(request, "campaigns/consents_confirm.html", {"asked": asked})
