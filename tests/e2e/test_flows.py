"""The first flows a person clicks through."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_opens(page):
    page.goto("/")

    assert "Advocacy Hub" in page.title()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main h1").is_visible()


def test_switching_to_spanish_keeps_the_current_page(page):
    page.goto("/organisations/")

    page.select_option("#language-select", "es")
    with page.expect_navigation():
        page.get_by_role("button", name="Change").click()

    assert page.url.endswith("/es/organizaciones/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("main h1").inner_text() == "Organizaciones"


def test_every_top_level_section_opens_from_the_navigation(page):
    page.goto("/")
    links = page.locator(".site-nav a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(targets) >= 2

    for href in targets:
        page.goto("/")
        with page.expect_navigation() as navigation:
            page.locator(f'.site-nav a[href="{href}"]').click()
        assert navigation.value.status == 200
        assert page.locator(f'.site-nav a[href="{href}"]').get_attribute("aria-current") == "page"
        assert page.locator("main h1").inner_text().strip()


def test_staff_member_logs_into_the_admin(page, site):
    page.goto("/admin/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "staff-password")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Log in", re.I)).click()

    assert page.get_by_role("heading", name="Site administration").is_visible()


def test_a_form_with_errors_moves_focus_to_the_error_summary(browser, site):
    from tests.e2e.conftest import new_context

    context = new_context(browser, site, staff=True)
    page = context.new_page()
    page.goto("/styleguide/")
    page.fill("[name=email]", "not an address")

    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()

    # The browser applies autofocus at its next rendering update, after the load event.
    page.wait_for_function(
        "document.activeElement && document.activeElement.className === 'error-summary'",
        timeout=5000,
    )
    # Each error in the summary links to its field.
    page.locator(".error-summary a", has_text="valid email").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    context.close()


def test_a_link_in_an_email_the_app_sent_opens_in_the_browser(page, site, mailoutbox):
    from core import services
    from tests.e2e.conftest import email_links

    services.email_check_send(to="ana@example.org", language="es")

    links = email_links(mailoutbox, to="ana@example.org")
    assert links == [f"{site.url}/"]
    response = page.goto(links[0])
    assert response.status == 200
    assert page.locator("main h1").is_visible()


def test_a_state_on_the_map_is_reached_and_opened_with_the_keyboard(page):
    page.goto("/state-laws/safe-harbor/")
    florida = page.get_by_role("link", name="Florida: Has a law")

    florida.focus()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Florida: Has a law"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "/bills/?jurisdiction=fl" in page.url
    assert page.get_by_text("HB 99").first.is_visible()


def test_following_a_bill_then_confirming_from_the_email(page, site, mailoutbox):
    from legislation.models import AlertSubscriber
    from tests.e2e.conftest import email_links

    response = page.goto("/bills/us/115/s1693/")
    assert response.status == 200, page.content()[:3000]
    page.fill("[name=email]", "ana@example.org")
    page.check("[name=frequency][value=daily]")
    with page.expect_navigation():
        page.get_by_role("button", name="Follow").click()
    assert page.locator("main h1").inner_text() == "Check your email"

    [link] = [url for url in email_links(mailoutbox, to="ana@example.org") if "/confirm/" in url]
    page.goto(link)
    assert AlertSubscriber.objects.get(email="ana@example.org").confirmed_at is None
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()

    assert page.locator("main h1").inner_text() == "Your alerts have started"
    assert AlertSubscriber.objects.get(email="ana@example.org").confirmed_at is not None
