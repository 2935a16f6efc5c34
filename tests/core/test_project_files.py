"""The deployment files agree with the settings the project actually reads."""

import re

import yaml

from tests.conftest import BASE_DIR

SETTINGS_DIR = BASE_DIR / "advocacy_hub" / "settings"
# Read by Django, the Celery app or the settings loader rather than through env().
READ_OUTSIDE_ENV_CALLS = {"DJANGO_SETTINGS_MODULE", "ENV_FILE"}


def _settings_variables() -> set[str]:
    names = set(READ_OUTSIDE_ENV_CALLS)
    for path in SETTINGS_DIR.glob("*.py"):
        names |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', path.read_text()))
    return names


def _env_example_variables() -> set[str]:
    text = (BASE_DIR / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_lists_exactly_the_variables_settings_read():
    assert _env_example_variables() == _settings_variables()


def test_compose_has_every_service_with_healthchecks_and_named_volumes():
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]

    assert {"postgres", "redis", "migrate", "web", "worker", "beat", "mailpit"} <= set(services)
    for name, service in services.items():
        if service.get("restart") == "no":  # one-shot jobs such as migrate
            continue
        assert "healthcheck" in service, f"{name} has no healthcheck"
    named = set(compose["volumes"])
    mounted = {
        volume.split(":", 1)[0]
        for service in services.values()
        for volume in service.get("volumes", [])
    }
    assert {"postgres-data", "redis-data"} <= named
    assert mounted & named == named


def test_compose_app_services_set_only_settings_the_project_reads():
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    known = _settings_variables()

    for name in ("migrate", "web", "worker", "beat"):
        service = compose["services"][name]
        assert service.get("env_file"), f"{name} reads no env file"
        environment = service.get("environment", {})
        assert set(environment) <= known, f"{name}: {set(environment) - known}"
        assert environment["DJANGO_SETTINGS_MODULE"] == "advocacy_hub.settings.production"


def test_compose_web_healthcheck_uses_healthz():
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())

    assert "/healthz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])
