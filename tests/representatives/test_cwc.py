"""Communicating with Congress: the XML message, its grammar, and the channel that posts it."""

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from lxml import etree

from representatives import cwc, services
from representatives.exceptions import TransientDeliveryError
from representatives.models import Delivery, Official, Term
from tests.loopback import LoopbackService, loopback_service

pytestmark = pytest.mark.django_db

FULL_MESSAGE = Path(__file__).parent / "fixtures" / "cwc" / "full_message.xml"

CONSTITUENT = {
    "action_key": "letter:safe-harbor",
    "sender_name": "Ana Advocate",
    "sender_email": "ana@example.org",
    "sender_address": "",
    "sender_prefix": "Ms.",
    "sender_first_name": "Ana",
    "sender_last_name": "Advocate",
    "sender_street": "12 Pine St",
    "sender_city": "Seattle",
    "sender_state": "wa",
    "sender_zip": "98101",
    "subject": "Protect children who were trafficked",
    "body": "As a teacher in your district, I ask you to support this.",
    "organisation_name": "Freedom Example Network",
    "organisation_statement": "Safe-harbor laws treat trafficked children as victims.",
    "position": "support",
    "topics": ["Crime and Law Enforcement", "Not a topic"],
    "bills": [{"congress": 115, "type": "s", "number": 1693}],
    "more_info_url": "https://hub.example.org/campaigns/safe-harbor/",
}


@pytest.fixture
def congress_office() -> Iterator[LoopbackService]:
    with loopback_service("/v2/message") as office:
        yield office


@pytest.fixture
def cwc_on(settings, congress_office):
    settings.CWC = {
        "HOUSE_URL": congress_office.url,
        "HOUSE_API_KEY": "house-key",
        "SENATE_URL": congress_office.url,
        "SENATE_API_KEY": "senate key&x",
        "DELIVERY_AGENT": "Advocacy Hub",
        "ACK_EMAIL": "cwc@hub.example.org",
        "CONTACT_NAME": "Dana Operator",
        "CONTACT_EMAIL": "operator@hub.example.org",
        "CONTACT_PHONE": "(206) 555-0100",
    }
    return congress_office


def _xml(delivery: Delivery, *, today=date(2026, 11, 24)) -> etree._Element:
    term = cwc.congress_term(delivery.official_id)
    config = cwc.cwc_config(cwc.CHAMBERS[term.office.level])
    return etree.fromstring(
        cwc.message_build(delivery=delivery, term=term, config=config, today=today)
    )


def _create(official, capture, *, send: bool = True, **overrides) -> Delivery:
    """Record a delivery; with send, run its queued task as a worker would."""
    with capture(execute=send):
        delivery = services.delivery_create(official_id=official.pk, **(CONSTITUENT | overrides))
    delivery.refresh_from_db()
    return delivery


def test_the_grammar_accepts_a_message_with_every_documented_element():
    cwc.message_validate(FULL_MESSAGE.read_bytes())


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda x: x.replace(b"<Prefix>Ms.</Prefix>", b""), "expect element FirstName"),
        (
            lambda x: re.sub(
                rb"<OrganizationStatement>.*</ConstituentMessage>", b"", x, flags=re.S
            ),
            None,
        ),
        (lambda x: x.replace(b"Families", b"Not in the list"), "LibraryOfCongressTopic"),
        (lambda x: x.replace(b"A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6", b"short-id"), "DeliveryId"),
        (lambda x: x.replace(b"98101-1234", b"9810"), "Zip"),
        (lambda x: x.replace(b"<ProOrCon>pro</ProOrCon>", b"<ProOrCon>maybe</ProOrCon>"), None),
        (lambda x: x.replace(b"HWA07", b"WA-7"), "MemberOffice"),
        (lambda x: x.replace(b"</Message>", b"</Message><Extra>no</Extra>"), None),
    ],
)
def test_the_grammar_rejects_a_message_missing_or_misfilling_a_required_field(change, complaint):
    with pytest.raises(cwc.CwcInvalid, match=complaint):
        cwc.message_validate(change(FULL_MESSAGE.read_bytes()))


def test_a_house_message_carries_the_constituent_apart_from_the_organisation(
    imported, cwc_on, django_capture_on_commit_callbacks
):
    member = Official.objects.get(bioguide_id="R000007")
    delivery = _create(member, django_capture_on_commit_callbacks, send=False)

    xml = _xml(delivery)

    def text(path: str) -> str:
        return xml.findtext(path)

    assert text("CWCVersion") == "2.0"
    assert re.fullmatch(r"[a-zA-Z0-9]{32}", text("Delivery/DeliveryId"))
    assert text("Delivery/DeliveryId") == etree.fromstring(
        cwc.message_build(
            delivery=delivery,
            term=cwc.congress_term(member.pk),
            config=cwc.cwc_config("house"),
        )
    ).findtext("Delivery/DeliveryId"), "every attempt carries the same delivery id"
    assert text("Delivery/DeliveryDate") == "20261124"
    assert text("Delivery/DeliveryAgentContact/DeliveryAgentContactPhone") == "206-555-0100"
    assert text("Delivery/Organization") == "Freedom Example Network"
    assert text("Recipient/MemberOffice") == "HWA07"
    assert [text(f"Constituent/{f}") for f in ("Prefix", "FirstName", "LastName")] == [
        "Ms.", "Ana", "Advocate",
    ]  # fmt: skip
    assert [text(f"Constituent/{f}") for f in ("Address1", "City", "StateAbbreviation", "Zip")] == [
        "12 Pine St", "Seattle", "WA", "98101",
    ]  # fmt: skip
    assert text("Constituent/Email") == "ana@example.org"
    assert [t.text for t in xml.iterfind("Message/LibraryOfCongressTopics/*")] == [
        "Crime and Law Enforcement"
    ]
    assert [text(f"Message/Bills/Bill/{f}") for f in ("BillCongress", "BillTypeAbbreviation")] == [
        "115", "S.",
    ]  # fmt: skip
    assert text("Message/ProOrCon") == "Pro"
    assert text("Message/OrganizationStatement") == CONSTITUENT["organisation_statement"]
    assert text("Message/ConstituentMessage") == CONSTITUENT["body"]
    assert "Safe-harbor" not in text("Message/ConstituentMessage")


@pytest.mark.parametrize(
    ("bioguide", "office"),
    [("S000001", "SWA01"), ("S000002", "SWA03"), ("R000100", "HAK00"), ("D000001", "HDC00")],
)
def test_member_office_codes_follow_the_chamber_state_and_seat(imported, bioguide, office):
    official = Official.objects.get(bioguide_id=bioguide)

    assert cwc.member_office(cwc.congress_term(official.pk)) == office


def test_a_senator_without_a_class_on_record_is_refused_not_guessed(imported):
    senator = Official.objects.get(bioguide_id="S000001")
    Term.objects.filter(official=senator).update(senate_class=None)

    with pytest.raises(cwc.CwcInvalid, match="Senate class"):
        cwc.member_office(cwc.congress_term(senator.pk))


def test_cwc_delivery_is_posted_once_and_recorded_with_its_delivery_id(
    imported, cwc_on, django_capture_on_commit_callbacks
):
    senator = Official.objects.get(bioguide_id="S000001")

    delivery = _create(senator, django_capture_on_commit_callbacks)
    services.delivery_send(delivery_id=delivery.pk)  # a duplicated task posts nothing more

    assert delivery.channel == Delivery.Channel.CWC
    assert delivery.status == Delivery.Status.SENT
    assert len(cwc_on.requests) == 1
    request = cwc_on.requests[0]
    assert request["content_type"] == "application/xml"
    assert parse_qs(urlsplit(request["path"]).query) == {"apikey": ["senate key&x"]}
    cwc.message_validate(request["body"])
    assert delivery.esp_message_id == etree.fromstring(request["body"]).findtext(
        "Delivery/DeliveryId"
    )
    assert mail.outbox == []


def test_a_duplicate_answer_counts_as_delivered(
    imported, cwc_on, django_capture_on_commit_callbacks
):
    cwc_on.answer(409, b"duplicate DeliveryId")

    delivery = _create(
        Official.objects.get(bioguide_id="S000001"), django_capture_on_commit_callbacks
    )

    assert delivery.status == Delivery.Status.SENT


def test_a_refused_message_is_recorded_and_not_retried(
    imported, cwc_on, django_capture_on_commit_callbacks
):
    cwc_on.answer(400, b"<Errors><Error>Invalid MemberOffice</Error></Errors>")

    delivery = _create(
        Official.objects.get(bioguide_id="R000007"), django_capture_on_commit_callbacks
    )

    assert delivery.status == Delivery.Status.FAILED
    assert "Invalid MemberOffice" in delivery.last_error
    assert len(cwc_on.requests) == 1


def test_a_chamber_that_is_down_gets_the_delivery_retried(
    imported, cwc_on, django_capture_on_commit_callbacks
):
    cwc_on.answer(503, b"maintenance")
    delivery = _create(
        Official.objects.get(bioguide_id="R000007"), django_capture_on_commit_callbacks, send=False
    )

    with pytest.raises(TransientDeliveryError):
        services.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.QUEUED
    assert "503" in delivery.last_error

    services.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2


def test_without_credentials_congress_is_handed_off_and_says_why(
    imported, settings, django_capture_on_commit_callbacks
):
    assert cwc.cwc_config("senate") is None

    delivery = _create(
        Official.objects.get(bioguide_id="S000001"), django_capture_on_commit_callbacks
    )

    assert delivery.channel == Delivery.Channel.HANDOFF
    assert delivery.status == Delivery.Status.HANDED_OFF


def test_a_cwc_delivery_after_the_keys_are_removed_fails_saying_so(
    imported, cwc_on, settings, django_capture_on_commit_callbacks
):
    delivery = _create(
        Official.objects.get(bioguide_id="S000001"), django_capture_on_commit_callbacks, send=False
    )
    settings.CWC = settings.CWC | {"SENATE_API_KEY": ""}

    services.delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "switched off" in delivery.last_error


def test_an_advocate_without_a_full_address_is_handed_off(
    imported, cwc_on, django_capture_on_commit_callbacks
):
    delivery = _create(
        Official.objects.get(bioguide_id="S000001"),
        django_capture_on_commit_callbacks,
        sender_prefix="",
    )

    assert delivery.channel == Delivery.Channel.HANDOFF
    assert cwc_on.requests == []


def test_an_official_who_left_office_before_sending_is_marked_and_nothing_crashes(
    imported, cwc_on, django_capture_on_commit_callbacks
):
    member = Official.objects.get(bioguide_id="R000007")
    delivery = _create(member, django_capture_on_commit_callbacks, send=False)
    Term.objects.filter(official=member).update(is_current=False)

    services.delivery_send(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "left office" in delivery.last_error
    assert cwc_on.requests == []
