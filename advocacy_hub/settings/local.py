"""Settings for one machine: a developer's laptop or the demo.

Nothing needs to be set. Email goes to the outbox page at /outbox/ (staff only),
tasks run in-process after each commit, and the database is a SQLite file in var/.
"""

from .base import *
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="local-only-insecure-key-do-not-use-in-production-0123456789abcdef",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

OUTBOX_PAGE_ENABLED = True

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served straight from the source folders; nothing is collected.
STATIC_ROOT = None
