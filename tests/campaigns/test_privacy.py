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
