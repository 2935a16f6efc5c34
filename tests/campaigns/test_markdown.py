import pytest
from django.template import Context, Template

from campaigns.markdown import markdown_render
from campaigns.sharing import share_links


def test_markdown_keeps_headings_lists_links_and_emphasis():
    html = markdown_render(
        "## Why it matters\n\n- *one*\n- **two**\n\n1. first\n\n"
        "[Read the report](https://example.org/report) and `code`\n\n> quoted"
    )

    assert "<h2>Why it matters</h2>" in html
    assert "<li><em>one</em></li>" in html
    assert "<li><strong>two</strong></li>" in html
    assert "<ol>" in html
    assert (
        '<a href="https://example.org/report" rel="nofollow noopener">Read the report</a>' in html
    )
    assert "<code>code</code>" in html
    assert "<blockquote>" in html


def test_markdown_strips_script_iframe_and_event_handlers():
    html = markdown_render(
        "Hello <script>alert('x')</script>\n\n<script>\nsteal()\n</script>\n\n"
        '<iframe src="https://evil.example"></iframe>\n\n'
        'Click <a href="/" onclick="steal()">here</a> <img src=x onerror="steal()">'
    )

    assert "<script" not in html
    assert "steal()" not in html
    assert "<iframe" not in html
    assert "onclick" not in html
    assert "onerror" not in html
    assert "<img" not in html
    assert "Hello" in html


@pytest.mark.parametrize(
    "link",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
    ],
)
def test_markdown_refuses_script_urls(link):
    html = markdown_render(link)

    assert "href" not in html


def test_markdown_shows_a_template_tag_as_text_and_never_runs_it():
    html = Template("{% load campaigns %}{{ body|markdown }}").render(
        Context({"body": "Hi {{ secret }} {% load static %} {% now 'Y' %}", "secret": "LEAKED"})
    )

    assert "{{ secret }}" in html
    assert "{% load static %}" in html
    assert "{% now " in html
    assert "LEAKED" not in html


def test_markdown_headings_start_at_the_level_the_page_asks():
    assert "<h3>Top</h3>" in markdown_render("# Top\n\n## Next", top_heading=3)
    assert "<h4>Next</h4>" in markdown_render("# Top\n\n## Next", top_heading=3)
    # A body that starts at ### does not leave a gap under the page's h2.
    assert "<h3>Deep</h3>" in markdown_render("### Deep", top_heading=3)
    assert "<h6>" in markdown_render("# a\n\n###### f", top_heading=2)


def test_markdown_of_nothing_is_empty():
    assert markdown_render("") == ""
    assert markdown_render(None) == ""


def test_share_links_are_plain_urls_to_each_network():
    links = {
        link.network: link.href
        for link in share_links(url="https://hub.example/campaigns/a/", text="Sign & share")
    }

    assert links["email"].startswith("mailto:?subject=Sign%20%26%20share&body=")
    assert links["x"] == (
        "https://twitter.com/intent/tweet?text=Sign%20%26%20share"
        "&url=https%3A%2F%2Fhub.example%2Fcampaigns%2Fa%2F"
    )
    assert links["facebook"] == (
        "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fhub.example%2Fcampaigns%2Fa%2F"
    )
    assert links["whatsapp"].startswith("https://wa.me/?text=Sign%20%26%20share%20https")
    assert links["bluesky"].startswith("https://bsky.app/intent/compose?text=Sign%20%26%20share")
    assert links["mastodon"].startswith("https://mastodonshare.com/?text=")


def test_share_links_template_has_no_script_and_opens_safely():
    html = Template('{% load campaigns %}{% include "campaigns/_share_links.html" %}').render(
        Context({"share_url": "https://hub.example/campaigns/a/", "share_text": "Sign it"})
    )

    assert "<script" not in html
    assert html.count('rel="noopener noreferrer"') == 6
    assert "Share on Bluesky" in html
