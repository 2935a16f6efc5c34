"""Latency of the foundation's pages through the whole Django stack (test client).

Prints p50/p95/p99/max in milliseconds and the query count of each page: a baseline that
later features are compared with.
"""

import argparse

from _django import percentiles, test_database, time_calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=500)
    args = parser.parse_args()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core import demo

    with test_database():
        demo.seed(log=lambda line: None)
        client = Client()
        pages = {
            "home /": "/",
            "organisations /organisations/": "/organisations/",
            "organisation /organisations/polaris/": "/organisations/polaris/",
            "home in Spanish /es/": "/es/",
            "health /healthz": "/healthz",
        }
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(f"pages on {engine}, {args.repeat} requests each (ms)")
        print(f"{'page':42} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} {'queries':>8}")
        for name, url in pages.items():
            assert client.get(url).status_code == 200, url
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            # Read now: every request clears the connection's query log.
            query_count = len(queries)
            figures = percentiles(time_calls(lambda url=url: client.get(url), repeat=args.repeat))
            print(
                f"{name:42} {figures['p50']:7.2f} {figures['p95']:7.2f} "
                f"{figures['p99']:7.2f} {figures['max']:7.2f} {query_count:8d}"
            )


if __name__ == "__main__":
    main()
