"""The email an attendee gets when they RSVP: when, where, links, and their consents."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import events, services, tasks
from campaigns.events import RSVPInput
from campaigns.forms import started_stamp
from campaigns.models import RSVP, Event, EventAction
from core import services as core_services
from tests.campaigns.factories import CampaignFactory, PersonFactory
from tests.conftest import committed
from tests.core.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _anymail_test_backend(settings):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}


@pytest.fixture
def event():
    organisation = OrganisationFactory(name="Freedom Network")
    action = EventAction.objects.create(
        campaign=CampaignFactory(organisations=[organisation]),
        title="Host a vigil",
        slug="host-a-vigil",
        ask="Gather.",
    )
    # 18:30 on Seattle's clock (UTC-7 in summer), whatever the site's own zone.
    starts = datetime(timezone.now().year + 1, 7, 15, 1, 30, tzinfo=UTC)
    return Event.objects.create(
        action=action,
        person=PersonFactory(given_name="Hana", email="hana@example.org"),
        title="Vigil for freedom",
        slug="vigil-for-freedom",
        description="We light candles.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue="Pine Hall",
        street="12 Pine St",
        city="Seattle",
        state="WA",
        postal_code="98101",
        status=Event.Status.APPROVED,
    )


def _rsvp(event, **overrides) -> bool:
    data = {"email": "Gus@Example.org", "given_name": "Gus", "family_name": "Guest"}
    data.update(overrides)
    with committed():
        return events.rsvp_create(event=event, data=RSVPInput(**data))


def _consents(event) -> dict[int, str]:
    return {org.pk: f"News from {org.name}" for org in event.action.campaign.organisations.all()}


def test_an_rsvp_mails_the_attendee_when_where_and_the_links(event, mailoutbox):
    assert _rsvp(event)

    [message] = mailoutbox
    html = message.alternatives[0][0]
    assert message.to == ["gus@example.org"]
    assert "Vigil for freedom" in message.subject
    assert "18:30" in message.body
    assert "20:30" in message.body
    assert "Pine Hall, 12 Pine St, Seattle, WA 98101" in message.body
    ics = reverse("campaigns:event_ics", kwargs={"slug": event.slug})
    for text in (message.body, html):
        assert event.get_absolute_url() in text
        assert ics in text
    assert "/consents/confirm/" not in message.body
    assert "/consents/confirm/" not in html
    # Nothing about the host goes to an attendee.
    assert "hana@example.org" not in message.body


def test_a_repeat_rsvp_mails_nothing_new(event, mailoutbox):
    _rsvp(event)

    assert not _rsvp(event)
    assert not _rsvp(event, given_name="Someone", consent_texts=_consents(event))

    assert len(mailoutbox) == 1
    assert RSVP.objects.count() == 1


def test_the_rsvp_email_carries_the_consents_link_when_boxes_were_ticked(event, mailoutbox):
    _rsvp(event, consent_texts=_consents(event))

    rsvp = RSVP.objects.get()
    payload = services.participation_consents_token(rsvp).split(":")[0]
    path = reverse("campaigns:consents_confirm", kwargs={"token": payload}).rstrip("/")
    [message] = mailoutbox
    assert path in message.body
    assert path in message.alternatives[0][0]


def test_the_rsvp_email_speaks_the_attendees_language(event, mailoutbox):
    _rsvp(event, language="es")

    [message] = mailoutbox
    assert "julio" in message.body


def test_an_address_that_asked_never_to_be_mailed_gets_no_email(event, mailoutbox):
    core_services.address_suppress(email="gus@example.org", reason="asked")

    assert _rsvp(event)

    assert mailoutbox == []


def test_the_email_goes_through_a_task_that_takes_the_rsvp_id(event):
    with mock.patch.object(tasks.rsvp_email_send, "delay") as delay:
        _rsvp(event)

    delay.assert_called_once_with(RSVP.objects.get().pk)


def test_the_task_calls_the_service(event, mailoutbox):
    rsvp = RSVP.objects.create(event=event, person=PersonFactory())

    tasks.rsvp_email_send(rsvp.pk)

    assert [m.to for m in mailoutbox] == [[rsvp.person.email]]


def test_a_cancelled_event_mails_nothing(event, mailoutbox):
    rsvp = RSVP.objects.create(event=event, person=PersonFactory())
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)

    assert not events.rsvp_email_send(rsvp_id=rsvp.pk)
    assert mailoutbox == []


def test_by_form_a_first_and_a_repeat_rsvp_answer_the_same_and_mail_once(client, event, mailoutbox):
    form = {
        "given_name": "Gus",
        "family_name": "Guest",
        "email": "gus@example.org",
        "started": started_stamp(),
        "website": "",
    }
    with committed():
        first = client.post(event.get_absolute_url(), form, follow=True)
    with committed():
        second = client.post(event.get_absolute_url(), form, follow=True)

    assert first.status_code == second.status_code == 200
    assert first.redirect_chain == second.redirect_chain
    assert "you are on the list" in second.content.decode()
    assert len(mailoutbox) == 1
