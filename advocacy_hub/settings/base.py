"""Settings shared by every mode.

Every value that differs between machines comes from the environment through
django-environ; `.env.example` lists each one. With nothing set the project runs
entirely on one machine (SQLite, tasks in-process, email kept in a local outbox).
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"


class Env(environ.Env):
    """django-environ, except that `NAME=` (as a half-filled .env has) counts as unset."""

    def get_value(self, var, *args, **kwargs):
        if self.ENVIRON.get(var) != "":
            return super().get_value(var, *args, **kwargs)
        environment = self.ENVIRON
        self.ENVIRON = {name: value for name, value in environment.items() if name != var}
        try:
            return super().get_value(var, *args, **kwargs)
        finally:
            self.ENVIRON = environment


env = Env()
# A developer's `.env` fills in what the real environment leaves unset; it never
# overrides it, so CI and containers stay in control of their own values.
_env_file = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if _env_file and Path(_env_file).is_file():
    env.read_env(_env_file)

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in emails are built from this, never from the request's Host header.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

ROOT_URLCONF = "advocacy_hub.urls"
WSGI_APPLICATION = "advocacy_hub.wsgi.application"
ASGI_APPLICATION = "advocacy_hub.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The admin lives at a configurable path so that a deployment can move it away from
# the address every scanner tries first.
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
]
THIRD_PARTY_APPS = [
    "anymail",
    "django_ratelimit",
]
# Ordered by dependency: an app may import only from apps listed before it.
LOCAL_APPS = [
    "core",
    "representatives",
    "legislation",
    "campaigns",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a rate-limited request into RATELIMIT_VIEW's 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
]

FORM_RENDERER = "core.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'advocacy_hub.sqlite3'}",
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections, checked before reuse so a restarted server costs one
    # failed request at most instead of a stream of errors.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the in-process task runner write while a request
    # reads, which is the embedded default's whole concurrency story.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# ------------------------------------------------------------------------------
# Cache
# ------------------------------------------------------------------------------
# Rate limits count in the cache, so every web process must share it: Redis when one is
# configured, else (the embedded default, one process) local memory.
CACHE_URL = env.str("CACHE_URL", default=env.str("REDIS_URL", default=""))


def redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "advocacy-hub",
        }
    }


CACHES = (
    redis_cache(CACHE_URL)
    if CACHE_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)
# django-ratelimit predates Django's own Redis backend, which increments atomically as
# it needs; local memory is right for the single process of the embedded default only.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not CACHE_URL:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
RATELIMIT_VIEW = "core.views.rate_limited"

# ------------------------------------------------------------------------------
# Passwords and authentication
# ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# ------------------------------------------------------------------------------
# Internationalisation
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True
# A language choice is remembered for a session only; no long-lived cookie follows a
# survivor around on a shared device.
LANGUAGE_COOKIE_AGE = None
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# ------------------------------------------------------------------------------
# Static files
# ------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# ------------------------------------------------------------------------------
# Security
# ------------------------------------------------------------------------------
# Everything comes from our own origin: no CDN, font host, analytics or tracker. Scripts
# run only from our static files or with the per-response nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Features no page uses; a survivor's location, camera and microphone stay off limits.
PERMISSIONS_POLICY_DENY = [
    "camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth",
    "display-capture", "browsing-topics",
]  # fmt: skip
# Load balancers and compose healthchecks talk plain HTTP to /healthz.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# ------------------------------------------------------------------------------
# Email
# ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Advocacy Hub <hello@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Advocacy Hub] "

# anymail's settings differ per provider; the common ones are named here and anything
# else goes into ANYMAIL_CONFIG as JSON.
ANYMAIL_ESP = env.str("ANYMAIL_ESP", default="").strip().lower()
_ANYMAIL_KEY_SETTING = {
    "mailersend": "MAILERSEND_API_TOKEN",
    "postmark": "POSTMARK_SERVER_TOKEN",
    "scaleway": "SCALEWAY_SECRET_KEY",
}
ANYMAIL = env.json("ANYMAIL_CONFIG", default={})
if ANYMAIL_ESP and env.str("ANYMAIL_API_KEY", default=""):
    _key_setting = _ANYMAIL_KEY_SETTING.get(ANYMAIL_ESP, f"{ANYMAIL_ESP.upper()}_API_KEY")
    ANYMAIL.setdefault(_key_setting, env.str("ANYMAIL_API_KEY"))
if env.str("ANYMAIL_WEBHOOK_SECRET", default=""):
    ANYMAIL.setdefault("WEBHOOK_SECRET", env.str("ANYMAIL_WEBHOOK_SECRET"))


def _smtp_mailer(url: str) -> dict:
    """Turn an EMAIL_URL (smtp://user:pass@host:port) into a MAILERS entry."""
    config = environ.Env.email_url_config(url)
    options = {
        "host": config.get("EMAIL_HOST"),
        "port": config.get("EMAIL_PORT"),
        "username": config.get("EMAIL_HOST_USER") or None,
        "password": config.get("EMAIL_HOST_PASSWORD") or None,
        "use_tls": bool(config.get("EMAIL_USE_TLS")),
        "use_ssl": bool(config.get("EMAIL_USE_SSL")),
        "timeout": 20,
    }
    return {"BACKEND": config["EMAIL_BACKEND"], "OPTIONS": options}


if ANYMAIL_ESP:
    _default_mailer = {"BACKEND": f"anymail.backends.{ANYMAIL_ESP}.EmailBackend"}
elif env.str("EMAIL_URL", default=""):
    # Plain SMTP, for the compose stack's mail catcher or a relay of one's own.
    _default_mailer = _smtp_mailer(env.str("EMAIL_URL"))
else:
    # Nothing configured: keep every message in the local outbox (see core.mail).
    _default_mailer = {"BACKEND": "core.mail.OutboxEmailBackend"}
MAILERS = {"default": _default_mailer}

# ------------------------------------------------------------------------------
# Celery
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL", default=""))
# No broker configured: run each task in-process. Services enqueue with
# transaction.on_commit, so the task runs right after the transaction commits.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# As with a real worker, a failing task is logged and never turns the request that
# queued it (whose data is already committed) into an error page. Tests propagate.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
# Results are not read anywhere: tasks record their effects in the database.
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only after it ran, and goes back on the queue if the process
# running it dies, so work is never lost; sends are made idempotent to match.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = 1000
CELERY_WORKER_SEND_TASK_EVENTS = False
# One visibility timeout for everything: Redis redelivers an unacknowledged task after
# it, and the sweepers that re-queue stuck sends use the same figure. The hard time
# limit stays well inside it so a running task is never delivered twice.
TASK_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": TASK_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": 5,
    "socket_timeout": 30,
}
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
if not 30 < CELERY_TASK_TIME_LIMIT < TASK_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "CELERY_TASK_TIME_LIMIT must be above 30 seconds and below "
        "CELERY_VISIBILITY_TIMEOUT, or a running task could be delivered twice."
    )
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_TASK_DEFAULT_QUEUE = "default"
# The whole periodic schedule, in one place. Later features add their entries here.
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "core.tasks.sessions_clear",
        "schedule": 24 * 60 * 60,
    },
    "sweep-deliveries": {
        "task": "representatives.tasks.deliveries_sweep",
        "schedule": 5 * 60,
    },
    # Each change dispatches at once; this catches any dispatch a lost task missed, so
    # an immediate alert leaves within a minute of its event.
    "dispatch-immediate-alerts": {
        "task": "legislation.tasks.alerts_dispatch_immediate",
        "schedule": 60,
    },
    "dispatch-daily-digests": {
        "task": "legislation.tasks.alerts_dispatch_digest",
        "schedule": crontab(hour=7, minute=0),
        "args": ["daily"],
    },
    "dispatch-weekly-digests": {
        "task": "legislation.tasks.alerts_dispatch_digest",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ["weekly"],
    },
    # Each signature wakes the drain that mails its link; this catches a wake that was
    # lost while the broker was down.
    "send-signature-confirmations": {
        "task": "campaigns.tasks.signature_confirmations_send",
        "schedule": 60,
    },
    # Letters to officials travel as deliveries with their own status; the outreach
    # rows that mirror them (and the campaign's figures) follow within minutes.
    "sync-letter-outreaches": {
        "task": "campaigns.tasks.letter_outreaches_sync",
        "schedule": 5 * 60,
    },
    # A company letter whose dispatch task was lost (the broker was down when it was
    # written) is queued again, and its advocate gets their receipt.
    "sweep-letters": {
        "task": "campaigns.tasks.letters_sweep",
        "schedule": 5 * 60,
    },
    # One reminder, a day after signing, to signers who have not confirmed yet.
    "remind-unconfirmed-signers": {
        "task": "campaigns.tasks.signature_reminders_send",
        "schedule": 15 * 60,
    },
    "sweep-alert-deliveries": {
        "task": "legislation.tasks.alert_deliveries_sweep",
        "schedule": 5 * 60,
    },
}

# ------------------------------------------------------------------------------
# Public forms
# ------------------------------------------------------------------------------
# Signing a petition: counted per hashed client address and per email address. A rally
# on one Wi-Fi network shares an address, so the per-address limit is generous; the
# honeypot and the minimum fill time stop most bots before any limit is reached.
SIGN_RATE_PER_IP = env.str("SIGN_RATE_PER_IP", default="100/h")
SIGN_RATE_PER_EMAIL = env.str("SIGN_RATE_PER_EMAIL", default="5/h")
# A form sent sooner than this after it was shown was not filled in by a person.
SIGN_MIN_FILL_SECONDS = env.int("SIGN_MIN_FILL_SECONDS", default=3)
# Letters: sends per advocate's email address, and letters emailed to one target in a
# day; past that the advocate gets the letter to send themselves, so nothing is lost.
LETTER_RATE_PER_EMAIL = env.str("LETTER_RATE_PER_EMAIL", default="10/d")
LETTER_MAX_PER_TARGET_PER_DAY = env.int("LETTER_MAX_PER_TARGET_PER_DAY", default=2000)

# ------------------------------------------------------------------------------
# Logging
# ------------------------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django attaches its own console handler in DEBUG; one line per record is enough.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.db.backends": {"level": "INFO"},
    },
}

# ------------------------------------------------------------------------------
# Project
# ------------------------------------------------------------------------------
# The staff-only page that shows the local outbox; never on in production.
OUTBOX_PAGE_ENABLED = False
# Where the demo data finds the public datasets (congress-legislators, OCD ids, ZIP
# codes); the import commands take any path or URL.
PUBLIC_DATA_DIR = env.path("PUBLIC_DATA_DIR", default=BASE_DIR.parent / "shared" / "data")
# Placing a street address in its districts and city. Off by default, because it sends
# the address to a service on the internet: "census" for the US Census Bureau's free
# geocoder, or the dotted path of a class with the interface of
# representatives.geocoding.Geocoder. Without it, people pick their districts from lists.
OFFICIALS_GEOCODER = env.str("OFFICIALS_GEOCODER", default="")
CENSUS_GEOCODER_URL = env.str(
    "CENSUS_GEOCODER_URL",
    default="https://geocoding.geo.census.gov/geocoder/geographies/address",
)
OFFICIALS_GEOCODER_TIMEOUT = env.float("OFFICIALS_GEOCODER_TIMEOUT", default=5.0)
# Communicating with Congress: each chamber's endpoint and the key it issued to us as a
# registered delivery agent. A chamber without both is switched off, and letters to its
# members are handed to the advocate to send through the member's web form.
CWC = {
    "HOUSE_URL": env.str("CWC_HOUSE_URL", default=""),
    "HOUSE_API_KEY": env.str("CWC_HOUSE_API_KEY", default=""),
    "SENATE_URL": env.str("CWC_SENATE_URL", default=""),
    "SENATE_API_KEY": env.str("CWC_SENATE_API_KEY", default=""),
    "DELIVERY_AGENT": env.str("CWC_DELIVERY_AGENT", default=""),
    "ACK_EMAIL": env.str("CWC_ACK_EMAIL", default=""),
    "CONTACT_NAME": env.str("CWC_CONTACT_NAME", default=""),
    "CONTACT_EMAIL": env.str("CWC_CONTACT_EMAIL", default=""),
    "CONTACT_PHONE": env.str("CWC_CONTACT_PHONE", default=""),
}
