"""Gates that need no browser, over the page registry: coverage, headers, valid HTML."""

import json
import shutil
import subprocess

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import VNU_JAR, csp_directives
from tests.pages import NOT_PAGES, PAGES, Page


def _named_routes(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name in {"admin", "anymail"}:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_route_is_in_the_registry():
    covered = {route for page in PAGES for route in page.routes}

    missing = _named_routes(get_resolver()) - covered - NOT_PAGES

    assert not missing, f"add these routes to tests/pages.py: {sorted(missing)}"


def _fetch(client, page: Page, staff_user):
    if page.staff:
        client.force_login(staff_user)
    if page.post is not None:
        return client.post(page.path, page.post)
    return client.get(page.path)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_sends_the_security_headers(client, page, registry_data):
    response = _fetch(client, page, registry_data)

    assert response.status_code == page.status
    policy = csp_directives(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert response["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}
    assert response["X-Content-Type-Options"] == "nosniff"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions
    if not page.embed:
        assert policy["frame-ancestors"] == "'none'"
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize("page", [p for p in PAGES if p.post], ids=lambda p: p.name)
def test_form_pages_show_errors_linked_to_their_fields(client, page, registry_data):
    html = _fetch(client, page, registry_data).content.decode()

    assert 'class="error-summary"' in html
    assert "autofocus" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'href="#id_email"' in html
    assert 'class="field__required">(obligatorio)</span>' in html
    assert '<span class="field__optional">' in html


@pytest.mark.needs_vnu
@pytest.mark.django_db
def test_every_page_is_valid_html(client, registry_data, tmp_path):
    for page in PAGES:
        response = _fetch(client, page, registry_data)
        (tmp_path / f"{page.name}.html").write_bytes(response.content)

    result = subprocess.run(
        [
            shutil.which("java") or "java", "-jar", str(VNU_JAR),
            "--errors-only", "--format", "json", "--exit-zero-always", str(tmp_path),
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip

    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    print(f"Nu Html Checker: {len(PAGES)} pages, {len(errors)} errors")
    assert errors == []
