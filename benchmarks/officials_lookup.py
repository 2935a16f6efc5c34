"""Officials lookup: full import times, then ZIP lookup latency over random ZIP codes.

Imports every public dataset into a throwaway test database (timing each), then looks
up --samples random ZIP codes from the data through the service and through Django's
whole request stack (`GET /api/officials`, test client), printing p50/p95/p99.
Targets (issue 4): lookup p95 under 20 ms over HTTP on PostgreSQL; all imports under
3 minutes. Run with DATABASE_URL set for PostgreSQL.
"""

import argparse
import os
import random
import time
from pathlib import Path

from _django import percentiles, test_database

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


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

    with test_database():
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

        zips = sorted(set(ZipDistrict.objects.values_list("zcta", flat=True)))
        sample = random.Random(args.seed).choices(zips, k=args.samples)
        client = Client()
        for label, call in (
            ("service", lambda z: officials_for_zip(zip_code=z)),
            ("HTTP /api/officials", lambda z: client.get("/api/officials", {"zip": z})),
        ):
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
