"""The demo's postcard drive and example events."""

import pytest

from campaigns.models import EventAction, PostcardAction

pytestmark = pytest.mark.django_db


def test_the_demo_has_ijms_postcard_drive_and_example_events(registry_data):
    drive = PostcardAction.objects.get(slug="100-postcards-to-congress")
    action = EventAction.objects.get(slug="host-a-gathering-for-freedom")

    assert drive.campaign.slug == "100-postcards-to-congress"
    assert drive.goal == 100
    assert drive.target_levels == ["us_senate", "us_house"]
    assert drive.mailed_count == sum(p.mailed_count for p in drive.pledges.all())
    statuses = sorted(action.events.values_list("status", flat=True))
    assert statuses == ["approved", "approved", "approved", "proposed"]
    for event in action.events.all():
        assert event.title.startswith("Example:")
        assert "example event" in event.description
        assert event.rsvp_count == event.rsvps.count()
