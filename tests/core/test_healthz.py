from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


@contextmanager
def _database_unreachable():
    """Point the default connection somewhere nothing answers, then put it back."""
    if connection.vendor == "sqlite":
        # The test database lives in memory and would vanish if closed, so the
        # failure to open it is simulated where Django would report it.
        error = OperationalError("unable to open database file")
        with mock.patch.object(connection, "ensure_connection", side_effect=error):
            yield
        return
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def test_healthz_reports_ok_without_a_broker(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "not configured"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.needs_redis
def test_healthz_reports_ok_with_the_configured_broker(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db(transaction=True)
def test_healthz_names_the_database_when_it_is_down(client, settings):
    settings.CELERY_BROKER_URL = ""

    with _database_unreachable():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "broker": "not configured"}


def test_healthz_names_the_broker_when_it_is_down(client, settings):
    # Nothing listens on port 1.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unavailable"}


def test_healthz_answers_plain_http_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.CELERY_BROKER_URL = ""

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_healthz_accepts_only_get(client):
    assert client.post("/healthz").status_code == 405
