"""The confirmation emails' outbox: a sign request stores a row, a drain mails it."""

from unittest import mock

import pytest
from django.core.cache import cache

from campaigns import services, tasks
from campaigns.models import Signature
from campaigns.services import SignatureInput
from tests.campaigns.factories import PetitionFactory, SignatureFactory
from tests.conftest import committed

pytestmark = pytest.mark.django_db


def _input(email: str) -> SignatureInput:
    return SignatureInput(email=email, given_name="Ana", family_name="Silva", postal_code="98101")


@pytest.fixture
def worker_mode(settings):
    """Tasks go to a broker (mocked here), as in production, instead of running in-process."""
    conf = tasks.signature_confirmations_send.app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = False
    cache.delete(services.CONFIRMATIONS_WAKE_KEY)
    try:
        with mock.patch.object(tasks.signature_confirmations_send, "delay") as delay:
            yield delay
    finally:
        conf.task_always_eager = saved
        cache.delete(services.CONFIRMATIONS_WAKE_KEY)


def test_a_burst_of_signatures_wakes_the_drain_once(worker_mode, mailoutbox):
    petition = PetitionFactory()
    for n in range(5):
        with committed():
            services.petition_sign(petition=petition, data=_input(f"s{n}@example.org"))

    assert worker_mode.call_count == 1
    # Nothing is mailed by the request itself; all five wait in the outbox.
    assert mailoutbox == []
    assert Signature.objects.filter(confirmation_sent_at__isnull=True).count() == 5

    assert services.signature_confirmations_send() == 5
    assert sorted(m.to[0] for m in mailoutbox) == [f"s{n}@example.org" for n in range(5)]


def test_the_wake_comes_again_once_its_second_has_passed(worker_mode):
    petition = PetitionFactory()
    with committed():
        services.petition_sign(petition=petition, data=_input("a@example.org"))
    cache.delete(services.CONFIRMATIONS_WAKE_KEY)  # as when the second has passed
    with committed():
        services.petition_sign(petition=petition, data=_input("b@example.org"))

    assert worker_mode.call_count == 2


def test_a_drain_while_rows_remain_looks_again_a_second_later(worker_mode):
    petition = PetitionFactory()
    with committed():
        services.petition_sign(petition=petition, data=_input("a@example.org"))

    with mock.patch.object(tasks.signature_confirmations_send, "apply_async") as again:
        tasks.signature_confirmations_send()
        assert again.call_args.kwargs == {"countdown": services.CONFIRMATIONS_WAKE_SECONDS}
        again.reset_mock()
        # Nothing left: the chain stops, and the next signature wakes it again.
        tasks.signature_confirmations_send()
        again.assert_not_called()


def test_a_drain_never_mails_a_signer_twice(mailoutbox):
    petition = PetitionFactory()
    with committed():
        services.petition_sign(petition=petition, data=_input("a@example.org"))
    assert len(mailoutbox) == 1

    assert services.signature_confirmations_send() == 0
    assert len(mailoutbox) == 1


def test_a_drain_mails_in_batches(worker_mode, mailoutbox):
    petition = PetitionFactory()
    for n in range(3):
        with committed():
            services.petition_sign(petition=petition, data=_input(f"s{n}@example.org"))

    assert services.signature_confirmations_send(limit=2) == 2
    assert services.signature_confirmations_send(limit=2) == 1
    assert len(mailoutbox) == 3


def test_a_failed_send_hands_the_rest_of_the_batch_back(worker_mode, mailoutbox):
    petition = PetitionFactory()
    for n in range(3):
        with committed():
            services.petition_sign(petition=petition, data=_input(f"s{n}@example.org"))
    real_send = services.signature_email_send
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs["signature_id"])
        if len(calls) == 2:
            raise OSError("the ESP is down")
        return real_send(**kwargs)

    with (
        mock.patch.object(services, "signature_email_send", side_effect=flaky),
        pytest.raises(OSError, match="ESP is down"),
    ):
        services.signature_confirmations_send()
    assert len(mailoutbox) == 1
    assert Signature.objects.filter(confirmation_sent_at__isnull=True).count() == 2

    assert services.signature_confirmations_send() == 2
    assert sorted(m.to[0] for m in mailoutbox) == [f"s{n}@example.org" for n in range(3)]


def test_confirmed_and_already_mailed_signatures_are_not_in_the_outbox(mailoutbox):
    SignatureFactory(confirmation_sent_at=None)  # confirmed by other means
    SignatureFactory(confirmed_at=None)  # mailed already

    assert services.signature_confirmations_send() == 0
    assert mailoutbox == []


def test_the_beat_drains_the_outbox_every_minute(settings):
    [entry] = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "campaigns.tasks.signature_confirmations_send"
    ]
    assert entry["schedule"] == 60
