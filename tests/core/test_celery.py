import pytest
from django.conf import settings

from advocacy_hub.celery import app
from core import services
from core.models import OutboxMessage


def test_celery_app_is_configured_for_safe_delivery():
    conf = app.conf

    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.broker_transport_options["visibility_timeout"] == settings.TASK_VISIBILITY_TIMEOUT
    # A task that could outlive the visibility timeout would be delivered twice.
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit < settings.TASK_VISIBILITY_TIMEOUT


@pytest.mark.django_db  # importing the task modules runs Django's model checks
def test_beat_schedule_names_only_registered_tasks():
    app.loader.import_default_modules()

    assert app.conf.beat_schedule
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


@pytest.mark.django_db
def test_queued_task_runs_in_process_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.email_check_queue(to="ops@example.org")

    # Nothing runs until the transaction commits.
    from django.core import mail

    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["ops@example.org"]]


@pytest.mark.needs_postgres
@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_task_sent_through_a_real_worker_on_redis_has_its_effect(celery_broker):
    services.email_check_queue(to="ops@example.org")

    # The worker is another process: its email lands in the shared test database.
    message = _wait_for(lambda: OutboxMessage.objects.filter(to=["ops@example.org"]).first())
    assert "email check" in message.subject
    assert "the worker" in message.body_text


def _wait_for(probe, *, seconds: float = 30.0):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (found := probe()) is not None:
            return found
        time.sleep(0.1)
    pytest.fail(f"nothing happened within {seconds} seconds")
