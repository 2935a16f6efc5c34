"""The shape a newcomer relies on: layout, app configs, one-way imports, README commands."""

import ast
import re

from django.apps import apps
from django.conf import settings

from tests.conftest import BASE_DIR

REQUIRED_PATHS = [
    "manage.py", "pyproject.toml", "docker-compose.yml", "Dockerfile", ".env.example",
    ".python-version", "README.md", "Makefile", ".ci/run", "requirements/dev.txt",
    "requirements/base.txt", "advocacy_hub/settings/base.py", "advocacy_hub/settings/local.py",
    "advocacy_hub/settings/test.py", "advocacy_hub/settings/production.py",
    "advocacy_hub/urls.py", "advocacy_hub/celery.py", "advocacy_hub/wsgi.py",
    "advocacy_hub/asgi.py", "templates/base.html", "templates/404.html", "templates/500.html",
    "static/css/main.css", "tests/conftest.py", "benchmarks/README.md",
]  # fmt: skip


def test_the_project_has_its_documented_layout():
    missing = [path for path in REQUIRED_PATHS if not (BASE_DIR / path).exists()]

    assert missing == []
    assert (BASE_DIR / ".python-version").read_text().strip() == "3.12"


def test_each_local_app_has_a_real_app_config():
    for name in settings.LOCAL_APPS:
        config = apps.get_app_config(name)
        assert type(config).__module__ == f"{name}.apps"
        assert str(config.verbose_name) != name


def _imported_local_apps(path) -> set[tuple[str, str]]:
    """(app, module) pairs for every import of a local app in one file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        modules = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from core import geography` imports the module core.geography.
            if node.module in settings.LOCAL_APPS:
                modules = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                modules = [node.module]
        for module in modules:
            top = module.split(".")[0]
            if top in settings.LOCAL_APPS:
                found.add((top, module))
    return found


# `core` is the shared kernel: besides its selectors and services, every app may use its
# abstract models and fields, its exceptions, US geography, import sources and emails.
CORE_KERNEL = {"models", "exceptions", "geography", "sources", "emails"}


def test_apps_import_each_other_one_way_through_selectors_and_services():
    order = settings.LOCAL_APPS
    problems = []
    for position, app in enumerate(order):
        for path in (BASE_DIR / app).rglob("*.py"):
            for other, module in _imported_local_apps(path):
                if other == app:
                    continue
                if order.index(other) > position:
                    problems.append(f"{path.relative_to(BASE_DIR)} imports {module} (upstream)")
                elif other == "core" and module.split(".")[1:2] in [[m] for m in CORE_KERNEL]:
                    continue
                elif module.split(".")[1:2] not in (["selectors"], ["services"]):
                    problems.append(f"{path.relative_to(BASE_DIR)} imports {module}")

    assert problems == []


def test_readme_gives_exactly_the_two_setup_commands_the_makefile_has():
    readme = (BASE_DIR / "README.md").read_text()
    makefile = (BASE_DIR / "Makefile").read_text()
    setup = readme.split("## Set-up: two commands", 1)[1].split("##", 1)[0]

    commands = re.findall(r"^(make \w+)", setup.split("```sh", 1)[1].split("```", 1)[0], re.M)
    assert commands == ["make demo", "make test"]
    for command in commands:
        assert re.search(rf"^{command.split()[1]}:", makefile, re.M)
    assert "make test" in (BASE_DIR / ".ci" / "run").read_text()
