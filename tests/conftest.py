"""Test-wide fixtures and the policy for tests that need real services.

A test marked `needs_postgres` or `needs_redis` runs only in a pass configured for that
service (DATABASE_URL on PostgreSQL, CELERY_BROKER_URL or REDIS_URL): in a pass on the
embedded default it is deselected, because that pass is not meant to run it. When the
service is configured but does not answer, the test skips on a developer's machine and
fails under CI=true. A test marked `needs_chromium` behaves the same way.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The public datasets, beside the project (never inside it); CI has them there.
SHARED_DATA = Path(os.environ.get("SHARED_DATA_DIR", BASE_DIR.parent / "shared" / "data"))


def _uses_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _broker_configured() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}",
        f"broker: {'configured' if _broker_configured() else 'not configured (eager tasks)'}",
        f"CI: {IN_CI}",
    ]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kept, deselected = [], []
    for item in items:
        if (item.get_closest_marker("needs_postgres") and not _uses_postgres()) or (
            item.get_closest_marker("needs_redis") and not _broker_configured()
        ):
            deselected.append(item)
        else:
            kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def csp_directives(response) -> dict[str, str]:
    """Split a response's Content-Security-Policy into {directive: sources}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, sources = part.strip().partition(" ")
        if name:
            directives[name] = sources
    return directives


def committed():
    """Run a block as a request would: what it queues on commit runs when the block ends."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service fails the run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _required_services(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("needs_redis"):
        from core.selectors import OK, _broker_status

        if _broker_status(timeout=2) != OK:
            _missing(f"the broker at {settings.CELERY_BROKER_URL} does not answer")
    if request.node.get_closest_marker("needs_chromium") and not shutil.which(CHROMIUM):
        _missing(f"Chromium is not installed at {CHROMIUM}")
    if request.node.get_closest_marker("needs_shared_data") and not SHARED_DATA.is_dir():
        _missing(f"the public datasets are not at {SHARED_DATA} (set SHARED_DATA_DIR)")
    if request.node.get_closest_marker("needs_vnu"):
        if not shutil.which("java"):
            _missing("Java is not installed (the Nu Html Checker needs it)")
        if not VNU_JAR.is_file():
            _missing(f"{VNU_JAR} is missing: run `npm ci`")


@pytest.fixture
def registry_data(django_user_model):
    """The demo rows the page registry's URLs point at; returns a staff user."""
    from campaigns import demo as campaigns_demo
    from core import demo
    from legislation import demo as legislation_demo
    from representatives.importers import legislators_import, people_import, zip_districts_import
    from tests.representatives.conftest import LEGISLATORS, OPENSTATES, TODAY, ZCCD

    demo.seed(log=lambda line: None)
    legislators_import(location=LEGISLATORS, today=TODAY)
    zip_districts_import(location=ZCCD)
    people_import(location=OPENSTATES, today=TODAY)
    legislation_demo.seed(log=lambda line: None)
    campaigns_demo.seed(log=lambda line: None)
    _handoff_delivery()
    _alert_subscriber()
    _unconfirmed_signature()
    _postcard_pledge()
    return django_user_model.objects.create_user(
        "staff", password="staff-password", is_staff=True, is_superuser=True
    )


def _handoff_delivery() -> None:
    """The letter the registry's hand-off page shows (its token is fixed in tests/pages.py)."""
    from representatives.models import Delivery, Official
    from tests.pages import HANDOFF_DELIVERY_PK

    Delivery.objects.create(
        pk=HANDOFF_DELIVERY_PK,
        official=Official.objects.get(bioguide_id="S000001"),
        action_key="letter:safe-harbor",
        sender_name="Ana Advocate",
        sender_email="ana@example.org",
        sender_address="12 Pine St\nSeattle, WA 98101",
        subject="Please protect children who were trafficked",
        organisation_statement="Safe-harbor laws treat trafficked children as victims.",
        body="Dear Senator,\n\nAs a teacher in Seattle, I ask you to support this.",
        channel=Delivery.Channel.HANDOFF,
        status=Delivery.Status.HANDED_OFF,
    )


def _unconfirmed_signature() -> None:
    """The signature whose confirmation link the registry opens."""
    from campaigns.models import Person, Petition, Signature
    from tests.pages import SIGNATURE_EMAIL, SIGNATURE_PK

    Signature.objects.create(
        pk=SIGNATURE_PK,
        petition=Petition.objects.get(slug="amend-the-13th"),
        person=Person.objects.create(email=SIGNATURE_EMAIL, given_name="Sam"),
    )


def _postcard_pledge() -> None:
    """The pledge whose printable postcards the registry opens."""
    from campaigns.forms import consent_text
    from campaigns.models import Person, PostcardAction, PostcardPledge
    from campaigns.targeting import action_targets
    from tests.pages import POSTCARD_EMAIL, POSTCARD_PLEDGE_PK

    action = PostcardAction.objects.get(slug="100-postcards-to-congress")
    pledge = PostcardPledge.objects.create(
        pk=POSTCARD_PLEDGE_PK,
        action=action,
        person=Person.objects.create(email=POSTCARD_EMAIL, given_name="Pat", postal_code="98101"),
        count=3,
        # Its consents page (tests/pages.py) shows the boxes ticked.
        consent_texts={str(o.pk): consent_text(o) for o in action.campaign.organisations.all()},
    )
    pledge.targets.set([t.target for t in action_targets(action=action, zip_code="98101").targets])


def _alert_subscriber() -> None:
    """The follower whose confirm and unsubscribe links the registry opens."""
    from legislation.models import AlertSubscriber
    from tests.pages import ALERT_SUBSCRIBER_EMAIL, ALERT_SUBSCRIBER_PK

    AlertSubscriber.objects.create(pk=ALERT_SUBSCRIBER_PK, email=ALERT_SUBSCRIBER_EMAIL)


@pytest.fixture(autouse=True)
def _default_language():
    # The test client runs requests in the test's own thread, and LocaleMiddleware
    # leaves the language a request chose active after it: a /es/ page in one test
    # must not make the next test's own strings Spanish.
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache outlives a test's database; what one test cached must not leak into another.
    from django.core.cache import cache

    from representatives.selectors import zip_states_forget

    cache.clear()
    zip_states_forget()


@pytest.fixture(autouse=True)
def _fixture_datasets(settings):
    # Demo data in tests reads the small fixture datasets, laid out like the real ones.
    from tests.fixture_data import FIXTURE_DATA

    settings.PUBLIC_DATA_DIR = FIXTURE_DATA


@pytest.fixture(autouse=True)
def _outbox_page_on(settings):
    # Every page in the registry must exist in tests; the outbox is a local-only page.
    settings.OUTBOX_PAGE_ENABLED = True


# ------------------------------------------------------------------------------
# A real Celery worker
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkerProcess:
    queue: str
    process: subprocess.Popen


def _test_database_url() -> str:
    """DATABASE_URL with its database name swapped for the test database's."""
    from django.db import connection

    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup: None, django_db_blocker: object
) -> Iterator[WorkerProcess]:
    """Start `celery worker` in its own process, on the configured broker and test database.

    Each run gets a queue of its own, so a developer's worker on the same Redis never
    takes the test's tasks.
    """
    from advocacy_hub.celery import app

    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "advocacy_hub.settings.test",
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "ENV_FILE": "",
    }
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "advocacy_hub", "worker",
            "--pool=prefork", "--concurrency=1", "--queues", queue,
            "--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=BASE_DIR,
        env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"the Celery worker exited with code {process.returncode}")
            replies = app.control.ping(timeout=1.0)
            if any(name.startswith(queue) for reply in replies for name in reply):
                break
        else:
            pytest.fail("the Celery worker did not come up within 60 seconds")
        yield WorkerProcess(queue=queue, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def celery_broker(celery_worker_process: WorkerProcess) -> Iterator[WorkerProcess]:
    """Send tasks through the real broker to the test's worker instead of running them eagerly."""
    from advocacy_hub.celery import app

    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = celery_worker_process.queue
    try:
        yield celery_worker_process
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = saved
