"""Action alerts: follow an organisation or an issue page, hear of its campaigns."""

import datetime as dt
import re
import time

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from campaigns import alerts as campaign_alerts
from campaigns.models import Campaign
from core import services as core_services
from legislation import alerts, services
from legislation.models import (
    AlertDelivery,
    AlertFrequency,
    AlertSubscriber,
    AlertSubscription,
    BillEvent,
)
from tests.campaigns.factories import CampaignFactory, IssuePageFactory, PetitionFactory
from tests.conftest import committed
from tests.core.factories import OrganisationFactory
from tests.legislation.factories import ActionFactory, BillFactory

pytestmark = pytest.mark.django_db
IMMEDIATE = AlertFrequency.IMMEDIATE


@pytest.fixture
def freedom_united():
    return OrganisationFactory(name="Freedom United", slug="freedom-united")


@pytest.fixture
def prison_labor():
    return IssuePageFactory(title="Prison labor", slug="prison-labor")


@pytest.fixture
def campaign(freedom_united, prison_labor) -> Campaign:
    """Amend the 13th, still a draft: each test launches it when it is ready."""
    campaign = CampaignFactory(
        title="Amend the 13th",
        slug="amend-the-13th",
        summary="End the exception that still allows forced labor as punishment for a crime.",
        status=Campaign.Status.DRAFT,
        organisations=[freedom_united],
    )
    campaign.issues.set([prison_labor])
    return campaign


def _follow(
    key: str, email: str, *, frequency=IMMEDIATE, confirm=True, language="en"
) -> AlertSubscriber:
    kind, _sep, value = key.partition(":")
    with committed():
        result = alerts.follow_create(
            email=email,
            target=alerts.follow_target(kind=kind, value=value),
            frequency=frequency,
            language=language,
        )
    if confirm:
        alerts.subscriber_confirm(token=alerts.confirm_token(result.subscriber))
    return result.subscriber


def _launch(campaign: Campaign) -> bool:
    """Put the campaign live and announce it after commit, as the admin does."""
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Campaign.Status.LIVE, launched_at=timezone.now()
    )
    with committed():
        return campaign_alerts.campaign_launch_announce(campaign_id=campaign.pk)


def _alerts_to(email: str) -> list:
    return [m for m in mail.outbox if m.to == [email] and "Confirm" not in m.subject]


def _path(url: str) -> str:
    return url.split("8000", 1)[1]


# ------------------------------------------------------------------------------
# Following, with double opt-in
# ------------------------------------------------------------------------------
def test_following_an_organisation_from_its_page_needs_the_address_confirmed(
    client, freedom_united
):
    with committed():
        response = client.post(
            "/alerts/",
            {"follow": "organisation:freedom-united", "email": "ana@example.org",
             "frequency": "immediate"},
        )  # fmt: skip

    assert response.status_code == 302
    [confirmation] = mail.outbox
    assert confirmation.subject == "Confirm your alerts"
    assert "when there is news on these:" in confirmation.body
    assert "- Freedom United" in confirmation.body
    subscription = AlertSubscription.objects.get()
    assert subscription.target == "organisation:freedom-united"
    link = re.search(r"http://\S+/alerts/confirm/\S+/", confirmation.body).group(0)
    assert client.get(_path(link)).status_code == 200
    assert AlertSubscriber.objects.get().confirmed_at is None

    client.post(_path(link))

    assert AlertSubscriber.objects.get().is_active


def test_following_an_issue_page_names_it_in_the_confirmation(prison_labor):
    _follow("issue:prison-labor", "ben@example.org", confirm=False)

    [confirmation] = mail.outbox
    assert "- Prison labor" in confirmation.body
    assert AlertSubscription.objects.get().target == "issue:prison-labor"
    assert AlertSubscriber.objects.get().confirmed_at is None


def test_an_unknown_follow_key_is_a_form_error_with_the_input_kept(client, freedom_united):
    for follow in ("organisation:nobody", "issue:", "issue:no-such-issue", "petition:x"):
        response = client.post(
            "/alerts/", {"follow": follow, "email": "ana@example.org", "frequency": "daily"}
        )

        assert response.status_code == 400, follow
        assert "Choose what to follow from the list." in response.text
        assert 'value="ana@example.org"' in response.text
    assert AlertSubscriber.objects.count() == 0
    assert mail.outbox == []


def test_the_alerts_page_offers_organisations_and_issues(client, freedom_united, prison_labor):
    page = client.get("/alerts/")

    assert '<option value="organisation:freedom-united">Freedom United</option>' in page.text
    assert '<option value="issue:prison-labor">Prison labor</option>' in page.text

    page = client.get("/alerts/?follow=organisation:freedom-united")

    assert '<input type="hidden" name="follow" value="organisation:freedom-united"' in page.text
    assert "Get an email when Freedom United launches a campaign" in page.text
    assert "<h1>Action alerts</h1>" in page.text


def test_the_follow_box_posts_what_the_alerts_page_accepts(client, prison_labor):
    request = RequestFactory().get("/issues/prison-labor/")
    html = render_to_string(
        "campaigns/_follow_box.html",
        {"follow_key": "issue:prison-labor", "follow_label": "Prison labor",
         "csrf_token": get_token(request)},
        request=request,
    )  # fmt: skip
    assert 'action="/alerts/"' in html
    assert "a campaign on Prison labor starts" in html
    names = set(re.findall(r'name="([a-z_]+)"', html))
    assert names == {"csrfmiddlewaretoken", "follow", "email", "frequency", "website"}
    hidden = re.search(r'name="follow" value="([^"]+)"', html).group(1)

    with committed():
        response = client.post(
            "/alerts/", {"follow": hidden, "email": "ana@example.org", "frequency": "weekly"}
        )

    assert response.status_code == 302
    subscription = AlertSubscription.objects.get()
    assert (subscription.target, subscription.frequency) == ("issue:prison-labor", "weekly")


def test_organisation_and_issue_pages_carry_their_follow_box(client, campaign):
    page = client.get("/organisations/freedom-united/")

    assert page.status_code == 200
    assert '<input type="hidden" name="follow" value="organisation:freedom-united">' in page.text
    assert "Get an email when Freedom United launches a campaign" in page.text

    page = client.get("/issues/prison-labor/")

    assert page.status_code == 200
    assert '<input type="hidden" name="follow" value="issue:prison-labor">' in page.text


def test_the_follow_box_honeypot_stores_nothing(client, prison_labor):
    response = client.post(
        "/alerts/",
        {"follow": "issue:prison-labor", "email": "bot@example.org", "frequency": "immediate",
         "website": "http://spam.example"},
    )  # fmt: skip

    assert response.status_code == 302
    assert AlertSubscriber.objects.count() == 0


# ------------------------------------------------------------------------------
# A campaign's launch
# ------------------------------------------------------------------------------
def test_a_launch_emails_each_confirmed_follower_once_and_no_one_else(campaign):
    _follow("organisation:freedom-united", "ana@example.org")
    _follow("issue:prison-labor", "ben@example.org")
    _follow("organisation:freedom-united", "cy@example.org")
    _follow("issue:prison-labor", "cy@example.org")
    _follow("organisation:freedom-united", "dan@example.org", confirm=False)
    _follow("organisation:freedom-united", "eve@example.org")
    tracking.send(
        sender=object,
        event=AnymailTrackingEvent(event_type="bounced", recipient="eve@example.org"),
        esp_name="Postmark",
    )
    fay = _follow("issue:prison-labor", "fay@example.org")
    alerts.subscriber_unsubscribe(token=alerts.unsubscribe_token(fay.pk))
    other = OrganisationFactory(name="Polaris", slug="polaris")
    _follow(f"organisation:{other.slug}", "gus@example.org")
    mail.outbox.clear()

    assert _launch(campaign) is True

    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.org", "ben@example.org", "cy@example.org"
    ]  # fmt: skip
    [message] = _alerts_to("ana@example.org")
    assert message.subject == "Freedom United launched a campaign: Amend the 13th"
    assert "End the exception that still allows forced labor" in message.body
    assert "Take action: http://127.0.0.1:8000/campaigns/amend-the-13th/" in message.body
    assert "because you follow Freedom United." in message.body
    assert "Tell your officials" not in message.body
    html = message.alternatives[0][0]
    assert 'href="http://127.0.0.1:8000/campaigns/amend-the-13th/"' in html
    assert "because you follow Freedom United." in html
    [both] = _alerts_to("cy@example.org")
    assert "because you follow Prison labor, Freedom United." in both.body
    assert "because you follow Prison labor." in _alerts_to("ben@example.org")[0].body
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_announcing_a_launch_again_sends_nothing_more(campaign):
    _follow("organisation:freedom-united", "ana@example.org")
    mail.outbox.clear()

    assert _launch(campaign) is True
    assert _launch(campaign) is False
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    assert _launch(campaign) is False  # closed and live again: still one launch
    with committed():
        assert alerts.alerts_dispatch(frequency=IMMEDIATE) is None

    assert len(_alerts_to("ana@example.org")) == 1
    assert BillEvent.objects.filter(bill__isnull=True).count() == 1


@pytest.mark.parametrize(
    "status", [Campaign.Status.DRAFT, Campaign.Status.WON, Campaign.Status.CLOSED]
)
def test_a_campaign_that_is_not_live_announces_nothing(campaign, status):
    _follow("organisation:freedom-united", "ana@example.org")
    Campaign.objects.filter(pk=campaign.pk).update(status=status)

    with committed():
        assert campaign_alerts.campaign_launch_announce(campaign_id=campaign.pk) is False
        assert campaign_alerts.campaign_launch_announce(campaign_id=campaign.pk + 99) is False

    assert _alerts_to("ana@example.org") == []
    assert not BillEvent.objects.filter(bill__isnull=True).exists()


def test_a_follower_who_came_after_the_launch_is_not_told_of_it(campaign):
    _launch(campaign)

    _follow("organisation:freedom-united", "ana@example.org")
    with committed():
        alerts.alerts_dispatch(frequency=IMMEDIATE)

    assert _alerts_to("ana@example.org") == []


# ------------------------------------------------------------------------------
# Urgent actions
# ------------------------------------------------------------------------------
def test_an_urgent_action_in_a_live_campaign_is_announced_once(campaign):
    _launch(campaign)
    petition = PetitionFactory(
        campaign=campaign, title="Tell Congress: amend the 13th", slug="amend-the-13th",
        urgent=True,
    )  # fmt: skip
    _follow("issue:prison-labor", "ana@example.org")
    mail.outbox.clear()

    with committed():
        assert campaign_alerts.action_urgent_announce(action_id=petition.pk) is True
    with committed():
        assert campaign_alerts.action_urgent_announce(action_id=petition.pk) is False

    [message] = _alerts_to("ana@example.org")
    assert message.subject == ("Urgent action from Freedom United: Tell Congress: amend the 13th")
    assert "Take action: http://127.0.0.1:8000/petitions/amend-the-13th/" in message.body
    assert "because you follow Prison labor." in message.body


def test_an_action_that_is_not_urgent_or_not_open_announces_nothing(campaign):
    _follow("organisation:freedom-united", "ana@example.org")
    calm = PetitionFactory(campaign=campaign, urgent=False)
    in_draft = PetitionFactory(campaign=campaign, urgent=True)
    closed = PetitionFactory(campaign=CampaignFactory(), urgent=True, closed_at=timezone.now())
    ended = PetitionFactory(
        campaign=CampaignFactory(), urgent=True, ends_at=timezone.now() - dt.timedelta(days=1)
    )

    with committed():
        for action in (calm, in_draft, closed, ended):
            assert campaign_alerts.action_urgent_announce(action_id=action.pk) is False

    assert _alerts_to("ana@example.org") == []
    assert not BillEvent.objects.filter(bill__isnull=True).exists()


# ------------------------------------------------------------------------------
# Digests, language, unsubscribing
# ------------------------------------------------------------------------------
def test_the_weekly_digest_brings_the_launch_with_bill_news(campaign):
    bill = BillFactory(identifier="H.J.Res. 53", short_title="Abolition Amendment")
    ActionFactory(bill=bill, classification=["introduction"])
    services.bill_refresh(bill_id=bill.pk)
    weekly = AlertFrequency.WEEKLY
    _follow("organisation:freedom-united", "ana@example.org", frequency=weekly)
    _follow("issue:prison-labor", "ben@example.org", frequency=weekly)
    with committed():
        alerts.follow_create(
            email="ana@example.org",
            target=alerts.follow_target(kind="bill", value=str(bill.pk)),
            frequency=weekly,
            language="en",
        )
    mail.outbox.clear()

    _launch(campaign)
    ActionFactory(
        bill=bill, date=dt.date(2021, 3, 1), description="Referred to the Judiciary Committee.",
        classification=["referral-committee"],
    )  # fmt: skip
    with committed():
        services.bill_refresh(bill_id=bill.pk)
    assert mail.outbox == []  # digest followers wait for the beat

    with committed():
        alerts.alerts_dispatch(frequency=weekly)
    with committed():
        alerts.alerts_dispatch(frequency=weekly)  # a second beat in the same week

    [digest] = _alerts_to("ana@example.org")
    assert digest.subject == "Alerts: 2 updates"
    assert digest.body.index("Amend the 13th") < digest.body.index("H.J.Res. 53")
    assert "Referred to the Judiciary Committee." in digest.body
    assert "because you follow H.J.Res. 53, Freedom United." in digest.body
    [news_only] = _alerts_to("ben@example.org")
    assert news_only.subject == "Action alerts: 1 new campaign or action"


def test_the_email_is_in_the_followers_language_and_one_click_stops_it(campaign):
    _follow("organisation:freedom-united", "ana@example.org", language="es")
    mail.outbox.clear()

    _launch(campaign)

    [message] = _alerts_to("ana@example.org")
    assert "Recibe esto porque sigue Freedom United." in message.body
    with translation.override("es"):
        link = reverse("campaigns:campaign_detail", kwargs={"slug": "amend-the-13th"})
    assert link.startswith("/es/")
    assert f"http://127.0.0.1:8000{link}" in message.body
    assert '<html lang="es">' in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in message.body

    response = Client(enforce_csrf_checks=True).post(
        _path(unsubscribe),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert AlertSubscriber.objects.get().suppressed_reason == "unsubscribed"
    mail.outbox.clear()
    _launch(CampaignFactory(organisations=[campaign.organisations.get()]))
    assert _alerts_to("ana@example.org") == []


def test_an_erased_address_gets_not_even_a_confirmation(freedom_united):
    core_services.address_suppress(email="ana@example.org", reason="erased on request")

    _follow("organisation:freedom-united", "Ana@example.org", confirm=False)

    assert mail.outbox == []


def test_the_admin_history_shows_the_launch_an_address_was_sent(admin_client, campaign):
    subscriber = _follow("organisation:freedom-united", "ana@example.org")
    _launch(campaign)

    page = admin_client.get(f"/admin/legislation/alertsubscriber/{subscriber.pk}/change/")

    assert page.status_code == 200
    assert "Amend the 13th" in page.text
    event = BillEvent.objects.get(bill__isnull=True)
    preview = admin_client.get(f"/admin/legislation/billevent/{event.pk}/change/")
    assert "Freedom United launched a campaign: Amend the 13th" in preview.text


# ------------------------------------------------------------------------------
# The production path: a real worker on Redis
# ------------------------------------------------------------------------------
@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_brings_a_launch_to_each_follower_exactly_once(celery_broker):
    from core.models import OutboxMessage
    from legislation.tasks import alert_batch_send, alerts_dispatch_immediate

    organisation = OrganisationFactory(name="Freedom United", slug="freedom-united")
    campaign = CampaignFactory(
        title="Amend the 13th", status=Campaign.Status.DRAFT, organisations=[organisation]
    )
    target = alerts.follow_target(kind="organisation", value="freedom-united")
    for n in range(3):
        result = alerts.follow_create(
            email=f"reader{n}@example.org", target=target, frequency=IMMEDIATE, language="en"
        )
        alerts.subscriber_confirm(token=alerts.confirm_token(result.subscriber))
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.LIVE)

    assert campaign_alerts.campaign_launch_announce(campaign_id=campaign.pk)  # queues at commit
    alerts_dispatch_immediate.delay()  # the beat's backstop, at the same moment
    campaign_alerts.campaign_launch_announce(campaign_id=campaign.pk)  # a second save

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if AlertDelivery.objects.filter(status=AlertDelivery.Status.SENT).count() == 3:
            break
        time.sleep(0.2)
    for delivery in AlertDelivery.objects.values("run_id", "batch").distinct():
        alert_batch_send.delay(delivery["run_id"], delivery["batch"])  # duplicated tasks
    time.sleep(1.5)

    assert AlertDelivery.objects.filter(status=AlertDelivery.Status.SENT).count() == 3
    for n in range(3):
        [message] = OutboxMessage.objects.filter(
            to=[f"reader{n}@example.org"], subject__contains="launched a campaign"
        )
        assert message.subject == "Freedom United launched a campaign: Amend the 13th"
        assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
