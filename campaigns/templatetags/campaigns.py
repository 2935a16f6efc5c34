"""`{% load campaigns %}`: Markdown, share links, absolute URLs and tel: links for campaigns."""

from django import template
from django.conf import settings
from django.utils.safestring import SafeString

from campaigns.calls import tel_uri as calls_tel_uri
from campaigns.markdown import markdown_render
from campaigns.sharing import ShareLink, share_links

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, top_heading: int = 2) -> SafeString:
    """Render staff-written Markdown as sanitised HTML: `{{ page.body|markdown }}`.

    The argument is the level the text's highest heading takes (`|markdown:3` inside a
    section headed by an h2).
    """
    return markdown_render(text, top_heading=int(top_heading))


@register.filter
def absolute(path: str) -> str:
    """Prefix a site path with SITE_URL, for links that leave the page (shares, OpenGraph)."""
    if not path or path.startswith(("http://", "https://")):
        return path or ""
    return settings.SITE_URL + path


@register.simple_tag
def share_links_for(url: str, text: str, subject: str = "") -> list[ShareLink]:
    """`{% share_links_for share_url share_text as links %}`: the plain share links."""
    return share_links(url=url, text=text, subject=subject)


@register.filter
def tel_uri(number: str) -> str:
    """`{{ number|tel_uri }}`: a digits-only tel: URI, or "" for text that is no number."""
    return calls_tel_uri(number)
