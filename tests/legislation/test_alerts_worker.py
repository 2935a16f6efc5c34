"""Alerts through a real Celery worker on Redis: the production path, end to end."""

import time

import pytest

from legislation import alerts, services
from legislation.models import AlertDelivery, AlertFrequency, AlertRun, AlertSubscriber
from tests.legislation.factories import ActionFactory, BillFactory


@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_fans_out_and_sends_each_alert_once(celery_broker):
    from core.models import OutboxMessage
    from legislation.tasks import alert_batch_send, alerts_dispatch_immediate

    bill = BillFactory(identifier="S. 1693")
    ActionFactory(bill=bill, classification=["introduction"])
    services.bill_refresh(bill_id=bill.pk)
    target = alerts.follow_target(kind="bill", value=str(bill.pk))
    for n in range(3):
        result = alerts.follow_create(
            email=f"reader{n}@example.org",
            target=target,
            frequency=AlertFrequency.IMMEDIATE,
            language="en",
        )
        alerts.subscriber_confirm(token=alerts.confirm_token(result.subscriber))
    ActionFactory(bill=bill, description="Passed the Senate.", classification=["passage"])

    services.bill_refresh(bill_id=bill.pk)  # queues the dispatch after commit
    alerts_dispatch_immediate.delay()  # the beat's backstop, at the same moment

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if AlertDelivery.objects.filter(status=AlertDelivery.Status.SENT).count() == 3:
            break
        time.sleep(0.2)
    run = AlertRun.objects.get()
    alert_batch_send.delay(run.pk, 0)  # a duplicated batch task
    time.sleep(1.5)

    assert AlertDelivery.objects.filter(status=AlertDelivery.Status.SENT).count() == 3
    for n in range(3):
        [message] = OutboxMessage.objects.filter(
            to=[f"reader{n}@example.org"], subject__startswith="S. 1693"
        )
        assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert AlertSubscriber.objects.filter(confirmed_at__isnull=False).count() == 3
