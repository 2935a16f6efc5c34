"""Staff tools for events and postcard drives: approve or reject, and export."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import events
from campaigns.events import RSVPInput
from campaigns.models import Event, EventAction, PostcardAction, PostcardPledge
from tests.campaigns.factories import CampaignFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def event():
    action = EventAction.objects.create(
        campaign=CampaignFactory(), title="Host", slug="host", ask="Gather."
    )
    return Event.objects.create(
        action=action,
        person=PersonFactory(email="host@example.org"),
        title="Vigil",
        slug="vigil",
        description="Candles.",
        starts_at=timezone.now() + timedelta(days=5),
        venue="Hall",
        city="Seattle",
        state="WA",
    )


def test_the_approve_action_lists_the_event_and_emails_its_host(
    staff_client, event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:campaigns_event_changelist"),
            {"action": "approve", "_selected_action": [event.pk]},
        )

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).status == Event.Status.APPROVED
    assert [m.to for m in mailoutbox] == [["host@example.org"]]


def test_the_reject_action_emails_nobody(staff_client, event, mailoutbox):
    staff_client.post(
        reverse("admin:campaigns_event_changelist"),
        {"action": "reject", "_selected_action": [event.pk]},
    )

    assert Event.objects.get(pk=event.pk).status == Event.Status.REJECTED
    assert mailoutbox == []


def test_the_rsvp_export_lists_names_and_emails(staff_client, event):
    events.event_review(event_id=event.pk, status=Event.Status.APPROVED)
    event.refresh_from_db()
    events.rsvp_create(
        event=event, data=RSVPInput(email="gus@example.org", given_name="=Gus", family_name="G")
    )

    response = staff_client.post(
        reverse("admin:campaigns_event_changelist"),
        {"action": "export_rsvps_csv", "_selected_action": [event.pk]},
    )

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "gus@example.org" in text
    # A cell that a spreadsheet would run as a formula is quoted.
    assert "'=Gus" in text


def test_the_pledge_export_lists_each_pledge(staff_client):
    action = PostcardAction.objects.create(
        campaign=CampaignFactory(), title="Cards", slug="cards", ask="Write.", message="Hi"
    )
    PostcardPledge.objects.create(
        action=action, person=PersonFactory(email="ana@example.org"), count=7
    )

    response = staff_client.post(
        reverse("admin:campaigns_postcardaction_changelist"),
        {"action": "export_pledges_csv", "_selected_action": [action.pk]},
    )

    text = response.content.decode()
    assert "ana@example.org" in text
    assert ",7," in text


def test_the_postcard_admin_refuses_unknown_placeholders(staff_client):
    response = staff_client.post(
        reverse("admin:campaigns_postcardaction_add"),
        {
            "campaign": CampaignFactory().pk,
            "title": "Cards",
            "slug": "cards",
            "ask": "Write.",
            "message": "Dear {senator_name},",
            "goal": "100",
        },
    )

    assert response.status_code == 200
    assert "{senator_name}" in response.content.decode()
    assert not PostcardAction.objects.exists()
