"""Share links: plain addresses of each network's own share page, no script of theirs.

A person who clicks one leaves for that network with the text filled in; until then
no network hears of the page, so nothing is loaded from them and nobody is tracked.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShareLink:
    network: str  # a stable key, for the CSS class
    label: str
    href: str


def _query(params: dict[str, str]) -> str:
    return urlencode(params, quote_via=quote)


def share_links(*, url: str, text: str, subject: str = "") -> list[ShareLink]:
    """Return the links that share `url` with `text` by email and on each network."""
    text_and_url = f"{text} {url}".strip()
    mail = _query({"subject": subject or text, "body": f"{text}\n\n{url}".strip()})
    return [
        ShareLink("email", _("Email"), f"mailto:?{mail}"),
        ShareLink(
            "x",
            _("X (Twitter)"),
            "https://twitter.com/intent/tweet?" + _query({"text": text, "url": url}),
        ),
        ShareLink(
            "facebook",
            _("Facebook"),
            "https://www.facebook.com/sharer/sharer.php?" + _query({"u": url}),
        ),
        ShareLink("whatsapp", _("WhatsApp"), "https://wa.me/?" + _query({"text": text_and_url})),
        ShareLink(
            "bluesky",
            _("Bluesky"),
            "https://bsky.app/intent/compose?" + _query({"text": text_and_url}),
        ),
        # Mastodon has no single server to send people to; this page asks for theirs.
        ShareLink(
            "mastodon",
            _("Mastodon"),
            "https://mastodonshare.com/?" + _query({"text": text, "url": url}),
        ),
    ]
