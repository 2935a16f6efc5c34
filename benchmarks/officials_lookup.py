"""Officials lookup: full import times, then ZIP lookup latency over random ZIP codes.

Imports every public dataset into a throwaway test database (timing each), then looks
up --samples random ZIP codes from the data through the service, through Django's whole
request stack (`GET /api/officials`, test client), and over a real socket to gunicorn
serving the same database, printing p50/p95/p99.
Targets (issue 4): lookup p95 under 20 ms over HTTP on PostgreSQL; all imports under
3 minutes. Run with DATABASE_URL set for PostgreSQL.
"""

import argparse
import http.client
import os
import random
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _django import percentiles, test_database

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
BASE_DIR = Path(__file__).resolve().parents[1]


@contextmanager
def gunicorn_on_test_database(
    *, workers: int = 1, settings_module: str = "advocacy_hub.settings.test"
):
    """Serve the app with gunicorn (sync workers) on the benchmark's test database."""
    from django.db import connection

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "ENV_FILE": ""}
    if connection.vendor == "postgresql":
        parts = urlsplit(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = urlunsplit(
            parts._replace(path="/" + connection.settings_dict["NAME"])
        )
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "advocacy_hub.wsgi", "--workers", str(workers),
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def http_get(port: int, path: str) -> None:
    # A new connection per request, as a browser on another site would make one.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "localhost"})
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default=os.environ.get("PUBLIC_DATA_DIR", str(DEFAULT_DATA)))
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1693)
    args = parser.parse_args()
    data = Path(args.data)

    from django.conf import settings
    from django.test import Client

    from representatives import importers
    from representatives.models import ZipDistrict
    from representatives.selectors import officials_for_zip

    with test_database(), ExitStack() as stack:
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(f"officials lookup on {engine}")
        imports = [
            ("ocd-division-ids", importers.divisions_import, data / "ocd-division-ids"),
            ("congress-legislators", importers.legislators_import, data / "congress-legislators"),
            ("zccd", importers.zip_districts_import, data / "us-zipcodes-congress" / "zccd.csv"),
            (
                "openstates-people",
                importers.people_import,
                data / "openstates-people" / "openstates-people-current.tar.gz",
            ),
        ]
        total = 0.0
        for name, run, location in imports:
            started = time.perf_counter()
            run(location=str(location))
            seconds = time.perf_counter() - started
            total += seconds
            print(f"  import {name:22} {seconds:7.1f} s")
        print(f"  import {'all':22} {total:7.1f} s   (target < 180 s)")
        if engine == "postgresql":
            # Fresh statistics, as autovacuum would soon give a production database.
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        zips = sorted(set(ZipDistrict.objects.values_list("zcta", flat=True)))
        sample = random.Random(args.seed).choices(zips, k=args.samples)
        client = Client()
        # gunicorn must see the imported rows: on SQLite the test database is in memory.
        port = stack.enter_context(gunicorn_on_test_database()) if engine == "postgresql" else None
        runs = [
            ("service", lambda z: officials_for_zip(zip_code=z)),
            ("test client /api/officials", lambda z: client.get("/api/officials", {"zip": z})),
        ]
        if port:
            runs.append(
                ("HTTP gunicorn /api/...", lambda z: http_get(port, f"/api/officials?zip={z}"))
            )
        for label, call in runs:
            for z in sample[:200]:
                call(z)
            timings = []
            for z in sample:
                started = time.perf_counter()
                call(z)
                timings.append((time.perf_counter() - started) * 1000)
            figures = percentiles(timings)
            print(
                f"  lookup {label:22} p50 {figures['p50']:6.2f} ms  p95 {figures['p95']:6.2f} ms"
                f"  p99 {figures['p99']:6.2f} ms  over {len(sample)} ZIP codes"
                + ("   (target p95 < 20 ms on PostgreSQL)" if label.startswith("HTTP") else "")
            )


if __name__ == "__main__":
    main()
