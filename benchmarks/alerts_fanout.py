"""Bill-alert fan-out: N followers of one bill, one event, every alert handed over once.

Creates N confirmed subscribers following one bill, records one event through the real
bill service, dispatches it through the real alert services, and sends every batch
through the real task: on Celery workers when a broker is configured (CELERY_BROKER_URL),
in-process otherwise. Mail goes to anymail's test backend (counting, not keeping).
Prints per size: time to write the delivery rows, time until every message was handed
to the backend, emails per second, peak memory of the dispatcher and of the largest
worker, and database queries per 1,000 recipients for the dispatch and for sending.
Target (issue 5): 100,000 recipients handed over in under 60 s on PostgreSQL, memory
flat in N, queries per 1,000 recipients constant.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks._alerts_settings"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _django import test_database

BASE_DIR = Path(__file__).resolve().parents[1]
COUNTING = {"default": {"BACKEND": "benchmarks._counting_mail.EmailBackend"}}


class QueryCounter:
    """Count statements without keeping them (CaptureQueriesContext keeps every one)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@contextmanager
def counting():
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


@contextmanager
def workers(concurrency: int):
    """Start one Celery worker (prefork) on the benchmark's database and its own queue."""
    from django.db import connection

    from advocacy_hub.celery import app

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "ENV_FILE": "", "PYTHONPATH": str(BASE_DIR)}
    if connection.vendor == "postgresql":
        parts = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(
            parts._replace(path="/" + connection.settings_dict["NAME"])
        )
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "advocacy_hub", "worker", "--pool=prefork",
            f"--concurrency={concurrency}", "--queues", queue, "--hostname", f"{queue}@%h",
            "--without-gossip", "--without-mingle", "--loglevel=WARNING",
        ],
        cwd=BASE_DIR,
        env=env,
    )  # fmt: skip
    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=1.0)
            if any(name.startswith(queue) for reply in replies for name in reply):
                break
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = saved
        process.terminate()
        process.wait(timeout=60)


def followers(bill, n: int) -> None:
    """N confirmed subscribers following the bill, written in bulk."""
    from django.utils import timezone

    from legislation.models import AlertSubscriber, AlertSubscription, BillEvent

    now = timezone.now()
    cursor = BillEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    tag = uuid.uuid4().hex[:6]
    for start in range(0, n, 5000):
        subscribers = AlertSubscriber.objects.bulk_create(
            AlertSubscriber(email=f"r{tag}-{i}@example.org", language="en", confirmed_at=now)
            for i in range(start, min(n, start + 5000))
        )
        AlertSubscription.objects.bulk_create(
            AlertSubscription(
                subscriber=s, target=f"bill:{bill.pk}", bill=bill, frequency="immediate",
                cursor=cursor,
            )
            for s in subscribers
        )  # fmt: skip


def make_bill(n: int):
    """A bill with one action, refreshed (its history recorded), and N followers."""
    from datetime import date

    from legislation import services
    from legislation.models import Bill, BillAction, Jurisdiction, LegislativeSession, Subject
    from legislation.reference import reference_data_ensure

    reference_data_ensure(jurisdiction_model=Jurisdiction, subject_model=Subject)
    session, _ = LegislativeSession.objects.get_or_create(
        jurisdiction=Jurisdiction.objects.get(slug="us"), identifier="115",
        defaults={"name": "115th Congress"},
    )  # fmt: skip
    bill = Bill.objects.create(
        session=session, identifier=f"S. {uuid.uuid4().int % 10**6}", title="A bill.",
        from_chamber="upper",
    )  # fmt: skip
    BillAction.objects.create(
        bill=bill, date=date(2018, 1, 1), chamber="upper", description="Introduced.",
        classification=["introduction"],
    )  # fmt: skip
    services.bill_refresh(bill_id=bill.pk)
    followers(bill, n)
    return bill


def record_event(bill) -> None:
    """Record one new event without letting its commit hook dispatch it."""
    from datetime import date
    from unittest import mock

    from legislation import services
    from legislation.models import BillAction

    BillAction.objects.create(
        bill=bill, date=date(2018, 3, 1), chamber="upper", description="Passed the Senate.",
        classification=["passage"],
    )  # fmt: skip
    with mock.patch("legislation.tasks.alerts_dispatch_immediate.delay"):
        services.bill_refresh(bill_id=bill.pk)


def send_queries_per_thousand() -> float:
    """Statements per 1,000 recipients for sending, counted in-process on 1,000."""
    from unittest import mock

    from django.test import override_settings

    from legislation import alerts
    from legislation.models import AlertRun

    record_event(make_bill(1000))
    with mock.patch("legislation.alerts._queue_batches"):
        run = alerts.alerts_dispatch(frequency="immediate")
    with override_settings(MAILERS=COUNTING), counting() as queries:
        for batch in range(run.batches):
            alerts.alert_batch_send(run_id=run.pk, batch=batch)
    AlertRun.objects.filter(pk=run.pk).delete()
    return queries.count


def run_size(n: int, *, broker: bool, concurrency: int) -> None:
    from contextlib import nullcontext
    from unittest import mock

    from django.test import override_settings

    from legislation import alerts
    from legislation.models import AlertDelivery, AlertRun

    bill = make_bill(n)
    record_event(bill)
    # Workers are up before the dispatch, as in production, so sending starts at commit.
    with workers(concurrency) if broker else nullcontext():
        with counting() as dispatch_q:
            started = time.perf_counter()
            # The batches are queued right after commit, as the commit hook would.
            with mock.patch("legislation.alerts._queue_batches"):
                run = alerts.alerts_dispatch(frequency="immediate")
            written = time.perf_counter() - started
        if broker:
            alerts._queue_batches(run.pk, range(run.batches))
            while AlertDelivery.objects.filter(run=run, status="sent").count() < n:
                time.sleep(0.1)
        else:
            with override_settings(MAILERS=COUNTING):
                for batch in range(run.batches):
                    alerts.alert_batch_send(run_id=run.pk, batch=batch)
        total = time.perf_counter() - started
    assert run.recipients == n, (run.recipients, n)
    worker_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  N={n:>7,}  delivery rows written {written:6.2f} s   "
        f"all handed over {total:6.1f} s after the dispatch began   "
        f"({n / (total - written):,.0f} emails/s while sending)"
    )
    print(
        f"           peak memory: dispatcher {own_rss:,.0f} MB, largest worker {worker_rss:,.0f} MB"
        f"   dispatch queries per 1,000: {dispatch_q.count * 1000 / n:.2f}"
    )
    assert AlertDelivery.objects.filter(run=run).exclude(status="sent").count() == 0
    AlertRun.objects.filter(pk=run.pk).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", default="10000,100000",
                        help="comma-separated sizes (default 10000,100000)")  # fmt: skip
    parser.add_argument("--concurrency", type=int, default=4, help="worker processes")
    args = parser.parse_args()

    from django.conf import settings

    broker = bool(settings.CELERY_BROKER_URL)
    with test_database():
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        where = f"Celery workers ({args.concurrency}) on the broker" if broker else "in-process"
        print(f"alerts fan-out on {engine}, sending {where}")
        print(f"  send queries per 1,000 recipients: {send_queries_per_thousand():.0f}")
        for size in (int(s) for s in args.recipients.split(",")):
            run_size(size, broker=broker, concurrency=args.concurrency)
        print("  target: 100,000 handed over in < 60 s on PostgreSQL; memory and queries flat in N")


if __name__ == "__main__":
    main()
