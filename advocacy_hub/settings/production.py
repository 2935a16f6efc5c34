"""Settings for a deployment: PostgreSQL, Redis, separate workers, real email.

Refuses to start without SECRET_KEY, ALLOWED_HOSTS and a way to send email, and
passes `manage.py check --deploy --fail-level WARNING`.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import ANYMAIL_ESP, CACHE_URL, CELERY_BROKER_URL, env, redis_cache

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: production refuses to start without one.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set ALLOWED_HOSTS (comma-separated): production refuses to start without it."
    )
if not env.str("SITE_URL", default=""):
    raise ImproperlyConfigured("Set SITE_URL: every link in every email is built from it.")
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("Set DATABASE_URL: production runs on PostgreSQL.")
if not CELERY_BROKER_URL:
    raise ImproperlyConfigured(
        "Set CELERY_BROKER_URL (or REDIS_URL): production sends from separate workers."
    )
# Rate limits need one cache for every web process; the broker's Redis serves when no
# cache of its own is configured.
if not CACHE_URL:
    if not CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured("Set CACHE_URL (redis://...): rate limits need a shared cache.")
    CACHES = redis_cache(CELERY_BROKER_URL)
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not (ANYMAIL_ESP or env.str("EMAIL_URL", default="")):
    raise ImproperlyConfigured(
        "Set ANYMAIL_ESP (and ANYMAIL_API_KEY) or EMAIL_URL: production must not "
        "keep its email in the local outbox."
    )

# ------------------------------------------------------------------------------
# HTTPS and cookies
# ------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# The __Host- prefix pins cookies to this exact host over HTTPS.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
