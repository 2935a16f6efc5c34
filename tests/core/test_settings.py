"""Each settings module loads, and each mode gets the configuration its README promises."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import BASE_DIR

PROBE = """
import json, django
from django.conf import settings as s
django.setup()
from advocacy_hub.celery import app
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "CONN_MAX_AGE": db.get("CONN_MAX_AGE"),
    "CONN_HEALTH_CHECKS": db.get("CONN_HEALTH_CHECKS"),
    "EAGER": app.conf.task_always_eager,
    "BROKER": app.conf.broker_url,
    "MAILER": s.MAILERS["default"],
    "ANYMAIL": s.ANYMAIL,
    "OUTBOX_PAGE_ENABLED": s.OUTBOX_PAGE_ENABLED,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
}))
"""

PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-key-7c1f0e9b2d4a6f8e0c3b5d7f9a1e3c5b7d9f1a3e5",
    "ALLOWED_HOSTS": "hub.example.org",
    "SITE_URL": "https://hub.example.org",
    "DATABASE_URL": "postgres://hub:secret@db:5432/hub",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "ANYMAIL_ESP": "postmark",
    "ANYMAIL_API_KEY": "server-token",
}


def _run(module: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(BASE_DIR)),
        "DJANGO_SETTINGS_MODULE": module,
        # Never pick up a developer's .env: the test states every value itself.
        "ENV_FILE": "",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=clean_env, capture_output=True, text=True
    )


def _load(module: str, env: dict[str, str] | None = None) -> dict:
    result = _run(module, env or {}, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_local_settings_with_nothing_set_run_on_one_machine():
    loaded = _load("advocacy_hub.settings.local")

    assert loaded["DEBUG"] is True
    assert loaded["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["NAME"] == str(BASE_DIR / "var" / "advocacy_hub.sqlite3")
    assert loaded["EAGER"] is True
    assert loaded["MAILER"] == {"BACKEND": "core.mail.OutboxEmailBackend"}
    assert loaded["OUTBOX_PAGE_ENABLED"] is True


def test_production_settings_use_postgres_redis_and_the_esp():
    loaded = _load("advocacy_hub.settings.production", PRODUCTION_ENV)

    assert loaded["DEBUG"] is False
    assert loaded["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["NAME"] == "hub"
    assert loaded["CONN_MAX_AGE"] == 60
    assert loaded["CONN_HEALTH_CHECKS"] is True
    assert loaded["EAGER"] is False
    assert loaded["BROKER"] == "redis://redis:6379/0"
    assert loaded["MAILER"] == {"BACKEND": "anymail.backends.postmark.EmailBackend"}
    assert loaded["ANYMAIL"] == {"POSTMARK_SERVER_TOKEN": "server-token"}
    assert loaded["OUTBOX_PAGE_ENABLED"] is False
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["SECURE_HSTS_SECONDS"] >= 31536000


def test_redis_url_alone_configures_the_broker():
    loaded = _load("advocacy_hub.settings.local", {"REDIS_URL": "redis://cache:6379/2"})

    assert loaded["EAGER"] is False
    assert loaded["BROKER"] == "redis://cache:6379/2"


def test_email_url_selects_smtp_for_a_mail_catcher():
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("ANYMAIL")}
    loaded = _load("advocacy_hub.settings.production", {**env, "EMAIL_URL": "smtp://mail:1025"})

    assert loaded["MAILER"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert loaded["MAILER"]["OPTIONS"]["host"] == "mail"
    assert loaded["MAILER"]["OPTIONS"]["port"] == 1025


def test_test_settings_load():
    loaded = _load("advocacy_hub.settings.test")

    assert loaded["EAGER"] is True
    assert loaded["DEBUG"] is False


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS"),
        ("SITE_URL", "SITE_URL"),
        ("DATABASE_URL", "DATABASE_URL"),
        ("CELERY_BROKER_URL", "CELERY_BROKER_URL"),
        ("ANYMAIL_ESP", "EMAIL"),
    ],
)
def test_production_settings_refuse_to_start_without(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}

    result = _run("advocacy_hub.settings.production", env, "-c", PROBE)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = _run(
        "advocacy_hub.settings.production",
        PRODUCTION_ENV,
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_copied_env_example_changes_nothing():
    example = str(BASE_DIR / ".env.example")

    assert _load("advocacy_hub.settings.local", {"ENV_FILE": example}) == _load(
        "advocacy_hub.settings.local"
    )
    production = _load("advocacy_hub.settings.production", {**PRODUCTION_ENV, "ENV_FILE": example})
    assert production["ENGINE"] == "django.db.backends.postgresql"


def test_empty_values_count_as_unset():
    empty = {"DATABASE_URL": "", "ANYMAIL_CONFIG": "", "STATIC_ROOT": "", "SECRET_KEY": ""}

    loaded = _load("advocacy_hub.settings.local", empty)

    assert loaded["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["ANYMAIL"] == {}
    result = _run(
        "advocacy_hub.settings.production", {**PRODUCTION_ENV, "SECRET_KEY": ""}, "-c", PROBE
    )
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize("limit", ["30", "3600", "9000"])
def test_task_time_limit_must_fit_inside_the_visibility_timeout(limit):
    result = _run("advocacy_hub.settings.local", {"CELERY_TASK_TIME_LIMIT": limit}, "-c", PROBE)

    assert result.returncode != 0
    assert "CELERY_TASK_TIME_LIMIT" in result.stderr
