"""Communicating with Congress (CWC): the House's and Senate's channel for constituent mail.

A delivery agent posts one XML message per constituent and office. Sending needs an API
key per chamber, issued to a registered delivery agent, and a server address the chamber
has allowed; without them this channel is off and deliveries to Congress are handed to
the advocate instead.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from lxml import etree

from representatives.models import Delivery, Office, Term

SCHEMA = Path(__file__).with_name("cwc_message_2_0.rng")
VERSION = "2.0"
CHAMBERS = {Office.Level.US_HOUSE: "house", Office.Level.US_SENATE: "senate"}
# The Library of Congress policy areas CWC accepts as topics.
TOPICS = (
    "Agriculture and Food", "Animals", "Armed Forces and National Security",
    "Arts, Culture, Religion", "Civil Rights and Liberties, Minority Issues", "Commerce",
    "Congress", "Crime and Law Enforcement", "Economics and Public Finance", "Education",
    "Emergency Management", "Energy", "Environmental Protection", "Families",
    "Finance and Financial Sector", "Foreign Trade and International Finance",
    "Government Operations and Politics", "Health", "Housing and Community Development",
    "Immigration", "International Affairs", "Labor and Employment", "Law",
    "Native Americans", "Public Lands and Natural Resources",
    "Science, Technology, Communications", "Social Sciences and History", "Social Welfare",
    "Sports and Recreation", "Taxation", "Transportation and Public Works",
    "Water Resources Development",
)  # fmt: skip
# Our bill types (congress.gov's) as CWC abbreviates them. H.Con.Res has no final dot.
BILL_TYPES = {
    "hr": "H.R.", "hres": "H.Res.", "hjres": "H.J.Res.", "hconres": "H.Con.Res",
    "s": "S.", "sres": "S.Res.", "sjres": "S.J.Res.", "sconres": "S.Con.Res.",
}  # fmt: skip
PREFIXES = ("Mr.", "Mrs.", "Miss", "Ms.", "Dr.")
DEFAULT_TOPIC = "Crime and Law Enforcement"
_CD = re.compile(r"/cd:(\d+|at-large)$")
_PHONE = re.compile(r"\D")


class CwcInvalid(ValueError):
    """A message the CWC grammar rejects; it would be refused, so it is not sent."""


@dataclass(frozen=True)
class CwcConfig:
    """A chamber's endpoint and key, and the delivery agent's registered details."""

    url: str
    api_key: str
    agent: str
    ack_email: str
    contact_name: str
    contact_email: str
    contact_phone: str


def cwc_config(chamber: str) -> CwcConfig | None:
    """Return the chamber's CWC settings, or None when sending to it is switched off."""
    config = CwcConfig(
        url=settings.CWC[f"{chamber.upper()}_URL"],
        api_key=settings.CWC[f"{chamber.upper()}_API_KEY"],
        agent=settings.CWC["DELIVERY_AGENT"],
        ack_email=settings.CWC["ACK_EMAIL"],
        contact_name=settings.CWC["CONTACT_NAME"],
        contact_email=settings.CWC["CONTACT_EMAIL"],
        contact_phone=settings.CWC["CONTACT_PHONE"],
    )
    return config if all(vars(config).values()) else None


def congress_term(official_id: int) -> Term | None:
    """Return the official's current term in the House or Senate, if they have one."""
    return (
        Term.objects.current()
        .filter(official_id=official_id, office__level__in=list(CHAMBERS))
        .select_related("office__division")
        .first()
    )


def member_office(term: Term) -> str:
    """Return the CWC office code: HWA07 for a House seat, SWA01 for a class I senator."""
    state = term.office.division.state
    if term.office.level == Office.Level.US_SENATE:
        if term.senate_class is None:
            raise CwcInvalid(f"{term.official} has no Senate class on record")
        return f"S{state}0{term.senate_class}"
    match = _CD.search(term.office.division.ocd_id)
    if not match:
        raise CwcInvalid(f"{term.office.division.ocd_id} is not a congressional district")
    district = 0 if match.group(1) == "at-large" else int(match.group(1))
    return f"H{state}{district:02d}"


def delivery_id(delivery: Delivery) -> str:
    """Return the delivery's CWC id: 32 letters and digits, the same on every attempt.

    The Senate refuses a second message with the same id, which makes a retry safe.
    """
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"cwc-delivery:{delivery.pk}".encode(), hashlib.sha256).hexdigest()[:32]


def campaign_id(action_key: str) -> str:
    """Return the id that groups every message of one action, as CWC asks."""
    return hashlib.sha256(action_key.encode()).hexdigest()


def _phone(value: str) -> str:
    digits = _PHONE.sub("", value)[-10:]
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}" if len(digits) == 10 else ""


def _add(parent: etree._Element, tag: str, text: str | int | None = None) -> etree._Element:
    child = etree.SubElement(parent, tag)
    if text is not None:
        child.text = str(text)
    return child


def message_build(
    *, delivery: Delivery, term: Term, config: CwcConfig, today: date | None = None
) -> bytes:
    """Return the CWC XML message for one delivery to one member of Congress."""
    today = today or timezone.localdate()
    root = etree.Element("CWC")
    _add(root, "CWCVersion", VERSION)

    part = _add(root, "Delivery")
    _add(part, "DeliveryId", delivery_id(delivery))
    _add(part, "DeliveryDate", today.strftime("%Y%m%d"))
    _add(part, "DeliveryAgent", config.agent)
    _add(part, "DeliveryAgentAckEmailAddress", config.ack_email)
    contact = _add(part, "DeliveryAgentContact")
    _add(contact, "DeliveryAgentContactName", config.contact_name)
    _add(contact, "DeliveryAgentContactEmail", config.contact_email)
    _add(contact, "DeliveryAgentContactPhone", _phone(config.contact_phone))
    if delivery.organisation_name:
        _add(part, "Organization", delivery.organisation_name)
    _add(part, "CampaignId", campaign_id(delivery.action_key))

    part = _add(root, "Recipient")
    _add(part, "MemberOffice", member_office(term))
    _add(part, "IsResponseRequested", "Y")
    _add(part, "NewsletterOptIn", "N")

    part = _add(root, "Constituent")
    _add(part, "Prefix", delivery.sender_prefix)
    _add(part, "FirstName", delivery.sender_first_name)
    _add(part, "LastName", delivery.sender_last_name)
    _add(part, "Address1", delivery.sender_street)
    _add(part, "City", delivery.sender_city)
    _add(part, "StateAbbreviation", delivery.sender_state)
    _add(part, "Zip", delivery.sender_zip)
    _add(part, "Email", delivery.sender_email)

    part = _add(root, "Message")
    _add(part, "Subject", delivery.subject)
    topics = _add(part, "LibraryOfCongressTopics")
    for topic in [t for t in delivery.topics if t in TOPICS] or [DEFAULT_TOPIC]:
        _add(topics, "LibraryOfCongressTopic", topic)
    bills = [b for b in delivery.bills if str(b.get("type", "")).lower() in BILL_TYPES]
    if bills:
        element = _add(part, "Bills")
        for bill in bills:
            entry = _add(element, "Bill")
            _add(entry, "BillCongress", bill["congress"])
            _add(entry, "BillTypeAbbreviation", BILL_TYPES[str(bill["type"]).lower()])
            _add(entry, "BillNumber", bill["number"])
    if delivery.position:
        _add(part, "ProOrCon", "Pro" if delivery.position == "support" else "Con")
    if delivery.organisation_statement:
        _add(part, "OrganizationStatement", delivery.organisation_statement)
    if delivery.body:
        _add(part, "ConstituentMessage", delivery.body)
    if delivery.more_info_url:
        _add(part, "MoreInfo", delivery.more_info_url)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    message_validate(xml)
    return xml


@cache
def _grammar() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def message_validate(xml: bytes) -> None:
    """Raise CwcInvalid, naming every problem, if the message breaks the CWC grammar."""
    grammar = _grammar()
    if not grammar.validate(etree.fromstring(xml)):
        problems = "; ".join(f"line {e.line}: {e.message}" for e in grammar.error_log)
        raise CwcInvalid(problems)
