"""Every page in the registry, in a real browser: accessibility in light and dark mode,
weight, no third party, content without JavaScript. With SCREENSHOTS_DIR set, the
accessibility run also writes a PNG of each page at 375 px and 1280 px wide."""

from pathlib import Path

import pytest

from tests.e2e.conftest import AXE, SCREENSHOTS_DIR, new_context
from tests.pages import PAGES, Page

pytestmark = pytest.mark.django_db(transaction=True)

# WCAG 2.2 A and AA, plus axe's best practices (landmarks, one h1, ...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
MAX_BYTES_BEFORE_IMAGES = 100 * 1024


def _open(page, spec: Page):
    if spec.post is None:
        return page.goto(spec.path)
    # Reach the form-with-errors state the way a person does: submit the form.
    page.goto(spec.path)
    for name, value in spec.post.items():
        field = page.locator(f"[name={name}]").first
        kind = field.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind.endswith(":hidden"):
            continue  # the page carries its own, as it does for a person
        if kind.startswith("select"):
            field.select_option(value)
        elif kind.endswith((":radio", ":checkbox")):
            page.check(f"[name={name}][value='{value}']")
        else:
            field.fill(value)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    return None


# One test per page runs every gate, so the page's demo rows are set up once for all
# four checks: the setup (a flushed database and the registry's demo seed) costs more
# than the checks themselves.
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.name)
def test_page_passes_every_gate(browser, site, spec):
    problems = {
        f"axe ({scheme})": _axe_violations(browser, site, spec, scheme)
        for scheme in ("light", "dark")
    }
    problems["weight and hosts"] = _weight_and_hosts(browser, site, spec)
    if spec.post is None:
        problems["without JavaScript"] = _content_without_javascript(browser, site, spec)

    assert {gate: found for gate, found in problems.items() if found} == {}


def _axe_violations(browser, site, spec: Page, scheme: str) -> list[str]:
    """WCAG 2.2 A and AA and axe's best practices, in one colour scheme."""
    context = new_context(browser, site, staff=spec.staff, color_scheme=scheme)
    page = context.new_page()
    response = _open(page, spec)
    if response is not None and response.status != spec.status:
        context.close()
        return [f"answered {response.status}, expected {spec.status}"]

    # evaluate() runs through the DevTools protocol, outside the page's CSP.
    page.evaluate(AXE.read_text())
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    if SCREENSHOTS_DIR:
        _screenshots(page, f"{spec.name}-{scheme}")
    context.close()

    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
    ]
    print(f"axe {spec.name} ({scheme}): {len(results['passes'])} rules pass, {violations}")
    return violations


def _screenshots(page, name: str) -> None:
    """Write the page as a phone (375 px) and a desktop (1280 px) see it."""
    folder = Path(SCREENSHOTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def _weight_and_hosts(browser, site, spec: Page) -> list[str]:
    """Nothing fetched from another host, and under the weight budget before images."""
    context = new_context(browser, site, staff=spec.staff)
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.on("requestfailed", lambda request: requests.append(request))
    _open(page, spec)
    page.wait_for_load_state("networkidle")

    transferred = {}
    for request in requests:
        sizes = request.sizes()
        transferred[request.url] = (
            request.resource_type,
            sizes["responseBodySize"] + sizes["responseHeadersSize"],
        )
    context.close()

    problems = [
        f"fetched from another host: {url}" for url in transferred if not url.startswith(site.url)
    ]
    weight = sum(size for kind, size in transferred.values() if kind != "image")
    print(f"weight {spec.name}: {weight / 1024:.1f} KB in {len(transferred)} requests")
    if weight >= MAX_BYTES_BEFORE_IMAGES:
        problems.append(
            f"{weight / 1024:.1f} KB before images, over {MAX_BYTES_BEFORE_IMAGES // 1024} KB"
        )
    return problems


def _content_without_javascript(browser, site, spec: Page) -> list[str]:
    """The page's heading shows with JavaScript off."""
    context = new_context(browser, site, staff=spec.staff, java_script_enabled=False)
    page = context.new_page()
    page.goto(spec.path)

    heading = page.locator("main h1")
    shown = heading.is_visible() and bool(heading.inner_text().strip())
    context.close()
    return [] if shown else ["no visible main heading"]
