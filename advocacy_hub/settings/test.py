"""Settings for the test suite.

The database and broker come from the environment like everywhere else, so the same
suite runs on SQLite and on PostgreSQL + Redis. Tasks run eagerly by default; the
integration tests switch that off and start a real worker (tests/conftest.py).
"""

from .base import *
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key-0123456789abcdefghijklmnopqrstuvwxyz-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# pytest-django swaps in the locmem backend inside the test process. A worker started
# by an integration test uses this one, so what it sends lands in the shared database.
MAILERS = {"default": {"BACKEND": "core.mail.OutboxEmailBackend"}}

CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served straight from the source folders; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True


# Worker processes started by tests log to their own stderr; keep the suite quiet.
LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING").upper()
LOGGING["root"]["level"] = LOG_LEVEL
LOGGING["loggers"]["django"]["level"] = LOG_LEVEL

# Test clients post forms at once; the bot-defence tests set their own minimum.
SIGN_MIN_FILL_SECONDS = 0
