"""The Celery application: configured from Django settings prefixed CELERY_."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advocacy_hub.settings.local")

app = Celery("advocacy_hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
