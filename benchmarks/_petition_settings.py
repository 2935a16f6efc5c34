"""Settings for the petition load benchmark: the app as deployed, plus two bare views.

DEBUG is off, mail is counted and dropped, and the signing rate limits are raised so
that one loopback client can sign many times; the limits are still counted on every
request, as in production. The minimum fill time stays on: the load generator waits it
out once, as a person filling the form would.

Tasks run in-process after each commit, unless CELERY_BROKER_URL is set: then they go
to the broker, on a queue of the benchmark's own that nothing consumes (the benchmark
empties it afterwards), so a request costs what it costs in production.
"""

from advocacy_hub.settings.test import *  # noqa: F403
from advocacy_hub.settings.test import CELERY_BROKER_URL, LOGGING, env

DEBUG = False
ROOT_URLCONF = "benchmarks._petition_urls"
MAILERS = {"default": {"BACKEND": "benchmarks._counting_mail.EmailBackend"}}

CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# As in production: a failed task is logged, never a failed request.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_DEFAULT_QUEUE = env.str("BENCH_CELERY_QUEUE", default="petition-load")

SIGN_RATE_PER_IP = env.str("SIGN_RATE_PER_IP", default="1000000/h")
SIGN_RATE_PER_EMAIL = env.str("SIGN_RATE_PER_EMAIL", default="1000/h")
SIGN_MIN_FILL_SECONDS = env.int("SIGN_MIN_FILL_SECONDS", default=3)

# The test settings look every static file up again on each request; a server looks
# them up once, at start.
WHITENOISE_AUTOREFRESH = False

# Eager tasks make Celery build (never open) a broker connection, and say so once per
# process; that line would only clutter the figures.
LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}
