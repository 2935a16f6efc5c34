import time
from unittest import mock

import pytest
from anymail.exceptions import AnymailAPIError
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail

from representatives import services
from representatives.exceptions import InvalidMessage, TransientDeliveryError
from representatives.models import ContactChannel, Delivery, Official

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _anymail_test_backend(settings):
    # anymail's test backend records messages in mail.outbox and returns ESP message ids.
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}


def _api_error(status_code: int, text: str) -> AnymailAPIError:
    return AnymailAPIError(text, status_code=status_code)


MESSAGE = {
    "action_key": "letter:safe-harbor",
    "sender_name": "Ana Advocate",
    "sender_email": "Ana@Example.org",
    "sender_address": "12 Pine St\nSeattle, WA 98101",
    "subject": "Please pass the safe-harbor bill",
    "body": "Dear Representative,\n\nChildren who were trafficked need protection, not charges.",
}


@pytest.fixture
def emailable(imported):
    """A state legislator who takes email."""
    official = Official.objects.get(bioguide_id="R000001")
    ContactChannel.objects.create(official=official, kind="email", value="rita@leg.example")
    return official


def _create(official, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return services.delivery_create(official_id=official.pk, **(MESSAGE | overrides))


def test_email_delivery_is_sent_once_from_the_platform_with_reply_to_the_advocate(
    emailable, django_capture_on_commit_callbacks
):
    delivery = _create(emailable, django_capture_on_commit_callbacks)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 1
    assert delivery.esp_message_id
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["rita@leg.example"]
    assert sent.reply_to == ["Ana Advocate <ana@example.org>"]
    assert "Ana Advocate\n12 Pine St\nSeattle, WA 98101" in sent.body


def test_asking_again_or_rerunning_the_task_sends_nothing_more(
    emailable, django_capture_on_commit_callbacks
):
    first = _create(emailable, django_capture_on_commit_callbacks)
    again = _create(emailable, django_capture_on_commit_callbacks, body="A second try")
    services.delivery_send(delivery_id=first.pk)

    assert again.pk == first.pk
    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1


def test_official_without_email_is_handed_off_with_everything_needed(
    imported, django_capture_on_commit_callbacks
):
    senator = Official.objects.get(bioguide_id="S000001")

    delivery = _create(senator, django_capture_on_commit_callbacks)
    handoff = services.delivery_handoff(delivery=delivery)

    assert delivery.status == Delivery.Status.HANDED_OFF
    assert mail.outbox == []
    assert handoff.text.startswith("Please pass the safe-harbor bill\n\nDear Representative")
    assert handoff.contact_forms == ["https://senior.senate.gov/contact"]
    assert "206-220-0001" in handoff.phones
    assert handoff.addresses


@pytest.mark.parametrize("field", ["subject", "sender_name"])
def test_line_breaks_in_single_line_fields_are_refused(emailable, field):
    with pytest.raises(InvalidMessage) as error:
        services.delivery_create(official_id=emailable.pk, **(MESSAGE | {field: "Hi\r\nBcc: x@y"}))

    assert error.value.field == field
    assert not Delivery.objects.exists()


def _queued(official):
    return Delivery.objects.create(
        official=official, channel="email", status="queued", recipient_email="rita@leg.example",
        **{k: v for k, v in MESSAGE.items()},
    )  # fmt: skip


@pytest.mark.parametrize("status_code", [429, 500, 503])
def test_transient_provider_errors_requeue_for_a_retry(emailable, status_code):
    delivery = _queued(emailable)
    error = _api_error(status_code, "try later")

    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=error),
        pytest.raises(TransientDeliveryError),
    ):
        services.delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.QUEUED
    assert "try later" in delivery.last_error
    services.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2
    assert len(mail.outbox) == 1


def test_a_client_error_is_recorded_and_not_retried(emailable):
    delivery = _queued(emailable)
    error = _api_error(400, "invalid sender")

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=error):
        services.delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert mail.outbox == []


def test_bounces_and_complaints_from_the_webhook_are_recorded(
    emailable, django_capture_on_commit_callbacks
):
    delivery = _create(emailable, django_capture_on_commit_callbacks)
    delivery.refresh_from_db()

    event = AnymailTrackingEvent(event_type="bounced", message_id=delivery.esp_message_id)
    tracking.send(sender=object, event=event, esp_name="Test")

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED


@pytest.mark.needs_postgres
@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_email_exactly_once(imported, celery_broker):
    from core.models import OutboxMessage
    from representatives.tasks import delivery_send

    official = Official.objects.get(bioguide_id="R000001")
    ContactChannel.objects.create(official=official, kind="email", value="rita@leg.example")

    delivery = services.delivery_create(official_id=official.pk, **MESSAGE)
    # A duplicated task on the broker must not send a second copy.
    delivery_send.delay(delivery.pk)

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        delivery.refresh_from_db()
        if delivery.status == Delivery.Status.SENT:
            break
        time.sleep(0.1)
    time.sleep(1)  # let the duplicate task run too
    assert delivery.status == Delivery.Status.SENT
    assert OutboxMessage.objects.filter(to=["rita@leg.example"]).count() == 1
    assert delivery.esp_message_id.startswith("outbox-")


def _stale(delivery, *, status, seconds, attempts=1):
    from datetime import timedelta

    from django.utils import timezone

    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, attempts=attempts, updated_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_sweeper_resends_a_delivery_whose_worker_died_mid_send(
    emailable, settings, django_capture_on_commit_callbacks
):
    delivery = _queued(emailable)
    _stale(delivery, status="sending", seconds=settings.CELERY_TASK_TIME_LIMIT + 61)

    with django_capture_on_commit_callbacks(execute=True):
        requeued = services.deliveries_sweep()

    delivery.refresh_from_db()
    assert requeued == [delivery.pk]
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == services.delivery_message_id(delivery)


def test_sweeper_leaves_a_send_in_progress_and_a_retry_waiting_alone(emailable, settings):
    sending = _queued(emailable)
    _stale(sending, status="sending", seconds=settings.CELERY_TASK_TIME_LIMIT - 10)
    other = Official.objects.get(bioguide_id="S000001")
    waiting = Delivery.objects.create(
        official=other, channel="email", status="queued", recipient_email="s@senate.example",
        **MESSAGE,
    )  # fmt: skip
    _stale(waiting, status="queued", seconds=3600)

    assert services.deliveries_sweep() == []
    sending.refresh_from_db()
    assert sending.status == Delivery.Status.SENDING
    assert mail.outbox == []


def test_sweeper_requeues_a_delivery_whose_task_was_lost(
    emailable, settings, django_capture_on_commit_callbacks
):
    delivery = _queued(emailable)
    _stale(delivery, status="queued", seconds=settings.TASK_VISIBILITY_TIMEOUT + 301, attempts=0)

    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_sweep()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(mail.outbox) == 1


def test_sweeper_gives_up_when_every_attempt_died(emailable, settings):
    delivery = _queued(emailable)
    _stale(
        delivery,
        status="sending",
        seconds=settings.CELERY_TASK_TIME_LIMIT + 61,
        attempts=services.MAX_ATTEMPTS,
    )

    assert services.deliveries_sweep() == []
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "every attempt" in delivery.last_error
    assert mail.outbox == []


def test_the_last_attempt_after_sweeps_records_a_transient_error_as_failed(emailable):
    delivery = _queued(emailable)
    Delivery.objects.filter(pk=delivery.pk).update(attempts=services.MAX_ATTEMPTS - 1)

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=_api_error(503, "down")):
        services.delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == services.MAX_ATTEMPTS


@pytest.mark.parametrize("channel", [Delivery.Channel.EMAIL, Delivery.Channel.CWC])
def test_an_official_who_left_office_after_queueing_gets_nothing_and_it_fails_once(
    emailable, channel
):
    delivery = _queued(emailable)
    Delivery.objects.filter(pk=delivery.pk).update(channel=channel)
    emailable.terms.update(is_current=False)

    with mock.patch("representatives.channels.channel_get") as channel_get:
        services.delivery_send(delivery_id=delivery.pk)
        services.delivery_send(delivery_id=delivery.pk)  # a duplicated task does nothing more

    delivery.refresh_from_db()
    channel_get.assert_not_called()
    assert mail.outbox == []
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 1
    assert delivery.last_error == services.LEFT_OFFICE_ERROR
    assert "left office" in delivery.last_error
    assert services.delivery_left_office(delivery)


def test_an_official_still_in_office_is_sent_to_as_before(emailable):
    delivery = _queued(emailable)
    assert emailable.terms.current().exists()

    services.delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert not services.delivery_left_office(delivery)
    assert len(mail.outbox) == 1
