"""Markdown that staff write (campaign bodies, issue pages, asks), rendered safely.

CommonMark, with any raw HTML in the text dropped rather than rendered, then nh3 keeps
only a small set of tags and attributes: whatever an editor types, no script, frame,
event handler or `javascript:` link reaches the page, and the text is never run as a
template.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong",
    "code", "pre", "blockquote", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
RAW_HTML = {"html_block", "html_inline"}

# The parser recognises raw HTML only so that it can be removed whole: escaped, a pasted
# <script> would show on the page as text. Images are off: one from another host would
# break the promise of no third-party requests, and pages have hero images of their own.
_md = MarkdownIt("commonmark", {"html": True}).disable("image")


def _without_raw_html(tokens: list[Token]) -> list[Token]:
    kept = []
    for token in tokens:
        if token.type in RAW_HTML:
            continue
        if token.children:
            token.children = [child for child in token.children if child.type not in RAW_HTML]
        kept.append(token)
    return kept


def _shift_headings(tokens: list[Token], top: int) -> None:
    """Renumber headings so the body's highest one sits at `top`, under the page's own."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if not levels:
        return
    shift = top - min(levels)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"


def markdown_render(text: str, *, top_heading: int = 2) -> SafeString:
    """Render Markdown to sanitised HTML, its headings starting at `top_heading`."""
    tokens = _without_raw_html(_md.parse(text or ""))
    _shift_headings(tokens, top_heading)
    html = _md.renderer.render(tokens, _md.options, {})
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just cleaned it
