"""Letters: an organisation's prepared letter, personalised, and sent to each target.

A letter to an official travels as a representatives Delivery (email where the office
takes it, Communicating with Congress when configured, otherwise handed to the
advocate), and its Outreach row mirrors the delivery's status. A letter to a company
with a public address is emailed by this app, or handed to the advocate to send from
their own mail. One Outreach per (action, person, target): a second send returns the
first and sends nothing new, and a retried send never mails twice.
"""

import csv
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import formataddr
from typing import IO
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from campaigns.exceptions import ActionClosed, InvalidLetterToken, LetterInvalid
from campaigns.models import Action, LetterAction, Outreach, Person
from campaigns.placeholders import Advocate, placeholder_values, placeholders_fill
from campaigns.services import (
    SignatureInput,
    _csv_safe,
    _insert_unless_exists,
    participation_consents_url,
)
from campaigns.services import _person_get_or_create as person_get_or_create
from campaigns.targeting import ResolvedTarget, target_in_office
from core import selectors as core_selectors
from core.emails import email_build, error_describe, send_error_is_transient
from core.models import Organisation, email_hash
from representatives import services as representatives_services

logger = logging.getLogger(__name__)

RECEIPT_SALT = "campaigns.letter.receipt"
RECEIPT_MAX_AGE = timedelta(days=60)
SUBJECT_MAX_LENGTH = 200
# A representatives Delivery's status, as the outreach that mirrors it shows it.
DELIVERY_STATUS = {
    "queued": Outreach.Status.QUEUED,
    "sending": Outreach.Status.QUEUED,
    "sent": Outreach.Status.SENT,
    "delivered": Outreach.Status.DELIVERED,
    "bounced": Outreach.Status.BOUNCED,
    "complained": Outreach.Status.BOUNCED,
    "handed_off": Outreach.Status.HANDED_OFF,
    "failed": Outreach.Status.FAILED,
}


def delivery_outreach_status(delivery: Model, default: str = Outreach.Status.QUEUED) -> str:
    """A delivery's status as the outreach mirroring it shows it (left office included)."""
    if representatives_services.delivery_left_office(delivery):
        return Outreach.Status.LEFT_OFFICE
    return DELIVERY_STATUS.get(delivery.status, default)


# ------------------------------------------------------------------------------
# Drafting
# ------------------------------------------------------------------------------
def letter_subject_index(*, action_id: int, email: str, target_id: int, count: int) -> int:
    """Pick a subject line for one advocate and target; the same pick every time."""
    if count <= 1:
        return 0
    key = f"{action_id}:{email.strip().lower()}:{target_id}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % count


def _one_line(text: str) -> str:
    return " ".join(text.split())[:SUBJECT_MAX_LENGTH]


def personal_insert(body: str, personal: str) -> str:
    """Put the advocate's own words into the letter, before its closing paragraph."""
    personal = personal.strip()
    if not personal:
        return body
    paragraphs = body.rstrip().split("\n\n")
    if len(paragraphs) < 2:
        return f"{body.rstrip()}\n\n{personal}"
    return "\n\n".join([*paragraphs[:-1], personal, paragraphs[-1]])


def normalised(text: str) -> str:
    """The text with all runs of white space as one space, for comparing letters."""
    return " ".join(text.split())


@dataclass(frozen=True)
class LetterDraft:
    """One letter to one target, as shown to the advocate and as they may edit it."""

    target_id: int
    subject: str
    body: str
    own_mail: bool = False


def letter_draft(
    *, action: LetterAction, target: ResolvedTarget, advocate: Advocate, personal: str = ""
) -> LetterDraft:
    """Return the prepared letter for one target, filled in for the advocate."""
    values = placeholder_values(target=target, advocate=advocate, action=action)
    lines = action.subject_lines or [action.title]
    index = letter_subject_index(
        action_id=action.pk, email=advocate.email, target_id=target.target.pk, count=len(lines)
    )
    body = placeholders_fill(action.body, values).strip()
    return LetterDraft(
        target_id=target.target.pk,
        subject=_one_line(placeholders_fill(lines[index], values)),
        body=personal_insert(body, personal),
    )


def letter_check(*, action: LetterAction, body: str, personal: str = "") -> list[str]:
    """Return what is wrong with one letter as the advocate would send it, if anything."""
    errors = []
    if not body.strip():
        errors.append(_("Write the letter, or leave the prepared text in place."))
    if len(body) > action.max_length:
        errors.append(
            _("Shorten the letter to %(max)s characters; it has %(count)s.")
            % {"max": action.max_length, "count": len(body)}
        )
    if action.personal_min_length and (
        len(personal.strip()) < action.personal_min_length
        or normalised(personal) not in normalised(body)
    ):
        errors.append(_("Keep your own words in the letter: this action asks for them."))
    return errors


# ------------------------------------------------------------------------------
# Routing and sending
# ------------------------------------------------------------------------------
def target_has_channel(target: ResolvedTarget) -> bool:
    """Whether there is any way at all to reach the target."""
    return bool(target.emails or target.contact_forms or target.phones or target.mail_addresses)


def _emailed_today(target_id: int) -> int:
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Outreach.objects.filter(
        target_id=target_id,
        created_at__gte=midnight,
        channel__in=[Outreach.Channel.EMAIL, Outreach.Channel.CWC],
    ).count()


def _route(target: ResolvedTarget, *, own_mail: bool) -> tuple[str, str]:
    """Return (channel, status) for a new letter to the target."""
    over_limit = _emailed_today(target.target.pk) >= settings.LETTER_MAX_PER_TARGET_PER_DAY
    if target.official_id is not None:
        if not target.in_office or not target_in_office(target_id=target.target.pk):
            return Outreach.Channel.HANDOFF, Outreach.Status.LEFT_OFFICE
        if over_limit:
            # Past the day's limit the office would see a flood: the advocate sends it.
            return Outreach.Channel.HANDOFF, Outreach.Status.HANDED_OFF
        # Its channel is the delivery's, settled below by the representatives service.
        return Outreach.Channel.EMAIL, Outreach.Status.QUEUED
    # Some companies answer only mail from a person's own address.
    own_mail = own_mail or target.target.prefers_own_mail
    if target.emails and not own_mail and not over_limit:
        return Outreach.Channel.EMAIL, Outreach.Status.QUEUED
    if target.emails:
        return Outreach.Channel.OWN_MAIL, Outreach.Status.HANDED_OFF
    return Outreach.Channel.HANDOFF, Outreach.Status.HANDED_OFF


@dataclass(frozen=True)
class LetterInput:
    """What the advocate typed and sends, validated by the form."""

    advocate: Advocate
    drafts: list[LetterDraft]
    personal: str = ""
    prefix: str = ""
    # Organisation id -> the exact sentence shown beside the box the advocate ticked.
    consent_texts: dict[int, str] | None = None
    source: str = ""
    referrer: str = ""
    landing_url: str = ""
    language: str = settings.LANGUAGE_CODE


@dataclass(frozen=True)
class LetterResult:
    person: Person
    outreaches: list[Outreach]
    # False when every letter had been sent before: nothing new left.
    created: bool
    # Names of targets with no channel at all: no letter was recorded for them.
    unreachable: list[str] = field(default_factory=list)


def _action_key(action: Action) -> str:
    return f"campaigns.action.{action.pk}"


def letter_send(
    *, action: LetterAction, data: LetterInput, targets: list[ResolvedTarget]
) -> LetterResult:
    """Record one letter per target and send or hand off each; mail one receipt.

    Raises ActionClosed when the action takes no letters, and LetterInvalid when a
    letter breaks the action's rules (the form checks them first).
    """
    if not action.is_open():
        raise ActionClosed(action.slug)
    by_id = {target.target.pk: target for target in targets}
    advocate = data.advocate
    email = advocate.email.strip().lower()
    for draft in data.drafts:
        problems = letter_check(action=action, body=draft.body, personal=data.personal)
        if "\r" in draft.subject or "\n" in draft.subject:
            problems.append(_("Write the subject on one line."))
        if problems:
            raise LetterInvalid(draft.target_id, problems[0])
    person_data = SignatureInput(
        email=email,
        given_name=advocate.given_name,
        family_name=advocate.family_name,
        postal_code=advocate.zip_code,
        language=data.language,
    )
    outreaches: list[Outreach] = []
    unreachable: list[str] = []
    created = False
    with transaction.atomic():
        person, _new = person_get_or_create(email=email, data=person_data)
        # Locking the person serialises their sends, so two at once count them once.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        first_time = not Outreach.objects.filter(action=action, person=person).exists()
        for draft in data.drafts:
            target = by_id.get(draft.target_id)
            if target is None:
                continue  # not one of this advocate's targets: a forged or stale field
            if not target_has_channel(target):
                unreachable.append(target.name)
                continue
            outreach, new = _outreach_record(action, person, target, draft, data)
            outreaches.append(outreach)
            created = created or new
        if created and first_time:
            Action.objects.filter(pk=action.pk).update(participants=F("participants") + 1)
        if created:
            transaction.on_commit(lambda: letter_dispatch_queue(action.pk, person.pk))
    return LetterResult(person, outreaches, created, unreachable)


def _outreach_record(
    action: LetterAction,
    person: Person,
    target: ResolvedTarget,
    draft: LetterDraft,
    data: LetterInput,
) -> tuple[Outreach, bool]:
    channel, status = _route(target, own_mail=draft.own_mail)
    now = timezone.now()
    outreach = Outreach(
        action=action,
        person=person,
        target=target.target,
        channel=channel,
        status=status,
        subject=_one_line(draft.subject),
        body=draft.body,
        consent_texts={str(k): v for k, v in (data.consent_texts or {}).items()},
        source=data.source[:100],
        referrer=data.referrer[:500],
        landing_url=data.landing_url[:500],
        handed_off_at=now if status == Outreach.Status.HANDED_OFF else None,
        failed_at=now if status == Outreach.Status.LEFT_OFFICE else None,
    )
    if not _insert_unless_exists(outreach, unique=("action", "person", "target")):
        return Outreach.objects.get(action=action, person=person, target=target.target), False
    if target.official_id is not None and status == Outreach.Status.QUEUED:
        _delivery_attach(outreach, action, target, data)
    return outreach, True


def _delivery_attach(
    outreach: Outreach, action: LetterAction, target: ResolvedTarget, data: LetterInput
) -> None:
    """Hand the letter to the representatives delivery service and mirror its answer."""
    advocate = data.advocate
    organisation = action.campaign.organisations.order_by("pk").first()
    delivery = representatives_services.delivery_create(
        official_id=target.official_id,
        action_key=_action_key(action),
        sender_name=advocate.full_name,
        sender_email=outreach.person.email,
        sender_address="",
        subject=outreach.subject,
        body=outreach.body,
        sender_prefix=data.prefix,
        sender_first_name=advocate.given_name,
        sender_last_name=advocate.family_name,
        sender_street=advocate.street,
        sender_city=advocate.city,
        sender_state=advocate.state,
        sender_zip=advocate.zip_code,
        organisation_name=organisation.name if organisation else "",
        position=action.position,
        more_info_url=settings.SITE_URL + action.get_absolute_url(),
    )
    outreach.delivery = delivery
    outreach.channel = delivery.channel
    outreach.status = delivery_outreach_status(delivery)
    if outreach.status == Outreach.Status.HANDED_OFF:
        outreach.handed_off_at = timezone.now()
    Outreach.objects.filter(pk=outreach.pk).update(
        delivery=delivery,
        channel=outreach.channel,
        status=outreach.status,
        handed_off_at=outreach.handed_off_at,
    )


def letter_dispatch_queue(action_id: int, person_id: int, *, swept: bool = False) -> bool:
    """Queue the dispatch of a person's letters; say whether the broker took it.

    The letters are saved already: a broker that is down must not turn the advocate's
    page into an error, and letters_sweep queues the dispatch again later.
    """
    from campaigns.tasks import letter_dispatch as letter_dispatch_task

    try:
        letter_dispatch_task.delay(action_id, person_id, swept=swept)
    except (BrokerError, OSError):
        logger.exception("Letter dispatch not queued: action %s, person %s", action_id, person_id)
        return False
    return True


def _company_letters(action_id: int, person_id: int) -> QuerySet[Outreach]:
    return Outreach.objects.filter(
        action_id=action_id,
        person_id=person_id,
        channel=Outreach.Channel.EMAIL,
        delivery__isnull=True,
        target__official__isnull=True,
    )


def letter_dispatch(
    *, action_id: int, person_id: int, final_attempt: bool = False, repeat: bool = False
) -> None:
    """Send the person's queued company letters for an action, then mail their receipt.

    A transient send error is raised for a retry before the receipt goes, so the
    receipt reports what happened; the letters already sent are not sent again. A
    repeat (a retry, or a dispatch the sweeper queued again) mails the receipt only if
    it found letters to send: otherwise the run that sent them mailed it.
    """
    queued = list(
        _company_letters(action_id, person_id)
        .filter(status=Outreach.Status.QUEUED)
        .values_list("pk", flat=True)
    )
    for outreach_id in queued:
        letter_email_send(outreach_id=outreach_id, final_attempt=final_attempt)
    if queued or not repeat:
        letter_receipt_send(action_id=action_id, person_id=person_id)


# A company letter still queued this long after it was written lost its dispatch task.
# One a send already tried (it has an error) is waiting for a retry, and the retries
# of letter_dispatch end within half an hour: it is taken only once they are over.
SWEEP_UNTRIED_AFTER = timedelta(minutes=5)
SWEEP_TRIED_AFTER = timedelta(minutes=30)


def letters_sweep(*, now: datetime | None = None) -> int:
    """Queue again the dispatch of company letters a lost task left queued; return how many."""
    now = now or timezone.now()
    pairs = (
        Outreach.objects.filter(
            channel=Outreach.Channel.EMAIL,
            status=Outreach.Status.QUEUED,
            delivery__isnull=True,
            target__official__isnull=True,
        )
        .filter(
            Q(last_error="", created_at__lt=now - SWEEP_UNTRIED_AFTER)
            | Q(created_at__lt=now - SWEEP_TRIED_AFTER)
        )
        .values_list("action_id", "person_id")
        .distinct()
        .order_by()
    )
    return sum(
        letter_dispatch_queue(action_id, person_id, swept=True) for action_id, person_id in pairs
    )


def _sign_off(outreach: Outreach) -> str:
    person = outreach.person
    name = f"{person.given_name} {person.family_name}".strip()
    return f"\n\n--\n{name}\n{person.postal_code}\n{person.email}\n"


def letter_email_send(*, outreach_id: int, final_attempt: bool = False) -> bool:
    """Email one company letter once; a second call, or a retried task, sends nothing.

    Raises the send error when it is transient and a retry may work.
    """
    # Claiming the row (queued -> sent) is the lock: only one caller gets to send it.
    claimed = Outreach.objects.filter(
        pk=outreach_id, status=Outreach.Status.QUEUED, channel=Outreach.Channel.EMAIL
    ).update(status=Outreach.Status.SENT, sent_at=timezone.now())
    if not claimed:
        return False
    outreach = Outreach.objects.select_related("person", "target").get(pk=outreach_id)
    person = outreach.person
    message = EmailMessage(
        subject=outreach.subject,
        body=outreach.body + _sign_off(outreach),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[outreach.target.email],
        reply_to=[formataddr((f"{person.given_name} {person.family_name}".strip(), person.email))],
    )
    try:
        message.send()
    except Exception as exc:
        transient = send_error_is_transient(exc) and not final_attempt
        Outreach.objects.filter(pk=outreach_id).update(
            status=Outreach.Status.QUEUED if transient else Outreach.Status.FAILED,
            sent_at=None,
            failed_at=None if transient else timezone.now(),
            last_error=error_describe(exc),
        )
        if transient:
            raise
        return False
    status = getattr(message, "anymail_status", None)
    message_id = status.message_id if status else None
    Outreach.objects.filter(pk=outreach_id).update(
        esp_message_id="" if message_id is None else str(message_id), last_error=""
    )
    return True


# What an email provider's tracking event means for a company letter it carried, and
# the statuses it may follow: a late "delivered" never undoes a bounce.
TRACKING_STATUS = {
    "delivered": (Outreach.Status.DELIVERED, [Outreach.Status.SENT]),
    "bounced": (Outreach.Status.BOUNCED, [Outreach.Status.SENT, Outreach.Status.DELIVERED]),
    "rejected": (Outreach.Status.BOUNCED, [Outreach.Status.SENT, Outreach.Status.DELIVERED]),
    "failed": (Outreach.Status.FAILED, [Outreach.Status.SENT, Outreach.Status.DELIVERED]),
}


def outreach_tracking_record(*, message_id: str, event_type: str) -> int:
    """Record what the email provider reported about a company letter; return rows changed."""
    status, after = TRACKING_STATUS.get(event_type, (None, []))
    if status is None or not message_id:
        return 0
    now = timezone.now()
    stamp = {"delivered_at": now} if status == Outreach.Status.DELIVERED else {"failed_at": now}
    return Outreach.objects.filter(
        esp_message_id=message_id, delivery__isnull=True, status__in=after
    ).update(status=status, updated_at=now, **stamp)


# ------------------------------------------------------------------------------
# What the advocate sees afterwards: the receipt and its page
# ------------------------------------------------------------------------------
def letter_receipt_token(*, action_id: int, person: Person) -> str:
    """A link key to one person's letters for one action; it names their address."""
    return signing.dumps(
        {"a": action_id, "p": person.pk, "h": email_hash(person.email)[:16]}, salt=RECEIPT_SALT
    )


def letter_receipt_for_token(token: str) -> tuple[LetterAction, Person]:
    """Return the action and person a receipt link names, or raise InvalidLetterToken."""
    try:
        data = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature as exc:
        raise InvalidLetterToken("bad signature") from exc
    if not isinstance(data, dict):
        raise InvalidLetterToken("malformed")
    person = Person.objects.filter(pk=data.get("p")).first()
    action = LetterAction.objects.select_related("campaign").filter(pk=data.get("a")).first()
    if person is None or action is None or email_hash(person.email)[:16] != data.get("h"):
        raise InvalidLetterToken("unknown")
    return action, person


def letter_receipt_url(*, action: Action, person: Person) -> str:
    token = letter_receipt_token(action_id=action.pk, person=person)
    return settings.SITE_URL + reverse(
        "campaigns:letter_sent", kwargs={"slug": action.slug, "token": token}
    )


@dataclass(frozen=True)
class LetterLine:
    """One letter on the receipt: where it went and what the advocate still has to do."""

    outreach: Outreach
    target: ResolvedTarget | None
    status: str
    status_label: str
    handoff_url: str = ""
    compose_links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def to_do(self) -> bool:
        return bool(self.handoff_url or self.compose_links) or (
            self.status == Outreach.Status.HANDED_OFF
        )


def compose_links(*, to: str, subject: str, body: str) -> list[tuple[str, str]]:
    """Links that open the letter in the advocate's own mail: their app, Gmail, Outlook."""
    return [
        (
            _("Your email app"),
            f"mailto:{quote(to, safe='@')}?"
            + urlencode({"subject": subject, "body": body}, quote_via=quote),
        ),
        (
            "Gmail",
            "https://mail.google.com/mail/?"
            + urlencode(
                {"view": "cm", "fs": "1", "to": to, "su": subject, "body": body}, quote_via=quote
            ),
        ),
        (
            "Outlook",
            "https://outlook.live.com/mail/0/deeplink/compose?"
            + urlencode({"to": to, "subject": subject, "body": body}, quote_via=quote),
        ),
    ]


def _status_of(outreach: Outreach) -> str:
    # The delivery keeps its own status as it is sent and tracked; show the newest.
    if outreach.delivery_id and outreach.status not in (
        Outreach.Status.LEFT_OFFICE,
        Outreach.Status.FAILED,
    ):
        return delivery_outreach_status(outreach.delivery, outreach.status)
    return outreach.status


def letter_lines(*, action: LetterAction, person: Person) -> list[LetterLine]:
    """Return the person's letters for the action, each with what is left to do."""
    from campaigns.targeting import resolved_target

    outreaches = (
        Outreach.objects.filter(action=action, person=person)
        .select_related("target__official", "delivery__official", "person")
        .order_by("pk")
    )
    lines = []
    for outreach in outreaches:
        status = _status_of(outreach)
        label = str(Outreach.Status(status).label)
        handoff_url, links, target = "", [], None
        if status == Outreach.Status.HANDED_OFF:
            if outreach.delivery_id:
                handoff_url = settings.SITE_URL + representatives_services.handoff_path(
                    outreach.delivery
                )
            else:
                target = resolved_target(target_id=outreach.target_id)
                if outreach.channel == Outreach.Channel.OWN_MAIL and target.emails:
                    body = outreach.body + _sign_off(outreach)
                    links = compose_links(to=target.emails[0], subject=outreach.subject, body=body)
        lines.append(LetterLine(outreach, target, status, label, handoff_url, links))
    return lines


def letter_receipt_send(*, action_id: int, person_id: int) -> bool:
    """Mail the advocate one receipt: what went where, and what they still do by hand."""
    person = Person.objects.get(pk=person_id)
    action = LetterAction.objects.select_related("campaign").get(pk=action_id)
    if person.erased_at or person.email_status in (
        Person.EmailStatus.BOUNCING,
        Person.EmailStatus.SUPPRESSED,
    ):
        return False
    if core_selectors.address_is_suppressed(email=person.email):
        return False
    with translation.override(person.language):
        lines = letter_lines(action=action, person=person)
        # Every letter of one send carries the same boxes; one link confirms them.
        ticked = next((line.outreach for line in lines if line.outreach.consent_texts), None)
        context = {
            "person": person,
            "action": action,
            "lines": lines,
            "receipt_url": letter_receipt_url(action=action, person=person),
            "action_url": settings.SITE_URL + action.get_absolute_url(),
            "consents_url": participation_consents_url(ticked) if ticked else "",
        }
        email_build(
            template="campaigns/letter_receipt",
            context=context,
            to=[person.email],
            language=person.language,
        ).send()
    # The receipt told them already: the sync sends no notice for these.
    told = [line.outreach.pk for line in lines if line.status in UNDELIVERED]
    Outreach.objects.filter(pk__in=told, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    return True


# A letter that ends this way after the receipt went needs the advocate to act.
UNDELIVERED = (Outreach.Status.LEFT_OFFICE, Outreach.Status.FAILED, Outreach.Status.BOUNCED)


def letter_undelivered_queue(outreach_ids: list[int]) -> None:
    """Queue one notice for one person's letters to an action that did not arrive."""
    from campaigns.tasks import letter_undelivered_send as letter_undelivered_task

    try:
        letter_undelivered_task.delay(outreach_ids)
    except (BrokerError, OSError):
        logger.exception("Undelivered letters notice not queued: outreaches %s", outreach_ids)


def letter_undelivered_send(*, outreach_ids: list[int]) -> bool:
    """Tell the advocate, once, which letters did not arrive and how to send them by hand.

    Each letter is claimed before the email is built, so two runs never both tell; a
    send error that may pass gives the claims back and is raised for a retry.
    """
    now = timezone.now()
    unclaimed = Outreach.objects.filter(status__in=UNDELIVERED, notified_at__isnull=True)
    claimed = [pk for pk in outreach_ids if unclaimed.filter(pk=pk).update(notified_at=now)]
    if not claimed:
        return False
    outreaches = list(
        Outreach.objects.filter(pk__in=claimed)
        .select_related("person", "target__official", "delivery")
        .order_by("pk")
    )
    person = outreaches[0].person
    action = LetterAction.objects.select_related("campaign").get(pk=outreaches[0].action_id)
    if (
        person.erased_at
        or person.email_status in (Person.EmailStatus.BOUNCING, Person.EmailStatus.SUPPRESSED)
        or core_selectors.address_is_suppressed(email=person.email)
    ):
        return False
    with translation.override(person.language):
        lines = [
            {
                "outreach": outreach,
                "status": outreach.status,
                "handoff_url": settings.SITE_URL
                + representatives_services.handoff_path(outreach.delivery)
                if outreach.delivery_id and outreach.status != Outreach.Status.LEFT_OFFICE
                else "",
            }
            for outreach in outreaches
        ]
        message = email_build(
            template="campaigns/letter_undelivered",
            context={
                "person": person,
                "action": action,
                "lines": lines,
                "left_office": any(line["status"] == Outreach.Status.LEFT_OFFICE for line in lines),
                "receipt_url": letter_receipt_url(action=action, person=person),
                "action_url": settings.SITE_URL + action.get_absolute_url(),
            },
            to=[person.email],
            language=person.language,
        )
    try:
        message.send()
    except Exception as exc:
        if not send_error_is_transient(exc):
            logger.exception("Undelivered letters notice refused: outreaches %s", claimed)
            return False
        Outreach.objects.filter(pk__in=claimed, notified_at=now).update(notified_at=None)
        raise
    return True


def letter_outreaches_sync(*, limit: int = 5000) -> int:
    """Copy the status of officials' deliveries onto the outreaches that mirror them."""
    changed = 0
    # Only rows whose delivery changed since the row last followed it: rows that never
    # move on (letters delivered, or sent through CWC) would fill the limit otherwise.
    pending = (
        Outreach.objects.filter(
            delivery__isnull=False,
            status__in=[Outreach.Status.QUEUED, Outreach.Status.SENT, Outreach.Status.DELIVERED],
            delivery__updated_at__gt=F("updated_at"),
        )
        .select_related("delivery")
        .order_by("pk")[:limit]
    )
    undelivered: dict[tuple[int, int], list[int]] = {}
    for outreach in pending:
        status = delivery_outreach_status(outreach.delivery, outreach.status)
        # The delivery's own time, not now: a change it makes while this runs stays newer.
        seen = {"updated_at": outreach.delivery.updated_at}
        if status == outreach.status:
            Outreach.objects.filter(pk=outreach.pk, status=outreach.status).update(**seen)
            continue
        stamps = {
            Outreach.Status.SENT: {"sent_at": outreach.delivery.sent_at},
            Outreach.Status.DELIVERED: {"delivered_at": timezone.now()},
            Outreach.Status.FAILED: {"failed_at": timezone.now()},
            Outreach.Status.BOUNCED: {"failed_at": timezone.now()},
            Outreach.Status.LEFT_OFFICE: {"failed_at": timezone.now()},
        }.get(status, {})
        moved = Outreach.objects.filter(pk=outreach.pk, status=outreach.status).update(
            status=status, **stamps, **seen
        )
        changed += moved
        if moved and status in UNDELIVERED:
            pair = (outreach.action_id, outreach.person_id)
            undelivered.setdefault(pair, []).append(outreach.pk)
    for outreach_ids in undelivered.values():
        letter_undelivered_queue(outreach_ids)
    return changed


# ------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------
CSV_COLUMNS = [
    "first_name", "last_name", "email", "postal_code", "target", "channel", "status",
    "subject", "created_at", "sent_at", "source", "consents",
]  # fmt: skip


def letter_outreaches(*, action: LetterAction) -> QuerySet[Outreach]:
    return (
        Outreach.objects.filter(action=action, person__erased_at__isnull=True)
        .select_related("person", "target__official")
        .order_by("created_at", "pk")
    )


def letter_outreaches_csv(*, action: LetterAction, out: IO[str]) -> int:
    """Write the action's letters as CSV to `out`; return how many rows."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    organisations = dict(Organisation.objects.values_list("pk", "name"))
    count = 0
    for outreach in letter_outreaches(action=action).iterator(chunk_size=2000):
        person = outreach.person
        consents = "; ".join(
            organisations.get(int(org_id), org_id) for org_id in outreach.consent_texts or {}
        )
        writer.writerow(
            _csv_safe(value)
            for value in (
                person.given_name, person.family_name, person.email, person.postal_code,
                str(outreach.target), outreach.channel, outreach.status, outreach.subject,
                outreach.created_at.isoformat(),
                outreach.sent_at.isoformat() if outreach.sent_at else "",
                outreach.source, consents,
            )
        )  # fmt: skip
        count += 1
    return count
