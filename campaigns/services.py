"""Writes for campaigns: signing and confirming petitions, reminders, closing, privacy.

The signing flow is double opt-in. A signature is stored unconfirmed and counts only
once the link emailed to its address is followed and its Confirm button pressed; only
then do the consents the signer ticked take effect. A sign request answers the same
whether or not the address had signed, so nobody can learn who signed by trying; the
address's owner learns it by email instead.
"""

import csv
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.exceptions import InvalidConsentsToken, InvalidSignatureToken, PetitionClosed
from campaigns.models import (
    RSVP,
    Consent,
    Event,
    Outreach,
    Person,
    Petition,
    PostcardPledge,
    Signature,
)
from core import selectors as core_selectors
from core import services as core_services
from core.emails import email_build
from core.models import Organisation, email_hash
from legislation import selectors as legislation_selectors
from legislation import services as legislation_services
from representatives import selectors as representatives_selectors
from representatives import services as representatives_services

logger = logging.getLogger(__name__)

CONFIRM_SALT = "campaigns.signature.confirm"
CONFIRM_MAX_AGE = timedelta(days=30)
REMINDER_AFTER = timedelta(hours=24)
# An unconfirmed signer who signs again gets the link again, but not more often.
RESEND_AFTER = timedelta(minutes=10)
ERASED = "erased on request"


# ------------------------------------------------------------------------------
# Tokens
# ------------------------------------------------------------------------------
def signature_confirm_token(signature: Signature) -> str:
    """A link key that confirms one signature; it names the address it was sent to."""
    return signing.dumps(
        {"s": signature.pk, "h": email_hash(signature.person.email)[:16]}, salt=CONFIRM_SALT
    )


def signature_for_token(token: str) -> Signature:
    """Return the signature a confirmation link names, or raise InvalidSignatureToken."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvalidSignatureToken("expired") from exc
    except signing.BadSignature as exc:
        raise InvalidSignatureToken("bad signature") from exc
    if not isinstance(data, dict):
        raise InvalidSignatureToken("malformed")
    signature = (
        Signature.objects.select_related("person", "petition__campaign")
        .filter(pk=data.get("s"))
        .first()
    )
    # An erased person's address no longer matches the hash the link carries.
    if signature is None or email_hash(signature.person.email)[:16] != data.get("h"):
        raise InvalidSignatureToken("unknown signature")
    return signature


def _confirm_url(signature: Signature) -> str:
    token = signature_confirm_token(signature)
    return settings.SITE_URL + reverse("campaigns:signature_confirm", kwargs={"token": token})


# ------------------------------------------------------------------------------
# Signing
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignatureInput:
    """What a signer typed and where they came from; validated by the form."""

    email: str
    given_name: str
    family_name: str
    postal_code: str = ""
    comment: str = ""
    show_name: bool = False
    # Organisation id -> the exact sentence shown beside the box the signer ticked.
    consent_texts: dict[int, str] | None = None
    source: str = ""
    referrer: str = ""
    landing_url: str = ""
    language: str = settings.LANGUAGE_CODE


@dataclass(frozen=True)
class SignResult:
    """What happened, for tests and logs; the signer's page never shows it."""

    outcome: str  # "new", "pending", "already", "suppressed"
    signature: Signature | None


def petition_sign(*, petition: Petition, data: SignatureInput) -> SignResult:
    """Record a signature and queue the email that confirms it (or says it was there).

    Raises PetitionClosed when the petition takes no signatures. Nothing else the
    signer could observe depends on whether the address had signed before.
    """
    if not petition.is_open():
        raise PetitionClosed(petition.slug)
    email = core_services.single_line_check(data.email, field="email").strip().lower()
    if core_selectors.address_is_suppressed(email=email):
        # An erased, bounced or complained address is never mailed, so it could never
        # confirm; store nothing for it.
        return SignResult("suppressed", None)
    signature = Signature(
        petition=petition,
        comment=data.comment if petition.ask_comment else "",
        show_name=data.show_name,
        region=representatives_selectors.state_for_zip(zip_code=data.postal_code),
        consent_texts={str(k): v for k, v in (data.consent_texts or {}).items()},
        source=data.source[:100],
        referrer=data.referrer[:500],
        landing_url=data.landing_url[:500],
    )
    if _new_signer_insert(_person_for(email, data), signature):
        _confirmations_wake()
        return SignResult("new", signature)
    with transaction.atomic():
        person, created = _person_get_or_create(email=email, data=data)
        if person.email_status in (Person.EmailStatus.BOUNCING, Person.EmailStatus.SUPPRESSED):
            return SignResult("suppressed", None)
        if not created:
            _person_fill_blanks(person, data)
        signature.person = person
        if _insert_unless_exists(signature, unique=("petition", "person")):
            _confirmations_wake()
            return SignResult("new", signature)
        signature = Signature.objects.select_for_update().get(petition=petition, person=person)
        if signature.confirmed_at is not None:
            _queue_email(signature.pk, "already")
            return SignResult("already", signature)
        # Unconfirmed: send the link again, unless it went out moments ago. What the
        # second request typed is not taken: only the address's owner may change it.
        sent_at = signature.confirmation_sent_at
        if sent_at is not None and timezone.now() - sent_at >= RESEND_AFTER:
            Signature.objects.filter(pk=signature.pk).update(confirmation_sent_at=None)
            _confirmations_wake()
        return SignResult("pending", signature)


def _person_for(email: str, data: SignatureInput) -> Person:
    return Person(
        email=email,
        given_name=data.given_name,
        family_name=data.family_name,
        postal_code=data.postal_code,
        language=data.language,
    )


def _person_get_or_create(*, email: str, data: SignatureInput) -> tuple[Person, bool]:
    # Most signers are new: try the INSERT first, and read the row only if it was there.
    person = _person_for(email, data)
    if _insert_unless_exists(person, unique=("email",)):
        return person, True
    return Person.objects.get(email=email), False


def _insert_parts(
    obj: models.Model, *, skip: tuple[str, ...] = ()
) -> tuple[list[str], list[Any], list[str]]:
    """The quoted columns of a new row, their values and types, for a hand-written INSERT."""
    fields = [f for f in obj._meta.concrete_fields if not f.primary_key and f.attname not in skip]
    quote = db_connection.ops.quote_name
    return (
        [quote(f.column) for f in fields],
        [f.get_db_prep_save(f.pre_save(obj, True), db_connection) for f in fields],
        [f.cast_db_type(db_connection) for f in fields],
    )


def _new_signer_insert(person: Person, signature: Signature) -> bool:
    """INSERT a new address's person and signature in one statement; say if it was new.

    Most signers are new, and one statement in autocommit is a round trip where the
    general path takes four (BEGIN, two INSERTs, COMMIT). An address already known
    inserts nothing here and takes the general path. PostgreSQL only.
    """
    if db_connection.vendor != "postgresql":
        return False
    quote = db_connection.ops.quote_name
    person_columns, person_values, _ = _insert_parts(person)
    columns, values, types = _insert_parts(signature, skip=("person_id",))
    sql = (
        "WITH new_person AS ("  # noqa: S608 - names from the models
        f"INSERT INTO {quote(Person._meta.db_table)} ({', '.join(person_columns)}) "
        f"VALUES ({', '.join(['%s'] * len(person_values))}) "
        f"ON CONFLICT ({quote('email')}) DO NOTHING RETURNING id) "
        f"INSERT INTO {quote(Signature._meta.db_table)} "
        f"({quote('person_id')}, {', '.join(columns)}) "
        # A SELECT list gives its parameters no type of their own: cast each to its column.
        f"SELECT new_person.id, {', '.join(f'%s::{t}' for t in types)} FROM new_person "
        "RETURNING id, person_id"
    )
    with db_connection.cursor() as cursor:
        cursor.execute(sql, [*person_values, *values])
        row = cursor.fetchone()
    if row is None:
        return False
    signature.pk, person.pk = row
    person._state.adding = signature._state.adding = False
    signature.person = person
    return True


def _insert_unless_exists(obj: models.Model, *, unique: tuple[str, ...]) -> bool:
    """INSERT the row unless its unique fields are taken; set its pk and say if it was new.

    One statement (INSERT ... ON CONFLICT DO NOTHING RETURNING id) where ORM's
    create-and-catch takes three, with a savepoint each side; signing is the busiest
    write there is. Where the database cannot return ids from an insert, it falls back.
    """
    meta = obj._meta
    if not db_connection.features.can_return_columns_from_insert:
        try:
            with transaction.atomic():
                obj.save(force_insert=True)
        except IntegrityError:
            return False
        return True
    quote = db_connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(obj, True), db_connection) for f in fields]
    sql = "INSERT INTO {table} ({columns}) VALUES ({params}) ON CONFLICT ({unique}) DO NOTHING RETURNING {pk}".format(  # noqa: E501, S608 - names from the model
        table=quote(meta.db_table),
        columns=", ".join(quote(f.column) for f in fields),
        params=", ".join(["%s"] * len(fields)),
        unique=", ".join(quote(meta.get_field(name).column) for name in unique),
        pk=quote(meta.pk.column),
    )
    with db_connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding = False
    return True


def _person_fill_blanks(person: Person, data: SignatureInput) -> None:
    # A stranger who types someone's address must not rename them; blanks may be filled.
    changed = []
    for field, value in (
        ("given_name", data.given_name),
        ("family_name", data.family_name),
        ("postal_code", data.postal_code),
    ):
        if value and not getattr(person, field):
            setattr(person, field, value)
            changed.append(field)
    if changed:
        person.save(update_fields=[*changed, "updated_at"])


def _queue_email(signature_id: int, kind: str) -> None:
    from campaigns.tasks import signature_email_send

    transaction.on_commit(lambda: signature_email_send.delay(signature_id, kind))


# Signing is the busiest write there is, and publishing a task per signature cost more
# than the signature's own INSERTs. The rows are the queue instead: a sign request wakes
# the worker that mails unsent rows at most once a second per cache, and the worker,
# while it finds rows, looks again a second later. A beat backstop catches a wake lost
# while the broker was down.
CONFIRMATIONS_WAKE_KEY = "campaigns:confirmations-wake"
CONFIRMATIONS_WAKE_SECONDS = 1
CONFIRMATIONS_BATCH = 200


def _confirmations_wake() -> None:
    from campaigns.tasks import signature_confirmations_send

    def wake() -> None:
        # In-process tasks (the embedded default) have no worker to look again later,
        # so every signature drains at once.
        eager = signature_confirmations_send.app.conf.task_always_eager
        if eager or cache.add(CONFIRMATIONS_WAKE_KEY, 1, CONFIRMATIONS_WAKE_SECONDS):
            signature_confirmations_send.delay()

    transaction.on_commit(wake)


def signature_confirmations_send(*, limit: int = CONFIRMATIONS_BATCH) -> int:
    """Mail the confirmation link of signatures not mailed yet; return how many were claimed.

    Each batch is claimed (confirmation_sent_at set) in one statement that skips rows
    another worker holds, so two drains never mail one signer twice. A failed send
    hands its row and the rest of the batch back for the next drain.
    """
    with transaction.atomic():
        claimed = list(
            Signature.objects.select_for_update(skip_locked=True)
            .filter(confirmation_sent_at__isnull=True, confirmed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        Signature.objects.filter(pk__in=claimed).update(confirmation_sent_at=timezone.now())
    for done, signature_id in enumerate(claimed):
        try:
            signature_email_send(signature_id=signature_id, kind="confirm")
        except Exception:
            Signature.objects.filter(pk__in=claimed[done:]).update(confirmation_sent_at=None)
            raise
    return len(claimed)


EMAIL_TEMPLATES = {
    "confirm": "campaigns/signature_confirm",
    "reminder": "campaigns/signature_reminder",
    "already": "campaigns/signature_already",
}


def signature_email_send(*, signature_id: int, kind: str) -> bool:
    """Email a signer their confirmation link, its reminder, or "you had already signed".

    Returns whether a message left; an address suppressed meanwhile gets nothing.
    """
    signature = (
        Signature.objects.select_related("person", "petition__campaign")
        .filter(pk=signature_id)
        .first()
    )
    if signature is None or kind not in EMAIL_TEMPLATES:
        return False
    person = signature.person
    if person.erased_at or person.email_status in (
        Person.EmailStatus.BOUNCING,
        Person.EmailStatus.SUPPRESSED,
    ):
        return False
    if core_selectors.address_is_suppressed(email=person.email):
        return False
    petition = signature.petition
    # Links open the pages in the language the email is written in.
    with translation.override(person.language):
        context: dict[str, Any] = {
            "person": person,
            "petition": petition,
            "petition_url": settings.SITE_URL + petition.get_absolute_url(),
        }
        if kind != "already":
            context["confirm_url"] = _confirm_url(signature)
    email_build(
        template=EMAIL_TEMPLATES[kind],
        context=context,
        to=[person.email],
        language=person.language,
    ).send()
    return True


# ------------------------------------------------------------------------------
# Confirming
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConfirmResult:
    signature: Signature
    # False when the link had been used already, or the petition closed before it was.
    counted_now: bool
    closed: bool = False


@dataclass(frozen=True)
class ConfirmChoices:
    """What the address's owner settles on the confirmation page.

    Whoever filled in the petition form may not be the address's owner, so the name,
    the public listing and the consents are what the owner confirms, not what was typed.
    """

    given_name: str
    family_name: str
    show_name: bool
    # Organisation id -> the exact consent sentence beside each box the owner ticked.
    consent_texts: dict[int, str]


def signature_confirm(*, token: str, choices: ConfirmChoices | None = None) -> ConfirmResult:
    """Confirm the signature a link names: it counts, shows, and its consents start.

    With `choices`, the owner's name, listing and consents replace what was typed on
    the petition form. Confirming twice changes nothing. A petition that closed before
    the click keeps its final count: the signature stays unconfirmed.
    """
    signature = signature_for_token(token)
    with transaction.atomic():
        signature = (
            Signature.objects.select_for_update(of=("self",))
            .select_related("person", "petition__campaign")
            .get(pk=signature.pk)
        )
        if signature.confirmed_at is not None:
            return ConfirmResult(signature, counted_now=False)
        petition = signature.petition
        if not petition.is_open():
            return ConfirmResult(signature, counted_now=False, closed=True)
        now = timezone.now()
        signature.confirmed_at = now
        if choices is not None:
            _choices_apply(signature, choices)
        signature.save(update_fields=["confirmed_at", "show_name", "consent_texts"])
        # The counter moves in the same transaction as the row it counts, by an atomic
        # UPDATE, so concurrent confirmations never lose an increment.
        Petition.objects.filter(pk=petition.pk).update(confirmed_count=F("confirmed_count") + 1)
        _consents_give(signature, now)
    petition.refresh_from_db(fields=["confirmed_count"])
    return ConfirmResult(signature, counted_now=True)


def _choices_apply(signature: Signature, choices: ConfirmChoices) -> None:
    signature.show_name = choices.show_name
    signature.consent_texts = {str(k): v for k, v in choices.consent_texts.items()}
    person = signature.person
    if (person.given_name, person.family_name) != (choices.given_name, choices.family_name):
        person.given_name, person.family_name = choices.given_name, choices.family_name
        person.save(update_fields=["given_name", "family_name", "updated_at"])


def _consents_give(signature: Signature, now: datetime) -> None:
    texts = signature.consent_texts or {}
    if not texts:
        return
    known = set(
        Organisation.objects.filter(pk__in=[int(k) for k in texts]).values_list("pk", flat=True)
    )
    Consent.objects.bulk_create(
        Consent(person=signature.person, organisation_id=int(org_id), text=text, given_at=now)
        for org_id, text in texts.items()
        if int(org_id) in known
    )


# ------------------------------------------------------------------------------
# Reminders and closing
# ------------------------------------------------------------------------------
def signature_reminders_send(*, now: datetime | None = None) -> int:
    """Queue one reminder for each signature left unconfirmed for a day; return how many.

    Each signature is claimed (reminder_sent_at set) before its email is queued, so a
    beat that runs twice, or two workers at once, remind nobody twice.
    """
    now = now or timezone.now()
    due = Signature.objects.filter(
        confirmed_at__isnull=True,
        reminder_sent_at__isnull=True,
        created_at__lte=now - REMINDER_AFTER,
        # The link in a reminder must still work for a while.
        created_at__gte=now - CONFIRM_MAX_AGE + timedelta(days=7),
        petition__closed_at__isnull=True,
        petition__campaign__status="live",
        person__erased_at__isnull=True,
    ).filter(Q(petition__ends_at__isnull=True) | Q(petition__ends_at__gt=now))
    queued = 0
    for signature_id in list(due.values_list("pk", flat=True)[:5000]):
        with transaction.atomic():
            claimed = Signature.objects.filter(
                pk=signature_id, reminder_sent_at__isnull=True, confirmed_at__isnull=True
            ).update(reminder_sent_at=now)
            if claimed:
                _queue_email(signature_id, "reminder")
                queued += 1
    return queued


def petition_close(*, petition_id: int) -> Petition:
    """Close a petition by hand now; it takes no more signatures (closing twice is harmless)."""
    Petition.objects.filter(pk=petition_id, closed_at__isnull=True).update(closed_at=timezone.now())
    return Petition.objects.get(pk=petition_id)


def signatures_moderate(*, signature_ids: list[int], hidden: bool) -> int:
    """Hide or show signers' comments; return how many changed.

    Their petitions are marked changed too, which is what makes a cached petition page
    render afresh, so a hidden comment leaves the public page at once.
    """
    with transaction.atomic():
        changed = Signature.objects.filter(pk__in=signature_ids).exclude(hidden=hidden)
        petition_ids = set(changed.values_list("petition_id", flat=True))
        count = changed.update(hidden=hidden)
        Petition.objects.filter(pk__in=petition_ids).update(updated_at=timezone.now())
    return count


# ------------------------------------------------------------------------------
# Delivery: CSV of confirmed signatures
# ------------------------------------------------------------------------------
CSV_COLUMNS = [
    "first_name", "last_name", "email", "postal_code", "state", "comment", "signed_at",
    "confirmed_at", "source", "consents",
]  # fmt: skip


def _csv_safe(value: object) -> str:
    # A cell starting with = + - @ (or a tab/CR) is run as a formula by spreadsheets.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def signatures_csv(*, petition: Petition, out: IO[str]) -> int:
    """Write the petition's confirmed signatures as CSV to `out`; return how many rows."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    organisations = dict(Organisation.objects.values_list("pk", "name"))
    rows = (
        Signature.objects.filter(
            petition=petition, confirmed_at__isnull=False, person__erased_at__isnull=True
        )
        .select_related("person")
        .order_by("confirmed_at", "pk")
    )
    count = 0
    for signature in rows.iterator(chunk_size=2000):
        person = signature.person
        consents = "; ".join(
            organisations.get(int(org_id), org_id) for org_id in signature.consent_texts or {}
        )
        writer.writerow(
            _csv_safe(value)
            for value in (
                person.given_name, person.family_name, person.email, person.postal_code,
                signature.region, "" if signature.hidden else signature.comment,
                signature.created_at.isoformat(), signature.confirmed_at.isoformat(),
                signature.source, consents,
            )
        )  # fmt: skip
        count += 1
    return count


# What the provider reports that means: never email this address again. A complaint or
# an unsubscribe at the provider is the person's own word, so it is final; a bounce only
# marks the address as one that does not take mail.
REFUSING_EVENTS = {"complained": Person.EmailStatus.SUPPRESSED,
                   "unsubscribed": Person.EmailStatus.SUPPRESSED,
                   "bounced": Person.EmailStatus.BOUNCING,
                   "rejected": Person.EmailStatus.BOUNCING}  # fmt: skip


def person_mail_refused(*, email: str, event: str, esp: str) -> bool:
    """Record a provider's bounce, rejection, complaint or unsubscribe; say if it applied."""
    status = REFUSING_EVENTS.get(event)
    if status is None:
        return False
    email = email.strip().lower()
    if status == Person.EmailStatus.SUPPRESSED:
        core_services.address_suppress(email=email, reason=f"{esp}: {event}")
    Person.objects.filter(email=email).update(email_status=status, updated_at=timezone.now())
    return True


# ------------------------------------------------------------------------------
# Privacy: export and erase by email
# ------------------------------------------------------------------------------
def person_data_export(*, email: str) -> dict[str, Any]:
    """Return everything held about an address, as JSON-ready data (empty if nothing)."""
    email = email.strip().lower()
    person = Person.objects.filter(email=email).first()
    data: dict[str, Any] = {"email": email, "person": None, "signatures": [], "consents": []}
    if person is not None:
        data["person"] = {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "postal_code": person.postal_code,
            "language": person.language,
            "email_status": person.email_status,
            "created_at": person.created_at.isoformat(),
        }
        data["signatures"] = [
            {
                "petition": s.petition.title,
                "campaign": s.petition.campaign.title,
                "comment": s.comment,
                "show_name": s.show_name,
                "state": s.region,
                "signed_at": s.created_at.isoformat(),
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
                "source": s.source,
                "referrer": s.referrer,
                "landing_url": s.landing_url,
                "comment_hidden": s.hidden,
                "consents_asked": s.consent_texts,
                "reminder_sent_at": s.reminder_sent_at.isoformat() if s.reminder_sent_at else None,
            }
            for s in person.signatures.select_related("petition__campaign").order_by("pk")
        ]
        data["consents"] = [
            {
                "organisation": c.organisation.name,
                "text": c.text,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in person.consents.select_related("organisation").order_by("pk")
        ]
        data["outreaches"] = [
            {
                "action": o.action.title,
                "kind": o.action.kind,
                "target": str(o.target),
                "channel": o.channel,
                "status": o.status,
                "subject": o.subject,
                "text": o.body,
                "network": o.network,
                "call_outcome": o.outcome,
                "stance": o.stance,
                "taken_at": o.created_at.isoformat(),
                "source": o.source,
                "referrer": o.referrer,
                "landing_url": o.landing_url,
                "consents_asked": o.consent_texts,
            }
            for o in Outreach.objects.filter(person=person)
            .select_related("action", "target__official")
            .order_by("pk")
        ]
        data["postcard_pledges"] = [
            {
                "drive": p.action.title,
                "pledged": p.count,
                "mailed": p.mailed_count,
                "pledged_at": p.created_at.isoformat(),
                "mailed_at": p.mailed_at.isoformat() if p.mailed_at else None,
                "consents_asked": p.consent_texts,
            }
            for p in PostcardPledge.objects.filter(person=person)
            .select_related("action")
            .order_by("pk")
        ]
        data["events_hosted"] = [
            {"event": e.title, "status": e.status, "starts_at": e.starts_at.isoformat()}
            for e in Event.objects.filter(person=person).order_by("pk")
        ]
        data["rsvps"] = [
            {"event": r.event.title, "answered_at": r.created_at.isoformat()}
            for r in RSVP.objects.filter(person=person).select_related("event").order_by("pk")
        ]
    data["messages_to_officials"] = representatives_selectors.deliveries_for_email(email=email)
    data["alerts"] = legislation_selectors.follows_for_email(email=email)
    data["suppressed"] = core_selectors.address_is_suppressed(email=email)
    return data


@transaction.atomic
def person_erase(*, email: str, reason: str = ERASED) -> bool:
    """Erase what is held about an address; keep counts; never mail it again.

    Signatures stay (so counts and COUNT agree) but lose everything personal; consents
    are withdrawn and their text dropped; alert follows end; the address is kept only
    as a hash on the suppression list. Returns whether anything was held.
    """
    email = email.strip().lower()
    core_services.address_suppress(email=email, reason=reason)
    followed = legislation_services.follows_erase(email=email)
    messaged = representatives_services.deliveries_erase(email=email)
    person = Person.objects.select_for_update().filter(email=email).first()
    if person is None:
        return bool(followed or messaged)
    now = timezone.now()
    # Touching the petitions renews their cached pages, which may show this person.
    Petition.objects.filter(signatures__person=person).update(updated_at=now)
    person.signatures.update(
        comment="", show_name=False, region="", consent_texts={}, source="", referrer="",
        landing_url="",
    )  # fmt: skip
    # Letters, calls and posts keep their target, channel and status (the figures and
    # the whip count stay right) and lose the person's words and where they came from.
    untracked = {"consent_texts": {}, "source": "", "referrer": "", "landing_url": ""}
    Outreach.objects.filter(person=person).update(subject="", body="", **untracked)
    PostcardPledge.objects.filter(person=person).update(**untracked)
    RSVP.objects.filter(person=person).update(**untracked)
    Event.objects.filter(person=person).update(**untracked)
    person.consents.update(text="", withdrawn_at=now)
    person.email = f"erased-{person.pk}@invalid"
    person.given_name = person.family_name = person.postal_code = ""
    person.email_status = Person.EmailStatus.SUPPRESSED
    person.erased_at = now
    person.save()
    return True


# ------------------------------------------------------------------------------
# Consents ticked with any other action: letters, pledges, events, RSVPs
# ------------------------------------------------------------------------------
# A petition's consents start when its confirmation link is followed. Other actions
# store the boxes ticked and apply them the same way: through a link mailed to the
# address, so whoever typed someone else's address cannot sign them up. Calls and
# social posts mail nothing else, so a person's first report or post on an action with
# a box ticked gets a short email carrying only that link (outreach_consents_email_send).
CONSENTS_SALT = "campaigns.participation.consents"
CONSENTS_MAX_AGE = timedelta(days=60)
CONSENT_PARTICIPATIONS: dict[str, type[models.Model]] = {
    model._meta.label_lower: model for model in (Outreach, PostcardPledge, Event, RSVP)
}


def participation_consents_token(participation: models.Model) -> str:
    """A link key that applies one participation's consents; it names the address."""
    return signing.dumps(
        {
            "m": participation._meta.label_lower,
            "p": participation.pk,
            "h": email_hash(participation.person.email)[:16],
        },
        salt=CONSENTS_SALT,
    )


def participation_consents_url(participation: models.Model) -> str:
    """The full link to a participation's consents page, for an email."""
    token = participation_consents_token(participation)
    return settings.SITE_URL + reverse("campaigns:consents_confirm", kwargs={"token": token})


def participation_for_consents_token(token: str) -> models.Model:
    """Return the participation a consents link names, or raise InvalidConsentsToken."""
    try:
        data = signing.loads(token, salt=CONSENTS_SALT, max_age=CONSENTS_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvalidConsentsToken("expired") from exc
    except signing.BadSignature as exc:
        raise InvalidConsentsToken("bad signature") from exc
    if not isinstance(data, dict):
        raise InvalidConsentsToken("malformed")
    model = CONSENT_PARTICIPATIONS.get(str(data.get("m")))
    if model is None:
        raise InvalidConsentsToken("unknown kind")
    participation = model.objects.select_related("person").filter(pk=data.get("p")).first()
    # An erased person's address no longer matches the hash the link carries.
    if participation is None or email_hash(participation.person.email)[:16] != data.get("h"):
        raise InvalidConsentsToken("unknown participation")
    return participation


@dataclass(frozen=True)
class ConsentsResult:
    participation: models.Model
    # How many organisations this click added; 0 when the link had been used already.
    given_now: int


def participation_consents_confirm(*, token: str) -> ConsentsResult:
    """Give the consents a participation's link names, once; a second click adds none.

    Each organisation gets the exact sentence the person saw beside the box. An
    organisation the person already hears from, or one this link already recorded
    (even if since withdrawn), gets no second row.
    """
    found = participation_for_consents_token(token)
    model = type(found)
    with transaction.atomic():
        # The lock makes two clicks at once take turns: the second finds the first's rows.
        participation = (
            model.objects.select_for_update(of=("self",)).select_related("person").get(pk=found.pk)
        )
        texts = {int(k): v for k, v in (participation.consent_texts or {}).items()}
        known = set(Organisation.objects.filter(pk__in=texts).values_list("pk", flat=True))
        person = participation.person
        held = set(
            Consent.objects.filter(person=person, organisation_id__in=known)
            .filter(Q(withdrawn_at__isnull=True) | Q(given_at__gte=participation.created_at))
            .values_list("organisation_id", flat=True)
        )
        now = timezone.now()
        created = Consent.objects.bulk_create(
            Consent(person=person, organisation_id=org_id, text=text, given_at=now)
            for org_id, text in texts.items()
            if org_id in known and org_id not in held
        )
    return ConsentsResult(participation, given_now=len(created))


# ------------------------------------------------------------------------------
# The consents link after a call or a social post
# ------------------------------------------------------------------------------
CONSENTS_EMAIL_CHANNELS = (Outreach.Channel.PHONE, Outreach.Channel.SOCIAL)


def outreach_consents_email_send(*, outreach_id: int) -> bool:
    """Email a caller or poster the link that gives the consents they ticked.

    Returns whether a message left. Nothing goes to a suppressed, erased or bouncing
    address, nor when no ticked box names an organisation that still exists.
    """
    outreach = Outreach.objects.select_related("person", "action").filter(pk=outreach_id).first()
    if outreach is None or outreach.channel not in CONSENTS_EMAIL_CHANNELS:
        return False
    person = outreach.person
    if person.erased_at or person.email_status in (
        Person.EmailStatus.BOUNCING,
        Person.EmailStatus.SUPPRESSED,
    ):
        return False
    if core_selectors.address_is_suppressed(email=person.email):
        return False
    organisations = list(
        Organisation.objects.filter(pk__in=[int(pk) for pk in outreach.consent_texts or {}])
        .order_by("name")
        .values_list("name", flat=True)
    )
    if not organisations:
        return False
    # Links open the pages in the language the email is written in.
    with translation.override(person.language):
        context: dict[str, Any] = {
            "person": person,
            "action": outreach.action,
            "posted": outreach.channel == Outreach.Channel.SOCIAL,
            "organisations": organisations,
            "consents_url": participation_consents_url(outreach),
        }
    email_build(
        template="campaigns/consents_confirm",
        context=context,
        to=[person.email],
        language=person.language,
    ).send()
    return True
