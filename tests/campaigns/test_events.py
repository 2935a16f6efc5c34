"""Event actions: proposing, review and the host's email, RSVPs, calendar files, list and map."""

import time
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from anymail.exceptions import AnymailAPIError
from django.urls import reverse
from django.utils import timezone

from campaigns import events, selectors
from campaigns.events import EventProposal, RSVPInput
from campaigns.exceptions import ActionClosed, EventNotOpen, EventReviewRefused
from campaigns.forms import started_stamp
from campaigns.models import RSVP, Campaign, Event, EventAction
from tests.campaigns.factories import CampaignFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action():
    return EventAction.objects.create(
        campaign=CampaignFactory(),
        title="Host a vigil",
        slug="host-a-vigil",
        ask="Bring people together.",
        host_guidance="Keep it peaceful.",
    )


def _event(action, *, status=Event.Status.APPROVED, days=10, state="WA", slug=None, **extra):
    starts = timezone.now() + timedelta(days=days)
    return Event.objects.create(
        action=action,
        person=extra.pop("person", None) or PersonFactory(given_name="Hana", family_name="Host"),
        title=extra.pop("title", "Vigil for freedom"),
        slug=slug or f"vigil-{days}-{state.lower()}-{status}",
        description="We gather, light candles and read survivors' words.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue="Pine Hall",
        city="Seattle",
        state=state,
        status=status,
        **extra,
    )


def _proposal(**overrides) -> EventProposal:
    starts = timezone.now() + timedelta(days=7)
    data = {
        "title": "Letter-writing evening",
        "description": "Bring a pen.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "venue": "Pine Hall",
        "city": "Seattle",
        "state": "WA",
        "email": "Host@Example.org",
        "given_name": "Hana",
        "family_name": "Host",
    }
    data.update(overrides)
    return EventProposal(**data)


def _rsvp(email="guest@example.org", **overrides) -> RSVPInput:
    return RSVPInput(email=email, given_name="Gus", family_name="Guest", **overrides)


# ------------------------------------------------------------------------------
# Services
# ------------------------------------------------------------------------------
def test_event_propose_records_a_proposed_event_under_its_host(action):
    event = events.event_propose(action=action, data=_proposal())

    assert event.status == Event.Status.PROPOSED
    assert event.person.email == "host@example.org"
    assert event.slug.startswith("letter-writing-evening-")


def test_event_propose_makes_each_slug_unique(action):
    first = events.event_propose(action=action, data=_proposal())
    second = events.event_propose(action=action, data=_proposal(email="other@example.org"))

    assert first.slug != second.slug
    assert second.slug == f"{first.slug}-2"


def test_event_propose_refuses_an_action_whose_campaign_is_not_live(action):
    Campaign.objects.filter(pk=action.campaign_id).update(status=Campaign.Status.CLOSED)
    action.refresh_from_db()

    with pytest.raises(ActionClosed):
        events.event_propose(action=action, data=_proposal())
    assert not Event.objects.exists()


def test_approving_an_event_emails_its_host_a_signed_link_to_the_rsvps(
    action, mailoutbox, django_capture_on_commit_callbacks
):
    event = _event(action, status=Event.Status.PROPOSED)

    with django_capture_on_commit_callbacks(execute=True):
        events.event_review(event_id=event.pk, status=Event.Status.APPROVED)

    event.refresh_from_db()
    assert event.status == Event.Status.APPROVED
    assert event.reviewed_at is not None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [event.person.email]
    # The link's payload names this event; its time stamp may differ by a second.
    payload = events.event_host_token(event).split(":")[0]
    assert reverse("campaigns:event_host", kwargs={"token": payload}).rstrip("/") in message.body
    assert event.get_absolute_url() in message.body


def test_rejecting_an_event_emails_nobody(action, mailoutbox, django_capture_on_commit_callbacks):
    event = _event(action, status=Event.Status.PROPOSED)

    with django_capture_on_commit_callbacks(execute=True):
        events.event_review(event_id=event.pk, status=Event.Status.REJECTED)

    assert Event.objects.get(pk=event.pk).status == Event.Status.REJECTED
    assert mailoutbox == []


def test_event_review_refuses_a_step_its_status_does_not_allow(action):
    event = _event(action, status=Event.Status.CANCELLED)

    with pytest.raises(EventReviewRefused):
        events.event_review(event_id=event.pk, status=Event.Status.APPROVED)


def test_rsvp_counts_once_and_a_repeat_creates_nothing(action):
    event = _event(action)

    assert events.rsvp_create(event=event, data=_rsvp()) is True
    assert events.rsvp_create(event=event, data=_rsvp(email="GUEST@example.org")) is False

    event.refresh_from_db()
    action.refresh_from_db()
    assert RSVP.objects.filter(event=event).count() == 1
    assert event.rsvp_count == 1
    assert action.participants == 1


def test_a_person_at_two_events_of_one_action_counts_once_for_the_action(action):
    first, second = _event(action, days=5), _event(action, days=9)

    events.rsvp_create(event=first, data=_rsvp())
    events.rsvp_create(event=second, data=_rsvp())

    action.refresh_from_db()
    assert action.participants == 1
    assert Event.objects.get(pk=second.pk).rsvp_count == 1


@pytest.mark.parametrize("status", [Event.Status.PROPOSED, Event.Status.REJECTED])
def test_rsvp_refuses_an_event_not_approved(action, status):
    event = _event(action, status=status)

    with pytest.raises(EventNotOpen):
        events.rsvp_create(event=event, data=_rsvp())
    assert not RSVP.objects.exists()


def test_rsvp_refuses_an_event_that_has_begun(action):
    event = _event(action)

    with pytest.raises(EventNotOpen):
        events.rsvp_create(event=event, data=_rsvp(), now=event.starts_at + timedelta(minutes=1))


# ------------------------------------------------------------------------------
# Calendar file
# ------------------------------------------------------------------------------
def test_the_calendar_file_follows_rfc_5545(action):
    event = _event(
        action,
        title="Vigil; candles, songs \\ words " + "long " * 20,
        slug="vigil-ics",
    )
    event.description = "Line one\nLine two, with a comma; and a semicolon"
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    text = events.event_ics(event=event, now=now).decode()

    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" in unfolded
    assert f"UID:event-{event.pk}@" in unfolded
    assert "DTSTAMP:20260102T030405Z" in unfolded
    assert f"DTSTART:{event.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in unfolded
    assert f"DTEND:{event.ends_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in unfolded
    assert "SUMMARY:Vigil\\; candles\\, songs \\\\ words long" in unfolded
    assert "DESCRIPTION:Line one\\nLine two\\, with a comma\\; and a semicolon" in unfolded


def test_the_calendar_uid_is_the_same_on_every_download(action):
    event = _event(action)

    first = events.event_ics(event=event).decode()
    second = events.event_ics(event=event, now=timezone.now() + timedelta(days=1)).decode()

    uid = [line for line in first.split("\r\n") if line.startswith("UID:")]
    assert uid
    assert uid[0] in second.split("\r\n")


def test_the_calendar_view_sends_a_calendar_attachment(client, action):
    event = _event(action)

    response = client.get(reverse("campaigns:event_ics", kwargs={"slug": event.slug}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    assert b"BEGIN:VEVENT" in response.content


def test_a_proposed_event_has_no_public_page_or_calendar(client, action):
    event = _event(action, status=Event.Status.PROPOSED)

    for name in ("campaigns:event_page", "campaigns:event_ics"):
        assert client.get(reverse(name, kwargs={"slug": event.slug})).status_code == 404


# ------------------------------------------------------------------------------
# Views: proposing
# ------------------------------------------------------------------------------
def _propose_form(**overrides) -> dict[str, str]:
    day = timezone.now().date() + timedelta(days=14)
    data = {
        "title": "Letter-writing evening",
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "venue": "Pine Hall",
        "street": "12 Pine St",
        "city": "Seattle",
        "state": "WA",
        "postal_code": "98101",
        "description": "Bring a pen.",
        "given_name": "Hana",
        "family_name": "Host",
        "email": "hana@example.org",
        "started": started_stamp(),
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_action_page_shows_the_ask_guidance_events_and_form(client, action):
    _event(action, title="Vigil at the pier")

    response = client.get(reverse("campaigns:event_detail", kwargs={"slug": action.slug}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bring people together." in html
    assert "Keep it peaceful." in html
    assert "Vigil at the pier" in html
    assert 'name="start_time"' in html


def test_proposing_an_event_stores_it_for_review_and_says_so(client, action):
    url = reverse("campaigns:event_detail", kwargs={"slug": action.slug})

    response = client.post(url, _propose_form(), follow=True)

    event = Event.objects.get()
    assert event.status == Event.Status.PROPOSED
    assert event.starts_at.astimezone(events.event_time_zone("WA")).hour == 18
    assert "We review every event" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "Vigil\r\nBcc: x@example.org", "line"),
        ("venue", "Hall\nTwo", "line"),
        ("date", "2001-01-01", "has not passed"),
        ("end_time", "17:00", "end after it starts"),
        ("email", "not-an-email", "valid email"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_with_the_input_kept(
    client, action, field, value, message
):
    url = reverse("campaigns:event_detail", kwargs={"slug": action.slug})

    response = client.post(url, _propose_form(**{field: value}))

    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html
    assert message in response.context["form"].errors[field][0]
    assert 'value="Pine Hall"' in html or field == "venue"
    assert not Event.objects.exists()


def test_a_filled_honeypot_stores_nothing_and_answers_the_same(client, action):
    url = reverse("campaigns:event_detail", kwargs={"slug": action.slug})

    response = client.post(url, _propose_form(website="http://spam.example"), follow=True)

    assert response.status_code == 200
    assert "We review every event" in response.content.decode()
    assert not Event.objects.exists()


# ------------------------------------------------------------------------------
# Views: the event page, RSVPs, the host page
# ------------------------------------------------------------------------------
def _rsvp_form(**overrides) -> dict[str, str]:
    data = {
        "given_name": "Gus",
        "family_name": "Guest",
        "email": "gus@example.org",
        "started": started_stamp(),
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_public_event_page_shows_the_host_by_first_name_and_initial_only(client, action):
    host = PersonFactory(given_name="Hana", family_name="Hostington", email="hana@example.org")
    event = _event(action, person=host)

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Hana H." in html
    assert "Hostington" not in html
    assert "hana@example.org" not in html
    assert reverse("campaigns:event_ics", kwargs={"slug": event.slug}) in html


def test_an_rsvp_by_form_counts_once_and_answers_the_same_twice(client, action):
    event = _event(action)

    first = client.post(event.get_absolute_url(), _rsvp_form(), follow=True)
    second = client.post(event.get_absolute_url(), _rsvp_form(), follow=True)

    assert "you are on the list" in first.content.decode()
    assert "you are on the list" in second.content.decode()
    assert Event.objects.get(pk=event.pk).rsvp_count == 1
    assert RSVP.objects.count() == 1


def test_an_rsvp_with_bad_input_shows_errors_and_keeps_it(client, action):
    event = _event(action)

    response = client.post(event.get_absolute_url(), _rsvp_form(email="nope", given_name="Gus"))

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_email_error"' in html
    assert 'value="Gus"' in html
    assert not RSVP.objects.exists()


def test_the_host_link_lists_who_is_coming_with_their_emails(client, action):
    event = _event(action)
    events.rsvp_create(event=event, data=_rsvp(email="gus@example.org"))
    token = events.event_host_token(event)

    response = client.get(reverse("campaigns:event_host", kwargs={"token": token}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Gus Guest" in html
    assert "gus@example.org" in html
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_public_event_page_never_lists_who_is_coming(client, action):
    event = _event(action)
    events.rsvp_create(event=event, data=_rsvp(email="gus@example.org"))

    html = client.get(event.get_absolute_url()).content.decode()

    assert "gus@example.org" not in html
    assert "Guest" not in html
    assert "1 person" in html


def test_a_tampered_host_link_gets_a_clear_page(client, action):
    event = _event(action)
    token = events.event_host_token(event)

    response = client.get(reverse("campaigns:event_host", kwargs={"token": token[:-2] + "xx"}))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_an_expired_host_link_gets_a_clear_page(client, action, monkeypatch):
    event = _event(action)
    token = events.event_host_token(event)
    monkeypatch.setattr(events, "HOST_MAX_AGE", timedelta(seconds=-1))

    response = client.get(reverse("campaigns:event_host", kwargs={"token": token}))

    assert response.status_code == 400


def test_a_host_link_stops_working_once_the_host_is_erased(client, action):
    from campaigns.services import person_erase

    event = _event(action)
    token = events.event_host_token(event)
    person_erase(email=event.person.email)

    response = client.get(reverse("campaigns:event_host", kwargs={"token": token}))

    assert response.status_code == 400


# ------------------------------------------------------------------------------
# The list and the map
# ------------------------------------------------------------------------------
def test_the_list_shows_upcoming_approved_events_only(client, action):
    _event(action, title="Approved vigil")
    _event(action, title="Proposed vigil", status=Event.Status.PROPOSED)
    _event(action, title="Past vigil", days=-3)

    html = client.get(reverse("campaigns:event_list")).content.decode()

    assert "Approved vigil" in html
    assert "Proposed vigil" not in html
    assert "Past vigil" not in html


def test_the_list_filters_by_state(client, action):
    _event(action, title="Seattle vigil", state="WA")
    _event(action, title="Austin vigil", state="TX")

    html = client.get(reverse("campaigns:event_list") + "?state=tx").content.decode()

    assert "Austin vigil" in html
    assert "Seattle vigil" not in html


def test_the_list_ignores_an_unknown_state(client, action):
    _event(action, title="Seattle vigil", state="WA")

    response = client.get(reverse("campaigns:event_list") + "?state=ZZ")

    assert response.status_code == 200
    assert "Seattle vigil" in response.content.decode()


def test_the_map_counts_upcoming_events_per_state(action):
    _event(action, state="WA", days=3)
    _event(action, state="WA", days=4)
    _event(action, state="TX", days=5)
    _event(action, state="NY", status=Event.Status.PROPOSED)

    event_map = selectors.event_map()

    counts = {row.state: row.count for row in event_map.states}
    assert counts["WA"] == 2
    assert counts["TX"] == 1
    assert counts["NY"] == 0
    assert event_map.total == 3
    shades = {row.state: row.shade for row in event_map.states}
    assert (shades["WA"], shades["TX"], shades["NY"]) == (2, 1, 0)


def test_the_list_page_has_a_table_of_states_for_readers_without_the_map(client, action):
    _event(action, state="WA")

    html = client.get(reverse("campaigns:event_list")).content.decode()

    assert "<table" in html
    assert "Washington" in html
    assert '?state=WA"' in html
    assert "<script" not in html


def test_the_list_queries_stay_constant_in_the_number_of_events(
    client, action, django_assert_num_queries
):
    for days in range(1, 4):
        _event(action, days=days)
    url = reverse("campaigns:event_list")
    client.get(url)  # warm the session and caches

    with django_assert_num_queries(4):
        client.get(url)
    for days in range(4, 12):
        _event(action, days=days, state="TX")
    with django_assert_num_queries(4):
        client.get(url)


def test_the_action_page_queries_stay_constant_in_the_number_of_events(
    client, action, django_assert_num_queries
):
    _event(action, days=1)
    url = reverse("campaigns:event_detail", kwargs={"slug": action.slug})
    client.get(url)

    with django_assert_num_queries(3):
        client.get(url)
    for days in range(2, 10):
        _event(action, days=days)
    with django_assert_num_queries(3):
        client.get(url)


def _slow_insert(obj, *, unique):
    from campaigns.services import _insert_unless_exists

    inserted = _insert_unless_exists(obj, unique=unique)
    time.sleep(0.2)
    return inserted


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_rsvps_at_once_to_events_of_one_action_count_the_person_once():
    from tests.campaigns.test_counting import _in_threads

    action = EventAction.objects.create(
        campaign=CampaignFactory(), title="Host a vigil", slug="host-a-vigil", ask="Gather."
    )
    host = PersonFactory(email="host@example.org")
    # Known already: a new person's insert would make the RSVPs wait on each other.
    PersonFactory(email="guest@example.org")
    days = range(3, 9)
    event_ids = [_event(action, days=n, person=host).pk for n in days]
    by_id = Event.objects.select_related("action__campaign").in_bulk(event_ids)

    def rsvp(index: int) -> None:
        events.rsvp_create(event=by_id[event_ids[index]], data=_rsvp())

    # A pause after each insert widens the window in which the others check.
    with mock.patch("campaigns.events._insert_unless_exists", side_effect=_slow_insert):
        assert _in_threads(len(event_ids), rsvp) == []
    assert RSVP.objects.filter(event__action=action).count() == len(event_ids)
    assert EventAction.objects.get(pk=action.pk).participants == 1


def test_the_approval_email_goes_through_its_task(action, django_capture_on_commit_callbacks):
    event = _event(action, status=Event.Status.PROPOSED)

    with (
        mock.patch("campaigns.tasks.event_approved_email_send.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        events.event_review(event_id=event.pk, status=Event.Status.APPROVED)

    delay.assert_called_once_with(event.pk)


@pytest.mark.usefixtures("_errors_stay_in_the_worker")
def test_a_mail_service_error_does_not_fail_the_approval(
    action, django_capture_on_commit_callbacks
):
    event = _event(action, status=Event.Status.PROPOSED)
    failing = mock.patch(
        "campaigns.events.event_approved_email_send", side_effect=AnymailAPIError("ESP down")
    )

    with failing as send, django_capture_on_commit_callbacks(execute=True):
        events.event_review(event_id=event.pk, status=Event.Status.APPROVED)

    send.assert_called_once_with(event_id=event.pk)
    assert Event.objects.get(pk=event.pk).status == Event.Status.APPROVED


@pytest.fixture
def _errors_stay_in_the_worker():
    """As with a broker, an eager task's error stays in the task and not the caller."""
    from advocacy_hub.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


def test_the_rsvp_form_says_the_host_sees_the_name_and_email(client, action):
    event = _event(action)

    html = client.get(event.get_absolute_url()).content.decode()

    assert "host sees your name and email" in html
    assert "Never shown on this site." not in html


def test_event_propose_takes_the_next_slug_when_another_host_took_it_first(action):
    first = events.event_propose(action=action, data=_proposal())
    real = events._slug_unique
    # The slug was read free just before the other host's insert: the first pick clashes.
    stale = [first.slug]

    def pick(title, starts_at, *, clashed=frozenset()):
        return stale.pop() if stale else real(title, starts_at, clashed=clashed)

    with mock.patch("campaigns.events._slug_unique", side_effect=pick):
        second = events.event_propose(action=action, data=_proposal(email="other@example.org"))

    assert second.slug == f"{first.slug}-2"
    assert Event.objects.filter(action=action).count() == 2
