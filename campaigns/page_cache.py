"""Whole-page caching with holes for the values that differ per request.

A petition page is the same for every anonymous visitor but for a few values: the CSRF
token, the form's signed start time, where the visitor came from, and the path the
language switcher returns to. The page is rendered once with a marker in each of those
places and cached; each request fills the markers in. The cache key carries everything
that changes what the page shows (the exact count, when the petition and its campaign
were last changed), so a visitor never sees a stale count.
"""

import re
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import escape

# Random per process, so text typed by staff cannot contain the markers; the prefix is
# stored with each page, because another process may fill in what this one rendered.
_PREFIX = f"hole{secrets.token_hex(6)}"


def hole(name: str) -> str:
    """The marker rendered in place of one per-request value."""
    return f"{_PREFIX}{name}0"


def _fill(prefix: str, html: str, values: dict[str, str]) -> str:
    # One pass: a value filled in can never be taken for another marker.
    pattern = re.compile(re.escape(prefix) + r"([a-z_]+)0")
    return pattern.sub(lambda match: escape(values.get(match.group(1), "")), html)


def cacheable(request: HttpRequest) -> bool:
    """Whether a GET may be served from the shared cache: an anonymous visitor, no messages.

    A session or a flash message makes the page personal (staff links, "signed in as",
    a one-time notice), so such requests are rendered afresh.
    """
    personal = {settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages")}
    return request.method == "GET" and not (request.COOKIES.keys() & personal)


def page_holes(request: HttpRequest) -> tuple[dict[str, str], dict[str, str]]:
    """The per-request values every page has (CSRF token, the language switcher's way
    back), and the markers that stand in for them in a cached rendering."""
    values = {"csrf_token": get_token(request), "language_next": request.get_full_path()}
    return values, {name: hole(name) for name in values}


def page_with_holes(
    *,
    key: str,
    render: Callable[[], tuple[HttpResponse, int]],
    fill: dict[str, str],
) -> HttpResponse:
    """Return the cached page for `key` with each hole filled in.

    On a miss, `render` returns the page, with markers in its holes, and how many
    seconds it may be kept.
    """
    cached = cache.get(key)
    if cached is None:
        response, timeout = render()
        if response.status_code != 200:
            return response
        cached = (_PREFIX, response.content.decode())
        cache.set(key, cached, timeout)
    prefix, html = cached
    return HttpResponse(_fill(prefix, html, fill))
