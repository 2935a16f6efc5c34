"""A supporter signs a petition, confirms from the email, and sees the count go up."""

import re

import pytest

from campaigns.models import Petition
from tests.e2e.conftest import email_links

pytestmark = pytest.mark.django_db(transaction=True)


def _shown_count(page) -> int:
    label = page.locator(".progress__label strong").first.inner_text()
    return int(re.sub(r"\D", "", label))


def test_signing_a_petition_then_confirming_from_the_email(page, site, mailoutbox):
    petition = Petition.objects.get(slug="amend-the-13th")
    page.goto("/petitions/amend-the-13th/?source=e2e")
    before = _shown_count(page)
    assert before == petition.confirmed_count

    page.fill("[name=given_name]", "Ana")
    page.fill("[name=family_name]", "Silva")
    page.fill("[name=email]", "ana.signer@example.org")
    if page.locator("[name=postal_code]").count():
        page.fill("[name=postal_code]", "98101")
    page.check("[name=show_name]")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign the petition").click()
    assert "Check your email" in page.locator("main h1").inner_text()

    page.goto("/petitions/amend-the-13th/")
    assert _shown_count(page) == before, "an unconfirmed signature must not count"

    [link] = [u for u in email_links(mailoutbox, to="ana.signer@example.org") if "/confirm/" in u]
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm my signature").click()
    assert "your signature counts" in page.locator("main h1").inner_text()
    assert _shown_count(page) == before + 1

    page.goto("/petitions/amend-the-13th/")
    assert _shown_count(page) == before + 1
    assert page.get_by_text("Ana S.").first.is_visible()
