"""Signing through a real Celery worker on Redis: the production path, end to end."""

import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.forms import started_stamp
from campaigns.models import Signature
from tests.campaigns.factories import PetitionFactory


def _wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.2)


@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_confirmation_and_one_reminder(client, celery_broker):
    from campaigns.tasks import signature_reminders_send
    from core.models import OutboxMessage

    petition = PetitionFactory(slug="trace-cobalt", title="Trace cobalt")
    form = {
        "given_name": "Ana", "family_name": "Silva", "email": "ana@example.org",
        "postal_code": "98101", "started": started_stamp(),
    }  # fmt: skip
    url = reverse("campaigns:petition_detail", kwargs={"slug": petition.slug})

    assert client.post(url, form).status_code == 302
    assert client.post(url, {**form, "email": "bo@example.org"}).status_code == 302
    _wait_for(lambda: OutboxMessage.objects.count() == 2)
    [confirm] = OutboxMessage.objects.filter(to=["ana@example.org"])
    assert confirm.subject == "Confirm your signature: Trace cobalt"

    path = re.search(r"/signatures/confirm/\S+/", confirm.body_text).group(0)
    assert client.post(path, {"given_name": "Ana", "family_name": "Silva"}).status_code == 200
    petition.refresh_from_db()
    assert petition.confirmed_count == 1

    # A day later Bo has still not confirmed: two beats at once remind him once.
    Signature.objects.update(created_at=timezone.now() - timedelta(hours=25))
    signature_reminders_send.delay()
    signature_reminders_send.delay()
    _wait_for(lambda: OutboxMessage.objects.filter(subject__startswith="Reminder").exists())
    time.sleep(1.5)

    reminders = OutboxMessage.objects.filter(subject__startswith="Reminder")
    assert [m.to for m in reminders] == [["bo@example.org"]]
