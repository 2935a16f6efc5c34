"""Petition load: the signing page and the sign POST under load, against bare Django views.

Creates a throwaway PostgreSQL database (test_<name> of DATABASE_URL), migrates it,
seeds one live petition with --signatures confirmed signatures (100,000 by default,
written by INSERT ... SELECT, counter set to match), and serves it with gunicorn
(4 sync workers, persistent database connections, DEBUG off, mail counted and dropped,
signing rate limits raised but still counted; benchmarks/_petition_settings.py). Then,
with wrk at 16 connections, a short warm-up and --duration seconds each, it measures:

- bare page      GET  /bench/page: one SELECT of a counter and a small template
- petition page  GET  /petitions/<slug>/: the signing page (count, form, public signers)
- campaign page  GET  /campaigns/<slug>/: the campaign page, when it answers 200
- bare insert    POST /bench/insert: one INSERT and one counter UPDATE, CSRF-checked
- sign           POST /petitions/<slug>/: a signature, a unique email per request

The bare views (benchmarks/_petition_urls.py) run on the same server behind the same
middleware, so the figures are ratios. Each POST carries what a browser sends after one
GET of the form: the CSRF cookie, the form's token and hidden fields (the signed
"started" stamp, posted after waiting SIGN_MIN_FILL_SECONDS), and an email made unique
in Lua (run tag, wrk thread, per-thread counter); only a 302 counts as success. Beside
each rate it prints the statements per request and the Django process's CPU time per
request, both measured in-process beforehand: unlike a rate, the CPU time hardly moves
when other work shares the machine.

After the sign phase it POSTs the Confirm button of --confirm of the new signatures,
16 at a time, then checks that the petition's counter equals COUNT of its confirmed
signatures (seeded + confirmed in the run), and that the signatures the sign phase
stored equal the 302s the server sent it (read from gunicorn's access log, since wrk
stops with requests still in flight).

Email tasks run in-process after each commit (the embedded default). With
CELERY_BROKER_URL set they are queued on the broker instead, on a queue of the
benchmark's own that nothing consumes and that is emptied afterwards: a request then
costs what it costs in production.

Targets (issue 6): petition page >= 50% of the bare page's rate; sign POST >= 50% of
the bare INSERT's rate with p95 < 100 ms; zero errors; counter exact. Each is printed
PASS or MISS; the exit status is non-zero only when the run itself failed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/advocacy_hub_bench \\
      .venv/bin/python benchmarks/petition_load.py [--duration 15] [--signatures 100000]

Needs wrk (Debian package `wrk`) and PostgreSQL; takes two to three minutes.
"""

import argparse
import http.client
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks._petition_settings"
# A queue of this run's own, for the email tasks when a broker is configured.
os.environ.setdefault("BENCH_CELERY_QUEUE", f"petition-load-{uuid.uuid4().hex[:8]}")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _django import percentiles, test_database
from officials_lookup import gunicorn_on_test_database

LUA = Path(__file__).resolve().parent / "_petition_wrk.lua"
SLUG = "load-test"
CAMPAIGN_SLUG = "load-test"
ASK = """\
We ask the companies that sell to us to publish where their cobalt comes from, mine by
mine, and to stop buying from any site where children work or where workers are held
by debt.

- Publish the full list of smelters and mines in the supply chain every year.
- Pay for independent audits, announced and **unannounced**, and publish what they find.
- Fund the remedy: schooling for children taken out of the mines, wages for workers.

Read [the report](https://example.org/report) that set out the evidence.
"""


# ------------------------------------------------------------------------------
# Seeding
# ------------------------------------------------------------------------------
def petition_seed(*, signatures: int):
    """One live campaign with two sponsors and a petition carrying N confirmed signatures."""
    from _petition_urls import CREATE_TABLES
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import Campaign, IssuePage, Petition
    from core.models import Organisation
    from representatives.models import Division, ZipDistrict

    # Production has the ZIP table imported; the signers' ZIP code is in it.
    district = Division.objects.create(
        ocd_id="ocd-division/country:us/state:wa/cd:7", name="Washington's 7th",
        kind=Division.Kind.CONGRESSIONAL, state="WA",
    )  # fmt: skip
    ZipDistrict.objects.create(zcta="98101", state="WA", division=district)
    sponsors = [
        Organisation.objects.create(
            name=f"Load Test Org {i}",
            slug=f"load-test-org-{i}",
            website="https://example.org/",
            privacy_policy_url="https://example.org/privacy",
        )
        for i in (1, 2)
    ]
    issue = IssuePage.objects.create(
        title="Cobalt mining", slug="load-cobalt", summary="Children in the mines.", body=ASK
    )
    campaign = Campaign.objects.create(
        title="Clean cobalt", slug=CAMPAIGN_SLUG, summary="Trace the cobalt in our phones.",
        body=ASK, status=Campaign.Status.LIVE, launched_at=timezone.now(),
        share_text="Sign for clean cobalt.",
    )  # fmt: skip
    campaign.organisations.set(sponsors)
    campaign.issues.set([issue])
    petition = Petition.objects.create(
        campaign=campaign, title="Trace every mine", slug=SLUG, ask=ASK, goal=250_000
    )
    with connection.cursor() as cursor:
        # Written by the database itself: a second or two for 100,000 people and rows.
        cursor.execute(
            """
            INSERT INTO campaigns_person (created_at, updated_at, email, given_name,
                family_name, postal_code, language, email_status)
            SELECT now() - g * interval '30 seconds', now(), 'seed-' || g || '@example.org',
                'Seed' || g, 'Signer', lpad((10000 + g %% 89999)::text, 5, '0'), 'en',
                'subscribed'
            FROM generate_series(1, %s) AS g
            """,
            [signatures],
        )
        cursor.execute(
            """
            INSERT INTO campaigns_signature (person_id, petition_id, created_at,
                confirmed_at, consent_texts, source, referrer, landing_url, comment,
                show_name, region, hidden)
            SELECT p.id, %s, p.created_at, p.created_at + interval '10 minutes', '{}', 'seed',
                '', '', CASE WHEN p.id %% 7 = 0 THEN 'Because it matters.' ELSE '' END,
                p.id %% 10 = 0, 'WA', false
            FROM campaigns_person AS p WHERE p.email LIKE 'seed-%%'
            """,
            [petition.pk],
        )
        cursor.execute(
            "UPDATE campaigns_petition SET confirmed_count = %s WHERE action_ptr_id = %s",
            [signatures, petition.pk],
        )
        cursor.execute(CREATE_TABLES)
        # Fresh statistics and visibility maps, as autovacuum would soon give them.
        cursor.execute("VACUUM ANALYZE")
    return petition


def signature_stats(petition_id: int) -> tuple[int, int, int]:
    """All signatures, confirmed ones (COUNT), and the petition's counter."""
    from django.db.models import Count, Q

    from campaigns.models import Petition, Signature

    counts = Signature.objects.filter(petition_id=petition_id).aggregate(
        all=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False))
    )
    counter = Petition.objects.values_list("confirmed_count", flat=True).get(pk=petition_id)
    return counts["all"], counts["confirmed"], counter


# ------------------------------------------------------------------------------
# HTTP, as a browser does it
# ------------------------------------------------------------------------------
class _FormInputs(HTMLParser):
    """The inputs of the form posting to one action (the sign form, not the language one)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.fields = action, False, {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("action") == self.action
        elif tag == "input" and self.inside and attributes.get("name"):
            self.fields[attributes["name"]] = attributes

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


@dataclass(frozen=True)
class Browser:
    """What one browser holds after showing the signing page: cookie and form fields."""

    port: int
    cookie: str
    token: str
    fields: dict[str, str]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def http_request(port: int, method: str, path: str, *, body: str = "", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


def form_open(port: int, path: str) -> Browser:
    """GET the signing page once and keep its CSRF cookie and form fields."""
    status, headers, html = http_request(port, "GET", path)
    assert status == 200, (path, status)
    cookie = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            cookie.load(value)
    parser = _FormInputs(path)
    parser.feed(html)
    assert "csrftoken" in cookie, "no CSRF cookie"
    assert "csrfmiddlewaretoken" in parser.fields, "no CSRF token in the form"
    hidden = {
        name: attrs.get("value") or ""
        for name, attrs in parser.fields.items()
        if attrs.get("type") == "hidden"
    }
    consents = [name for name in parser.fields if name.startswith("consent_")]
    fields = {
        **hidden,
        "given_name": "Ada",
        "family_name": "Example",
        "postal_code": "98101",
        "comment": "",
        "show_name": "on",
        "website": "",
        # One box of the two ticked, as many signers do.
        **{name: "on" for name in consents[:1]},
    }
    return Browser(
        port=port,
        cookie=f"csrftoken={cookie['csrftoken'].value}",
        token=hidden["csrfmiddlewaretoken"],
        fields=fields,
    )


def status_of(port: int, path: str) -> int:
    return http_request(port, "GET", path)[0]


# ------------------------------------------------------------------------------
# Load
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cost:
    queries: int  # statements per request; -1 when the request did not succeed
    cpu_ms: float  # CPU time of the Django process per request


@dataclass
class Figures:
    name: str
    rps: float
    p50: float
    p95: float
    p99: float
    ok: int  # 2xx or 3xx, as the phase expects
    errors: int  # unexpected statuses and socket errors
    requests: int
    sample: str  # the first unexpected answer, for the report
    cost: Cost | None = None

    def line(self) -> str:
        cost = (
            f"{self.cost.queries:3d} queries {self.cost.cpu_ms:5.1f} ms CPU"
            if self.cost
            else " " * 24
        )
        return (
            f"  {self.name:44} {self.rps:7.1f} req/s  p50 {self.p50:6.1f}  p95 {self.p95:6.1f}"
            f"  p99 {self.p99:6.1f} ms  {cost}  errors {self.errors}"
            + (f"   (first: {self.sample[:120]})" if self.errors and self.sample else "")
        )


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    expect: int,
    post: list[str] | None = None,
) -> Figures:
    """Run wrk once; `expect` is the status class (2 or 3) that counts as success.

    `post` holds the urlencoded form fields, the cookie and the origin for a POST.
    """
    command = [
        "wrk", f"--threads={threads}", f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s", "--timeout=5s", f"--script={LUA}", url,
        "--", "post" if post else "get", uuid.uuid4().hex[:8], *(post or []),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if done.returncode or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}\n{done.stderr}")
    r = json.loads(line.removeprefix("RESULT "))
    good = r["s2xx"] if expect == 2 else r["s3xx"]
    wrong = r["s2xx"] + r["s3xx"] + r["other"] - good
    sockets = r["connect"] + r["read"] + r["write"] + r["timeout"]
    return Figures(
        name="",
        rps=r["requests"] / (r["duration_us"] / 1e6),
        p50=r["p50_us"] / 1000,
        p95=r["p95_us"] / 1000,
        p99=r["p99_us"] / 1000,
        ok=good,
        errors=wrong + sockets,
        requests=r["requests"],
        sample=r["sample"],
    )


def post_args(browser: Browser, fields: dict[str, str]) -> list[str]:
    return [urlencode(fields), browser.cookie, browser.origin]


def confirm_concurrently(browser: Browser, tokens: list[str], *, threads: int) -> Figures:
    """POST each confirmation link's Confirm button, `threads` at a time."""

    def confirm(token: str) -> tuple[int, float]:
        started = time.perf_counter()
        status, _, _ = http_request(
            browser.port,
            "POST",
            f"/signatures/confirm/{token}/",
            # The page's form as its owner leaves it: the name as typed, nothing else.
            body=urlencode(
                {"csrfmiddlewaretoken": browser.token, "given_name": "Ana", "family_name": "L"}
            ),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": browser.cookie,
                "Origin": browser.origin,
            },
        )
        return status, (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(confirm, tokens))
    seconds = time.perf_counter() - started
    cuts = percentiles([ms for _, ms in results])
    ok = sum(1 for status, _ in results if status == 200)
    return Figures(
        name=f"confirm POST ({len(tokens):,} links)",
        rps=len(tokens) / seconds, p50=cuts["p50"], p95=cuts["p95"], p99=cuts["p99"],
        ok=ok, errors=len(tokens) - ok, requests=len(tokens), sample="",
    )  # fmt: skip


@dataclass
class Run:
    """Everything one run measured, and the counts taken from the database after it."""

    seeded: int
    results: dict[str, Figures] = field(default_factory=dict)
    warmups: list[Figures] = field(default_factory=list)
    costs: dict[str, Cost] = field(default_factory=dict)
    created: int = 0  # signatures the sign phase stored (its warm-up included)
    answered: int = 0  # 302s the server sent for the sign POST (from its access log)
    confirm_links: int = 0
    confirmed_before: int = 0  # COUNT of confirmed signatures before the confirm phase
    confirmed: int = 0
    counter: int = 0


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def request_costs(paths: dict[str, str], *, repeat: int = 100) -> dict[str, Cost]:
    """Statements and CPU time per request, in-process through the whole Django stack.

    CPU time, unlike a rate, hardly depends on what else the machine is running.
    """
    from django.db import connection
    from django.test import Client, override_settings

    from campaigns.forms import started_stamp

    client = Client()
    emails = (f"cost-{i}@example.org" for i in itertools.count())
    form = {"given_name": "Ada", "family_name": "Example", "postal_code": "98101",
            "show_name": "on", "started": started_stamp()}  # fmt: skip
    calls = {key: (lambda path=path: client.get(path), 200) for key, path in paths.items()}
    calls["bare insert"] = (lambda: client.post("/bench/insert", {"email": next(emails)}), 302)
    calls["sign"] = (
        lambda: client.post(paths["petition"], {**form, "email": next(emails)}),
        302,
    )
    costs = {}
    with override_settings(SIGN_MIN_FILL_SECONDS=0):
        for key, (call, expected) in calls.items():
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                status = call().status_code
            if status != expected:
                costs[key] = Cost(queries=-1, cpu_ms=0.0)
                continue
            for _ in range(repeat // 10):
                call()
            started = time.process_time()
            for _ in range(repeat):
                call()
            costs[key] = Cost(counter.count, (time.process_time() - started) * 1000 / repeat)
    return costs


def access_log_count(log: Path, line: str) -> int:
    with log.open() as lines:
        return sum(1 for entry in lines if entry.rstrip("\n") == line)


def server_ready(port: int) -> None:
    # Requests queue until every worker has booted; wait for real answers.
    deadline = time.monotonic() + 60
    while status_of(port, "/healthz") != 200:
        if time.monotonic() > deadline:
            raise RuntimeError("gunicorn did not answer /healthz")
        time.sleep(0.5)


def phases_run(port: int, petition, args: argparse.Namespace, run: Run, log: Path) -> None:
    """Warm up and measure each request in turn, then confirm a sample of new signatures."""
    from django.conf import settings

    from campaigns.models import Signature
    from campaigns.services import signature_confirm_token

    base = f"http://127.0.0.1:{port}"
    petition_path = f"/petitions/{SLUG}/"
    campaign_path = f"/campaigns/{CAMPAIGN_SLUG}/"
    browser = form_open(port, petition_path)
    shown_at = time.monotonic()

    def measure(key: str, label: str, path: str, *, expect: int, post=None) -> None:
        load = {"connections": args.connections, "threads": args.threads, "expect": expect}
        if args.warmup > 0:
            run.warmups.append(wrk(base + path, seconds=args.warmup, post=post, **load))
        figures = wrk(base + path, seconds=args.duration, post=post, **load)
        figures.name = f"{label:13} {'POST' if post else 'GET '} {path}"
        figures.cost = run.costs.get(key)
        run.results[key] = figures
        print(figures.line(), flush=True)

    measure("bare page", "bare page", "/bench/page", expect=2)
    measure("petition", "petition page", petition_path, expect=2)
    if run.costs["campaign"].queries >= 0:
        measure("campaign", "campaign page", campaign_path, expect=2)
    else:
        status = status_of(port, campaign_path)
        print(f"  campaign page GET  {campaign_path}: skipped, it answers {status}")

    # Post no sooner than a person could have filled the form in.
    waited = time.monotonic() - shown_at
    time.sleep(max(0.0, settings.SIGN_MIN_FILL_SECONDS + 0.5 - waited))
    insert_fields = {"csrfmiddlewaretoken": browser.token}
    measure("bare insert", "bare insert", "/bench/insert", expect=3,
            post=post_args(browser, insert_fields))  # fmt: skip
    before = signature_stats(petition.pk)[0]
    measure("sign", "sign", petition_path, expect=3, post=post_args(browser, browser.fields))
    # wrk stops mid-request; the server finishes those requests and logs them.
    time.sleep(1)
    after, run.confirmed_before, _ = signature_stats(petition.pk)
    run.created = after - before
    run.answered = access_log_count(log, f"POST {petition_path} 302")

    sample = (
        Signature.objects.filter(petition=petition, confirmed_at__isnull=True)
        .select_related("person")
        .order_by("?")[: args.confirm]
    )
    tokens = [signature_confirm_token(signature) for signature in sample]
    run.confirm_links = len(tokens)
    if tokens:
        run.results["confirm"] = confirm_concurrently(browser, tokens, threads=args.connections)
        print(run.results["confirm"].line())


def queue_empty() -> None:
    """Drop the tasks the run queued on the broker (a queue of the benchmark's own)."""
    from django.conf import settings

    from advocacy_hub.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with app.connection_for_write() as connection:
        # Declared here too, so that deleting it also drops the bindings the web workers made.
        bound = app.amqp.queues[queue].bind(connection.default_channel)
        bound.declare()
        dropped = bound.purge()
        bound.delete()
    print(f"  dropped {dropped or 0:,} queued email tasks from the queue {queue}")


def verdict(passed: bool) -> str:
    return "PASS" if passed else "MISS   <<<<<<"


# (measured, baseline, what the ratio is called): each target is a ratio of rates.
RATIOS = (
    ("petition", "bare page", "petition page / bare page rate"),
    ("campaign", "bare page", "campaign page / bare page rate"),
    ("sign", "bare insert", "sign POST / bare insert rate"),
)


def report(run: Run) -> bool:
    """Print each target with PASS or MISS; return whether all passed."""
    results = run.results
    rows: list[tuple[str, str, str, bool]] = []
    for key, base, label in RATIOS:
        if key in results:
            ratio = results[key].rps / results[base].rps
            rows.append((label, f"{ratio:.0%}", ">= 50%", ratio >= 0.5))
    p95 = results["sign"].p95
    answered = results["sign"].requests > 0
    rows.append(("sign POST p95", f"{p95:.1f} ms", "< 100 ms", answered and p95 < 100))
    errors = sum(f.errors for f in results.values()) + sum(f.errors for f in run.warmups)
    rows.append(("errors (warm-ups included)", str(errors), "0", errors == 0))
    confirmed_now = run.confirmed - run.confirmed_before
    exact = (
        run.counter == run.confirmed == run.seeded + confirmed_now
        and confirmed_now == run.confirm_links
        and run.created == run.answered
    )
    rows.append(("counter exact:", "yes" if exact else "no", "yes", exact))
    print()
    for label, value, target, passed in rows:
        print(f"  {label:30} {value:>10}   target {target:9} {verdict(passed)}")
    print(
        f"  counter {run.counter:,}, COUNT {run.confirmed:,} (seeded {run.seeded:,} + "
        f"{confirmed_now:,} of {run.confirm_links:,} links confirmed in the run); "
        f"signatures created {run.created:,}, 302s sent {run.answered:,}"
    )
    # What the rate ratios tend to when nothing else competes for the CPU.
    cpu = {key: cost.cpu_ms for key, cost in run.costs.items() if cost.queries >= 0}
    shares = [
        f"{label.split(' rate')[0]} {cpu[base] / cpu[key]:.0%}"
        for key, base, label in RATIOS
        if key in cpu and base in cpu
    ]
    print("  CPU per request, bare view ÷ app view: " + ", ".join(shares))
    return all(passed for *_, passed in rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--signatures", type=int, default=100_000, help="seeded, confirmed")
    parser.add_argument("--duration", type=float, default=15, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=3, help="seconds before each")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--confirm", type=int, default=2000, help="new signatures to confirm")
    args = parser.parse_args()

    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("petition_load needs PostgreSQL: set DATABASE_URL=postgres://...")
    if not shutil.which("wrk"):
        sys.exit("petition_load needs wrk (apt-get install wrk)")

    run = Run(seeded=args.signatures)
    tasks = "in-process" if settings.CELERY_TASK_ALWAYS_EAGER else "queued on the broker"
    with test_database(), tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        petition = petition_seed(signatures=args.signatures)
        print(
            f"petition load on PostgreSQL: gunicorn {args.workers} sync workers, wrk "
            f"{args.connections} connections, {args.warmup:g} s warm-up + {args.duration:g} s "
            f"each; email tasks {tasks}"
        )
        print(f"  seeded {args.signatures:,} confirmed signatures in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        run.costs = request_costs(
            {"bare page": "/bench/page", "petition": f"/petitions/{SLUG}/",
             "campaign": f"/campaigns/{CAMPAIGN_SLUG}/"}
        )  # fmt: skip
        # Each worker appends "METHOD PATH STATUS" for every request it answered.
        log = Path(scratch) / "access.log"
        os.environ["GUNICORN_CMD_ARGS"] = (
            f"--access-logfile={log} --access-logformat='%(m)s %(U)s %(s)s'"
        )
        server = gunicorn_on_test_database(
            workers=args.workers, settings_module=os.environ["DJANGO_SETTINGS_MODULE"]
        )
        with server as port:
            server_ready(port)
            phases_run(port, petition, args, run, log)
        queue_empty()
        _, run.confirmed, run.counter = signature_stats(petition.pk)
    report(run)


if __name__ == "__main__":
    main()
