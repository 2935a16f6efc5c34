import datetime as dt
import re
from datetime import timedelta

import pytest
from anymail.exceptions import AnymailAPIError
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.utils import timezone

from legislation import alerts, services
from legislation.exceptions import InvalidAlertToken, TransientSendError
from legislation.models import (
    AlertDelivery,
    AlertFrequency,
    AlertRun,
    AlertSubscriber,
    AlertSubscription,
    Bill,
    Subject,
)
from tests.legislation.factories import ActionFactory, BillFactory

pytestmark = pytest.mark.django_db
IMMEDIATE = AlertFrequency.IMMEDIATE
_committed = None


@pytest.fixture(autouse=True)
def _run_commit_hooks(django_capture_on_commit_callbacks):
    # Services queue their tasks on commit; each helper below commits as a request would.
    global _committed
    _committed = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731
    yield
    _committed = None


@pytest.fixture
def bill(db) -> Bill:
    bill = BillFactory(identifier="S. 1693", short_title="Stop Enabling Sex Traffickers Act")
    bill.subjects.add(Subject.objects.get(slug="sex-trafficking"))
    ActionFactory(bill=bill, classification=["introduction"])
    services.bill_refresh(bill_id=bill.pk)
    return bill


def _follow(bill: Bill, email: str, *, frequency=IMMEDIATE, confirm=True) -> AlertSubscriber:
    with _committed():
        result = alerts.follow_create(
            email=email,
            target=alerts.follow_target(kind="bill", value=str(bill.pk)),
            frequency=frequency,
            language="en",
        )
    if confirm:
        alerts.subscriber_confirm(token=alerts.confirm_token(result.subscriber))
    return result.subscriber


def _move(bill: Bill, day: int = 1, description: str = "Passed the Senate.") -> None:
    ActionFactory(
        bill=bill, date=dt.date(2018, 3, day), description=description, classification=["passage"]
    )
    with _committed():
        services.bill_refresh(bill_id=bill.pk)


def _alerts_to(email: str) -> list:
    return [m for m in mail.outbox if m.to == [email] and "Confirm" not in m.subject]


def test_follow_sends_one_confirmation_and_a_get_changes_nothing(client, bill):
    with _committed():
        result = alerts.follow_create(
            email=" Ana@Example.org ",
            target=alerts.follow_target(kind="bill", value=str(bill.pk)),
            frequency=IMMEDIATE,
            language="en",
        )

    assert result.subscriber.email == "ana@example.org"
    assert [m.subject for m in mail.outbox] == ["Confirm your bill alerts"]
    link = re.search(r"http://\S+/alerts/confirm/\S+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm" in page.text
    assert AlertSubscriber.objects.get().confirmed_at is None

    client.post(path)

    assert AlertSubscriber.objects.get().confirmed_at is not None


def test_following_again_with_a_confirmed_address_sends_nothing_new(bill):
    _follow(bill, "ana@example.org")
    mail.outbox.clear()
    other = BillFactory()

    _follow(other, "ana@example.org", confirm=False)

    assert mail.outbox == []
    assert AlertSubscription.objects.filter(subscriber__email="ana@example.org").count() == 2


def test_following_again_before_confirming_resends_at_most_every_ten_minutes(bill):
    _follow(bill, "ana@example.org", confirm=False)
    _follow(bill, "ana@example.org", confirm=False)
    assert len(mail.outbox) == 1
    AlertSubscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(minutes=11))

    _follow(bill, "ana@example.org", confirm=False)

    assert len(mail.outbox) == 2


def test_an_expired_or_tampered_confirm_link_changes_nothing(client, bill):
    subscriber = _follow(bill, "ana@example.org", confirm=False)
    token = alerts.confirm_token(subscriber)

    assert client.post(f"/alerts/confirm/{token}x/").status_code == 400
    with pytest.raises(InvalidAlertToken):
        alerts.subscriber_confirm(token=token[:-3])
    later = timezone.now() + alerts.CONFIRM_MAX_AGE + timedelta(minutes=1)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(f"/alerts/confirm/{token}/")

    assert response.status_code == 400
    assert "This link does not work" in response.text
    assert AlertSubscriber.objects.get().confirmed_at is None


def test_a_new_follower_starts_at_the_newest_event(bill):
    _move(bill, 1)
    _follow(bill, "ana@example.org")
    mail.outbox.clear()

    assert alerts.alerts_dispatch(frequency=IMMEDIATE) is None
    assert mail.outbox == []


def test_an_event_is_sent_once_with_what_happened_status_and_unsubscribe(bill):
    _follow(bill, "ana@example.org")
    mail.outbox.clear()

    _move(bill)  # dispatches at once, as the commit hook would

    [message] = _alerts_to("ana@example.org")
    assert message.subject == "S. 1693: Passed the Senate"
    assert "Passed the Senate." in message.body
    assert "Where it stands now: Passed the Senate." in message.body
    assert "because you follow S. 1693" in message.body
    html = message.alternatives[0][0]
    assert "because you follow S. 1693" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in message.body
    delivery = AlertDelivery.objects.get()
    assert delivery.status == AlertDelivery.Status.SENT


def test_the_same_event_dispatched_twice_sends_once(bill):
    _follow(bill, "ana@example.org")
    _move(bill)
    mail.outbox.clear()

    assert alerts.alerts_dispatch(frequency=IMMEDIATE) is None
    run = AlertRun.objects.get()
    alerts.alert_batch_send(run_id=run.pk, batch=0)

    assert _alerts_to("ana@example.org") == []
    assert AlertDelivery.objects.count() == 1


def test_one_email_per_subscriber_groups_events_and_reasons(bill):
    subscriber = _follow(bill, "ana@example.org")
    alerts.follow_create(
        email="ana@example.org",
        target=alerts.follow_target(kind="subject", value="sex-trafficking"),
        frequency=IMMEDIATE,
        language="en",
    )
    mail.outbox.clear()
    ActionFactory(bill=bill, date=dt.date(2018, 3, 1), classification=["passage"])
    ActionFactory(bill=bill, date=dt.date(2018, 3, 2), description="Sent to the House.")

    with _committed():
        services.bill_refresh(bill_id=bill.pk)

    [message] = _alerts_to("ana@example.org")
    assert "because you follow S. 1693, Sex trafficking" in message.body
    assert subscriber.deliveries.get().event_ids == sorted(subscriber.deliveries.get().event_ids)
    assert len(subscriber.deliveries.get().event_ids) == 3  # two actions and the status


def test_a_subscriber_who_unsubscribes_between_dispatch_and_send_gets_nothing(bill):
    _follow(bill, "ana@example.org")
    _follow(bill, "ben@example.org")
    mail.outbox.clear()
    from unittest import mock

    with mock.patch("legislation.tasks.alert_batch_send.delay"):
        _move(bill)
    run = AlertRun.objects.get()
    alerts.subscriber_unsubscribe(
        token=alerts.unsubscribe_token(AlertSubscriber.objects.get(email="ben@example.org").pk)
    )

    alerts.alert_batch_send(run_id=run.pk, batch=0)

    assert len(_alerts_to("ana@example.org")) == 1
    assert _alerts_to("ben@example.org") == []
    skipped = AlertDelivery.objects.get(subscriber__email="ben@example.org")
    assert skipped.status == AlertDelivery.Status.SKIPPED


def test_a_rerun_after_a_crash_sends_nothing_twice_and_leaves_no_one_out(bill, monkeypatch):
    for n in range(7):
        _follow(bill, f"reader{n}@example.org")
    mail.outbox.clear()
    from unittest import mock

    with mock.patch("legislation.tasks.alert_batch_send.delay"):
        _move(bill)
    run = AlertRun.objects.get()
    monkeypatch.setattr(alerts, "CLAIM_CHUNK", 3)
    real_deliver = alerts._deliver
    sent = []

    def crash_on_fifth(connection, message):
        if len(sent) == 4:
            raise SystemExit("worker killed")
        sent.append(message.to[0])
        return real_deliver(connection, message)

    monkeypatch.setattr(alerts, "_deliver", crash_on_fifth)
    with pytest.raises(SystemExit):
        alerts.alert_batch_send(run_id=run.pk, batch=0)
    monkeypatch.setattr(alerts, "_deliver", real_deliver)

    # The same task delivered again at once takes nothing the dead one held...
    alerts.alert_batch_send(run_id=run.pk, batch=0)
    # ...and the sweeper hands the dead one's rows back once its time limit has passed.
    later = timezone.now() + timedelta(hours=1)
    assert alerts.alert_deliveries_sweep(now=later) == 1

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(f"reader{n}@example.org" for n in range(7))
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_transient_provider_errors_retry_and_permanent_ones_fail(bill, monkeypatch):
    _follow(bill, "ana@example.org")
    _follow(bill, "ben@example.org")
    from unittest import mock

    with mock.patch("legislation.tasks.alert_batch_send.delay"):
        _move(bill)
    run = AlertRun.objects.get()
    real_deliver = alerts._deliver

    def flaky(connection, message):
        raise AnymailAPIError("ESP said 503", status_code=503)

    monkeypatch.setattr(alerts, "_deliver", flaky)
    with pytest.raises(TransientSendError):
        alerts.alert_batch_send(run_id=run.pk, batch=0)
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {"queued"}

    def refused(connection, message):
        if message.to == ["ben@example.org"]:
            raise AnymailAPIError("ESP said 400: invalid recipient", status_code=400)
        return real_deliver(connection, message)

    monkeypatch.setattr(alerts, "_deliver", refused)
    alerts.alert_batch_send(run_id=run.pk, batch=0)

    statuses = dict(AlertDelivery.objects.values_list("subscriber__email", "status"))
    assert statuses == {"ana@example.org": "sent", "ben@example.org": "failed"}


def test_daily_digest_waits_for_the_beat_and_groups_the_day(bill):
    _follow(bill, "ana@example.org", frequency=AlertFrequency.DAILY)
    mail.outbox.clear()
    _move(bill, 1)
    _move(bill, 2, "Sent to the House.")
    assert _alerts_to("ana@example.org") == []

    with _committed():
        alerts.alerts_dispatch(frequency=AlertFrequency.DAILY)
    with _committed():
        alerts.alerts_dispatch(frequency=AlertFrequency.DAILY)

    [digest] = _alerts_to("ana@example.org")
    assert digest.subject == "Bill alerts: news on 1 bill"
    assert "Sent to the House." in digest.body


def test_one_click_unsubscribe_works_without_cookies_or_csrf(bill):
    from django.test import Client

    subscriber = _follow(bill, "ana@example.org")
    token = alerts.unsubscribe_token(subscriber.pk)
    strict = Client(enforce_csrf_checks=True)

    page = strict.get(f"/alerts/unsubscribe/{token}/")
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.suppressed_at is None

    response = strict.post(
        f"/alerts/unsubscribe/{token}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.suppressed_reason == "unsubscribed"
    mail.outbox.clear()
    _move(bill)
    assert _alerts_to("ana@example.org") == []


def test_a_bad_unsubscribe_link_changes_nothing(client, bill):
    _follow(bill, "ana@example.org")

    response = client.post("/alerts/unsubscribe/12345:forged/")

    assert response.status_code == 400
    assert AlertSubscriber.objects.get().suppressed_at is None


def test_provider_bounce_suppresses_and_nothing_is_sent_again(bill):
    _follow(bill, "ana@example.org")
    mail.outbox.clear()
    event = AnymailTrackingEvent(event_type="bounced", recipient="ANA@example.org")

    tracking.send(sender=object, event=event, esp_name="Postmark")
    _move(bill)

    assert _alerts_to("ana@example.org") == []
    assert AlertSubscriber.objects.get().suppressed_reason == "Postmark: bounced"


def test_follow_form_rejects_bad_input_and_keeps_it(client, bill):
    response = client.post(
        "/alerts/",
        {"follow": f"bill:{bill.pk}", "email": "ana@@example", "frequency": "immediate"},
    )

    assert response.status_code == 400
    assert "Enter a valid email address." in response.text
    assert 'value="ana@@example"' in response.text
    assert AlertSubscriber.objects.count() == 0


def test_follow_form_rejects_a_line_break_in_the_email(client, bill):
    response = client.post(
        "/alerts/",
        {
            "follow": f"bill:{bill.pk}",
            "email": "ana@example.org\r\nBcc: x@y.z",
            "frequency": "daily",
        },
    )

    assert response.status_code == 400
    assert AlertSubscriber.objects.count() == 0


def test_the_honeypot_pretends_success_and_stores_nothing(client, bill):
    response = client.post(
        "/alerts/",
        {"follow": f"bill:{bill.pk}", "email": "bot@example.org", "frequency": "immediate",
         "website": "http://spam.example"},
    )  # fmt: skip

    assert response.status_code == 302
    assert AlertSubscriber.objects.count() == 0
    assert mail.outbox == []


def test_the_follow_form_is_rate_limited(client, bill):
    data = {"follow": f"bill:{bill.pk}", "email": "ana@example.org", "frequency": "daily"}
    statuses = [client.post("/alerts/", data).status_code for _ in range(11)]

    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429


def test_admin_history_says_what_was_sent_and_why_not(admin_client, bill):
    subscriber = _follow(bill, "ana@example.org")
    _move(bill)
    AlertSubscriber.objects.filter(pk=subscriber.pk).update(
        suppressed_at=timezone.now(), suppressed_reason="Postmark: complained"
    )
    _move(bill, 5, "Placed on the calendar.")

    from legislation.selectors import subscriber_history

    rows = subscriber_history(subscriber=AlertSubscriber.objects.get())
    whys = [row.why for row in rows]
    assert any(
        why.startswith("Alerts to the address are stopped (Postmark: complained)") for why in whys
    )
    assert any(row.sent for row in rows)
    assert any("before the address followed" in why for why in whys)
    page = admin_client.get(f"/admin/legislation/alertsubscriber/{subscriber.pk}/change/")
    assert "Postmark: complained" in page.text


def test_a_bounced_address_gets_not_even_a_confirmation(bill):
    subscriber = _follow(bill, "ana@example.org", confirm=False)
    alerts.subscriber_suppress(email="ana@example.org", reason="Postmark: bounced")
    AlertSubscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(hours=1))
    mail.outbox.clear()

    _follow(bill, "ana@example.org", confirm=False)
    alerts.alert_confirmation_send(subscriber_id=subscriber.pk)

    assert mail.outbox == []


def test_coming_back_after_unsubscribing_starts_from_now(bill):
    subscriber = _follow(bill, "ana@example.org")
    alerts.subscriber_unsubscribe(token=alerts.unsubscribe_token(subscriber.pk))
    _move(bill, 1)
    _move(bill, 2, "Sent to the House.")
    mail.outbox.clear()

    _follow(bill, "ana@example.org")  # follows again and confirms
    _move(bill, 3, "Placed on the calendar.")

    [message] = _alerts_to("ana@example.org")
    assert "Placed on the calendar." in message.body
    assert "Sent to the House." not in message.body


def test_a_follower_confirmed_during_a_fan_out_misses_nothing(bill):
    late = _follow(bill, "late@example.org", confirm=False)
    _follow(bill, "ana@example.org")
    real_write = alerts._deliveries_write

    def confirm_meanwhile(run, rows):
        real_write(run, rows)
        AlertSubscriber.objects.filter(pk=late.pk).update(confirmed_at=timezone.now())

    from unittest import mock

    with mock.patch.object(alerts, "_deliveries_write", confirm_meanwhile):
        _move(bill, 1)
    assert _alerts_to("late@example.org") == []

    with _committed():
        alerts.alerts_dispatch(frequency=IMMEDIATE)

    [message] = _alerts_to("late@example.org")
    assert "Passed the Senate." in message.body


def test_a_follow_link_with_an_odd_bill_number_is_a_form_error(client, bill):
    assert client.get("/alerts/?follow=bill:²").status_code == 200
    response = client.post(
        "/alerts/", {"follow": "bill:²", "email": "ana@example.org", "frequency": "daily"}
    )

    assert response.status_code == 400
    assert AlertSubscriber.objects.count() == 0


def test_event_text_is_in_the_sites_language_whoever_saved_the_bill(bill):
    from django.utils import translation

    with translation.override("es"):
        _move(bill)

    newest = bill.events.filter(kind="status").order_by("-pk").first()
    assert newest.description == "New status: Passed the Senate."


def test_the_confirmation_link_opens_the_page_in_the_followers_language(bill):
    with _committed():
        alerts.follow_create(
            email="lucia@example.org",
            target=alerts.follow_target(kind="bill", value=str(bill.pk)),
            frequency=IMMEDIATE,
            language="es",
        )

    [message] = [m for m in mail.outbox if m.to == ["lucia@example.org"]]
    assert "/es/alertas/" in message.body
