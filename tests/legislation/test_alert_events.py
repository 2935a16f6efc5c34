"""News with no bill behind it, through the bill alerts' machine and its follow-kind hook."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation

from legislation import alerts, hooks, services
from legislation.exceptions import InvalidAlertEvent
from legislation.models import AlertFrequency, BillEvent
from tests.legislation.factories import ActionFactory, BillFactory

pytestmark = pytest.mark.django_db
TEAMS = {"red": "The Red Team", "blue": "The Blue Team"}


@pytest.fixture(autouse=True)
def team_kind():
    """A kind of follow a downstream app would register, known only through the hook."""
    hooks.follow_kind_register(
        name="team",
        group="Teams",
        labels=lambda slugs: {slug: TEAMS[slug] for slug in slugs if slug in TEAMS},
        choices=lambda: sorted(TEAMS.items()),
        author=True,
    )
    yield
    hooks.follow_kind_unregister("team")


def _record(key: str = "match:1:won", **overrides) -> bool:
    values = {
        "key": key,
        "kind": "launched",
        "title": "Save the river",
        "description": "Ask the council to stop the dumping.",
        "url": "/alerts/",
        "targets": ["team:red"],
        "happened_on": dt.date(2025, 5, 1),
        **overrides,
    }
    return services.alert_event_record(**values)


def _follow(key: str, email: str) -> None:
    kind, _sep, value = key.partition(":")
    result = alerts.follow_create(
        email=email,
        target=alerts.follow_target(kind=kind, value=value),
        frequency=AlertFrequency.IMMEDIATE,
        language="en",
    )
    alerts.subscriber_confirm(token=alerts.confirm_token(result.subscriber))


def test_news_reaches_the_followers_of_the_keys_it_names_and_no_one_else(
    django_capture_on_commit_callbacks,
):
    bill = BillFactory(identifier="S. 1693")
    ActionFactory(bill=bill, classification=["introduction"])
    services.bill_refresh(bill_id=bill.pk)
    _follow("team:red", "ana@example.org")
    _follow("team:blue", "ben@example.org")
    _follow(f"bill:{bill.pk}", "cy@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert _record() is True

    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "The Red Team launched a campaign: Save the river"
    assert "Take action: http://127.0.0.1:8000/alerts/" in message.body
    assert "because you follow The Red Team." in message.body


def test_the_same_news_is_recorded_once_and_apart_from_bill_events(
    django_capture_on_commit_callbacks,
):
    bill = BillFactory()
    ActionFactory(bill=bill, classification=["introduction"])
    services.bill_refresh(bill_id=bill.pk)

    with django_capture_on_commit_callbacks() as callbacks:
        assert _record(key="tracked") is True
        assert _record(key="tracked", title="Another title") is False

    assert len(callbacks) == 1  # one dispatch, for the one new row
    assert BillEvent.objects.filter(key="tracked").count() == 2  # the bill's, and the news
    assert BillEvent.objects.get(key="tracked", bill=None).title == "Save the river"
    with pytest.raises(IntegrityError), transaction.atomic():
        BillEvent.objects.create(
            key="tracked",
            kind="launched",
            title="Twin",
            description="",
            happened_on=dt.date.today(),
        )


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"kind": "status"}, "unknown kind"),
        ({"targets": []}, "no follow keys"),
        ({"targets": ["team:"]}, "no follow keys"),
        ({"targets": ["team:red", "bill:1"]}, "bill_refresh"),
        ({"title": "  "}, "title"),
    ],
)
def test_news_that_names_nothing_to_follow_is_refused(overrides, problem):
    with pytest.raises(InvalidAlertEvent, match=problem):
        _record(**overrides)

    assert not BillEvent.objects.exists()


def test_a_link_is_kept_in_the_sites_default_language():
    with translation.override("es"):
        _record(url="/es/alertas/")

    assert BillEvent.objects.get().url == "/alerts/"


def test_built_in_kinds_cannot_be_registered_again():
    with pytest.raises(ValueError, match="cannot register"):
        hooks.follow_kind_register(
            name="bill", group="", labels=lambda slugs: {}, choices=lambda: []
        )


def test_a_registered_kind_is_followed_and_listed_only_while_it_resolves(client):
    page = client.get("/alerts/")
    assert '<option value="team:blue">The Blue Team</option>' in page.text

    response = client.post(
        "/alerts/", {"follow": "team:green", "email": "ana@example.org", "frequency": "daily"}
    )

    assert response.status_code == 400
    hooks.follow_kind_unregister("team")
    with pytest.raises(alerts.InvalidFollow):
        alerts.follow_target(kind="team", value="red")
