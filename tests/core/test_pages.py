import re

import pytest

from tests.conftest import csp_directives
from tests.core.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_home_page_sends_a_strict_content_security_policy(client):
    response = client.get("/")

    assert response.status_code == 200
    policy = csp_directives(response)
    assert policy["default-src"] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_home_page_has_the_page_skeleton(client):
    OrganisationFactory(name="Freedom United")

    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert "<nav" in html
    assert "Freedom United" in html


def test_pages_load_nothing_from_another_host(client):
    html = client.get("/").content.decode()

    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assets = [s for s in sources if s.endswith((".css", ".js", ".svg", ".woff2", ".png"))]
    assert assets
    assert all(s.startswith("/static/") for s in assets), assets
    assert "<script" not in html


def test_forms_carry_a_csrf_token(client):
    html = client.get("/").content.decode()

    assert 'name="csrfmiddlewaretoken"' in html


def test_language_switch_requires_csrf():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})

    assert response.status_code == 403


def test_spanish_pages_are_served_under_es(client):
    html = client.get("/es/").content.decode()

    assert '<html lang="es">' in html
    assert "Saltar al contenido principal" in html


def test_unknown_page_gets_the_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Content-Security-Policy" in response


@pytest.mark.urls("tests.core.urls_with_error")
def test_an_unexpected_error_gets_the_500_page_without_a_traceback():
    from django.test import Client

    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Traceback" not in html
    assert "RuntimeError" not in html
