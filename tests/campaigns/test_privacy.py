"""Export and erase a person's data by email; CSV export for delivery."""

import io
import json

import pytest
from django.core.management import call_command

from campaigns import services
from campaigns.models import Consent, Person, Petition, Signature
from campaigns.services import SignatureInput
from core.models import SuppressedAddress, email_hash
from legislation.models import AlertSubscriber
from tests.campaigns.factories import PersonFactory, PetitionFactory, SignatureFactory
from tests.core.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    person = PersonFactory(
        email="ana@example.org", given_name="Ana", family_name="Silva", postal_code="98101"
    )
    org = OrganisationFactory(name="Polaris")
    signature = SignatureFactory(
        person=person, comment="For my sister", show_name=True, region="WA",
        source="newsletter", referrer="https://news.example/", consent_texts={str(org.pk): "Yes"},
    )  # fmt: skip
    Petition.objects.filter(pk=signature.petition_id).update(confirmed_count=1)
    Consent.objects.create(
        person=person, organisation=org, text="Yes", given_at=signature.created_at
    )
    AlertSubscriber.objects.create(email="ana@example.org")
    return person


def test_person_data_export_holds_everything_about_the_address(ana):
    data = services.person_data_export(email=" ANA@example.org ")

    assert data["person"]["family_name"] == "Silva"
    assert data["signatures"][0]["comment"] == "For my sister"
    assert data["signatures"][0]["referrer"] == "https://news.example/"
    assert data["consents"][0]["organisation"] == "Polaris"
    json.dumps(data)


def test_person_data_export_of_an_unknown_address_is_empty():
    data = services.person_data_export(email="nobody@example.org")

    assert data["person"] is None
    assert data["signatures"] == []


def test_person_erase_removes_personal_data_and_keeps_counts(ana):
    petition = Signature.objects.get().petition

    assert services.person_erase(email="ana@example.org") is True

    person = Person.objects.get(pk=ana.pk)
    assert person.email != "ana@example.org"
    assert (person.given_name, person.family_name, person.postal_code) == ("", "", "")
    assert person.erased_at is not None
    signature = Signature.objects.get()
    assert (signature.comment, signature.source, signature.referrer, signature.region) == (
        "", "", "", ""
    )  # fmt: skip
    assert signature.show_name is False
    assert signature.confirmed_at is not None
    petition.refresh_from_db()
    assert petition.confirmed_count == 1
    assert Signature.objects.filter(petition=petition, confirmed_at__isnull=False).count() == 1
    assert Consent.objects.get().text == ""
    assert not AlertSubscriber.objects.filter(email="ana@example.org").exists()
    assert SuppressedAddress.objects.filter(email_hash=email_hash("ana@example.org")).exists()
    assert "ana@example.org" not in json.dumps(services.person_data_export(email=person.email))


def test_an_erased_address_is_never_mailed_again(
    ana, mailoutbox, django_capture_on_commit_callbacks
):
    services.person_erase(email="ana@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        result = services.petition_sign(
            petition=PetitionFactory(),
            data=SignatureInput(email="ana@example.org", given_name="Ana", family_name="S"),
        )

    assert result.outcome == "suppressed"
    assert mailoutbox == []


def test_the_commands_export_and_erase_by_email(ana):
    out = io.StringIO()
    call_command("person_export", "ana@example.org", stdout=out)
    assert json.loads(out.getvalue())["person"]["given_name"] == "Ana"

    call_command("person_erase", "ana@example.org", stdout=io.StringIO())
    assert not Person.objects.filter(email="ana@example.org").exists()


def test_signatures_csv_has_confirmed_rows_guarded_against_formulas():
    petition = PetitionFactory()
    SignatureFactory(
        petition=petition, person__given_name="=HYPERLINK(\"http://x\")", comment="+1 yes",
    )  # fmt: skip
    SignatureFactory(petition=petition, hidden=True, comment="abusive")
    SignatureFactory(petition=petition, confirmed_at=None, person__given_name="Pending")
    out = io.StringIO()

    assert services.signatures_csv(petition=petition, out=out) == 2

    text = out.getvalue()
    assert text.splitlines()[0].startswith("first_name,last_name,email")
    assert "'=HYPERLINK" in text
    assert "'+1 yes" in text
    assert "abusive" not in text
    assert "Pending" not in text


@pytest.mark.parametrize(
    ("event_type", "status", "suppressed"),
    [
        ("complained", Person.EmailStatus.SUPPRESSED, True),
        ("unsubscribed", Person.EmailStatus.SUPPRESSED, True),
        ("bounced", Person.EmailStatus.BOUNCING, False),
        ("delivered", Person.EmailStatus.SUBSCRIBED, False),
    ],
)
def test_the_providers_tracking_events_stop_petition_mail(
    event_type, status, suppressed, mailoutbox, django_capture_on_commit_callbacks
):
    from anymail.signals import AnymailTrackingEvent, tracking

    PersonFactory(email="ana@example.org")
    event = AnymailTrackingEvent(event_type=event_type, recipient="ANA@example.org")
    tracking.send(sender=object, event=event, esp_name="Postmark")

    assert Person.objects.get().email_status == status
    assert SuppressedAddress.objects.exists() is suppressed
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_sign(
            petition=PetitionFactory(),
            data=SignatureInput(email="ana@example.org", given_name="Ana", family_name="S"),
        )
    assert bool(mailoutbox) is (status == Person.EmailStatus.SUBSCRIBED)


def test_an_erased_address_cannot_be_stored_again_through_the_follow_form(ana, client):
    from tests.legislation.factories import jurisdiction

    jurisdiction()  # the reference subjects
    services.person_erase(email="ana@example.org")

    response = client.post(
        "/alerts/",
        {"follow": "subject:prison-labor", "email": "ana@example.org", "frequency": "weekly"},
    )

    assert response.status_code == 302
    assert not AlertSubscriber.objects.filter(email="ana@example.org").exists()


def test_the_export_names_each_follow_with_its_frequency(ana):
    from legislation.models import AlertSubscription

    AlertSubscription.objects.create(
        subscriber=AlertSubscriber.objects.get(email="ana@example.org"),
        target="organisation:polaris",
        frequency="weekly",
    )

    [follow] = services.person_data_export(email="ana@example.org")["alerts"]

    assert (follow["follows"], follow["frequency"], follow["confirmed"]) == (
        "organisation:polaris", "weekly", False
    )  # fmt: skip


@pytest.fixture
def advocate():
    """Someone who wrote, pledged postcards, answered an event and wrote to an official."""
    from datetime import timedelta

    from django.utils import timezone

    from campaigns.models import RSVP, Event, EventAction, PostcardAction, PostcardPledge
    from representatives.models import Delivery, Official
    from tests.campaigns.factories import CampaignFactory, OutreachFactory

    person = PersonFactory(email="bo@example.org", given_name="Bo", family_name="Lee")
    OutreachFactory(person=person, body="My own words to Amazon.", source="newsletter")
    campaign = CampaignFactory()
    drive = PostcardAction.objects.create(
        campaign=campaign, title="Postcards", slug="postcards-x", ask="Mail them.", message="Hi"
    )
    PostcardPledge.objects.create(action=drive, person=person, count=5, source="flyer")
    rally = EventAction.objects.create(
        campaign=campaign, title="Rallies", slug="rallies-x", ask="Come along."
    )
    host = PersonFactory(email="host@example.org")
    event = Event.objects.create(
        action=rally, person=host, title="Vigil", slug="vigil-x", description="A vigil.",
        starts_at=timezone.now() + timedelta(days=3), venue="Park", city="Seattle",
        status=Event.Status.APPROVED,
    )  # fmt: skip
    RSVP.objects.create(event=event, person=person, referrer="https://friend.example/")
    official = Official.objects.create(name="Rita Rep")
    Delivery.objects.create(
        action_key="letter:x", official=official, sender_email="bo@example.org",
        sender_name="Bo Lee", sender_address="1 Main St\nSeattle, WA 98101",
        subject="Please act", body="My words to Rita.", channel=Delivery.Channel.EMAIL,
        status=Delivery.Status.QUEUED, recipient_email="rita@leg.example",
    )  # fmt: skip
    return person


def test_the_export_holds_letters_pledges_rsvps_and_messages_to_officials(advocate):
    data = services.person_data_export(email="bo@example.org")

    assert data["outreaches"][0]["text"] == "My own words to Amazon."
    assert data["postcard_pledges"][0]["pledged"] == 5
    assert data["rsvps"][0]["event"] == "Vigil"
    assert data["events_hosted"] == []
    [message] = data["messages_to_officials"]
    assert (message["official"], message["body"]) == ("Rita Rep", "My words to Rita.")
    json.dumps(data)  # the export is JSON as it stands


def test_erasing_removes_their_words_everywhere_and_stops_unsent_letters(advocate):
    from campaigns.models import RSVP, Outreach, PostcardPledge
    from representatives.models import Delivery

    assert services.person_erase(email="bo@example.org")

    outreach = Outreach.objects.get()
    assert (outreach.body, outreach.subject, outreach.source) == ("", "", "")
    assert outreach.status == Outreach.Status.SENT  # the figures stay
    assert PostcardPledge.objects.get().source == ""
    assert PostcardPledge.objects.get().count == 5
    assert RSVP.objects.get().referrer == ""
    delivery = Delivery.objects.get()
    assert "bo@example.org" not in (delivery.sender_email, delivery.body)
    assert (delivery.sender_name, delivery.sender_address, delivery.body) == ("", "", "")
    assert delivery.status == Delivery.Status.FAILED
    assert services.person_data_export(email="bo@example.org")["messages_to_officials"] == []


def test_erasing_an_address_that_only_wrote_to_officials_says_something_was_held(db):
    from representatives.models import Delivery, Official

    Delivery.objects.create(
        action_key="letter:y", official=Official.objects.create(name="Sam Sen"),
        sender_email="cy@example.org", sender_name="Cy", sender_address="x", subject="s",
        body="b", channel=Delivery.Channel.HANDOFF, status=Delivery.Status.HANDED_OFF,
    )  # fmt: skip

    assert services.person_erase(email="cy@example.org") is True
    assert Delivery.objects.get().status == Delivery.Status.HANDED_OFF
