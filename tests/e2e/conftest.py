"""Playwright, driving Debian's Chromium, against the app served on a free port.

pytest-django's `live_server` serves the app from a thread on the test database, so the
browser sees what the test wrote, and what the app emails is in `mail.outbox`.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import CHROMIUM, _missing

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR", "")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.needs_chromium)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    import shutil

    if not shutil.which(CHROMIUM):
        _missing(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running on this thread for as long as
    # the browser lives, which Django's async-safety check mistakes for async code. The
    # ORM calls tests make here are plain synchronous calls, so the check is lifted for
    # exactly that long.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(browser, live_server, registry_data, settings):
    """The app on a free port with the registry's demo rows; `site.staff` can log in."""
    # Links in the emails the app sends point at this server, so a test can follow them.
    settings.SITE_URL = live_server.url
    live_server.staff = registry_data
    return live_server


def email_links(outbox, *, to: str) -> list[str]:
    """The links in the newest email sent to `to`, as its recipient would click them."""
    messages = [message for message in outbox if to in message.to]
    assert messages, f"no email was sent to {to}"
    return re.findall(r"https?://[^\s<>\"']+", messages[-1].body)


def new_context(browser, site, *, staff: bool = False, **options):
    """A fresh browser context, logged in as staff when asked."""
    context = browser.new_context(base_url=site.url, **options)
    if staff:
        from django.test import Client

        client = Client()
        client.force_login(site.staff)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": site.url}]
        )
    return context


@pytest.fixture
def page(browser, site) -> Iterator[object]:
    context = new_context(browser, site)
    page = context.new_page()
    yield page
    context.close()
