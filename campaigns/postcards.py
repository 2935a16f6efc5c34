"""Writes for postcard drives: pledging postcards, printing them, and saying they went.

A pledge names those of the advocate's own officials (from their ZIP code) whom they
chose to write to. Its printable page is reached by a signed link, emailed to the
address that pledged, so the page answers the same whoever pledged; the thermometer
moves only when postcards are mailed.
"""

import csv
from dataclasses import dataclass
from datetime import timedelta
from typing import IO

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.exceptions import (
    ActionClosed,
    InvalidPledgeToken,
    NoOfficialsFound,
    PledgeTargetsInvalid,
)
from campaigns.models import Action, Person, PostcardAction, PostcardPledge
from campaigns.placeholders import Advocate, placeholder_values, placeholders_fill
from campaigns.services import (
    _csv_safe,
    _insert_unless_exists,
    _person_get_or_create,
    participation_consents_url,
)
from campaigns.targeting import ResolvedTarget, action_targets, resolved_target
from core import selectors as core_selectors
from core import services as core_services
from core.emails import email_build
from core.models import email_hash

PRINT_SALT = "campaigns.postcard.print"
PRINT_MAX_AGE = timedelta(days=180)


class DistrictRequired(NoOfficialsFound):
    """The ZIP code spans several districts: the advocate must choose theirs."""

    def __init__(self, choices: list[tuple[str, str]]):
        super().__init__("district required")
        self.choices = choices


# ------------------------------------------------------------------------------
# Links
# ------------------------------------------------------------------------------
def pledge_token(pledge: PostcardPledge) -> str:
    """A link key to one pledge's printable postcards; it names the address that pledged."""
    return signing.dumps(
        {"p": pledge.pk, "h": email_hash(pledge.person.email)[:16]}, salt=PRINT_SALT
    )


def pledge_for_token(token: str) -> PostcardPledge:
    """Return the pledge a postcard link names, or raise InvalidPledgeToken."""
    try:
        data = signing.loads(token, salt=PRINT_SALT, max_age=PRINT_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvalidPledgeToken("expired") from exc
    except signing.BadSignature as exc:
        raise InvalidPledgeToken("bad signature") from exc
    if not isinstance(data, dict):
        raise InvalidPledgeToken("malformed")
    pledge = (
        PostcardPledge.objects.select_related("person", "action__campaign", "action__bill")
        .filter(pk=data.get("p"))
        .first()
    )
    if pledge is None or email_hash(pledge.person.email)[:16] != data.get("h"):
        raise InvalidPledgeToken("unknown pledge")
    return pledge


def _print_url(pledge: PostcardPledge) -> str:
    token = pledge_token(pledge)
    return settings.SITE_URL + reverse("campaigns:postcard_print", kwargs={"token": token})


# ------------------------------------------------------------------------------
# Pledging
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PledgeInput:
    count: int
    postal_code: str
    email: str
    given_name: str
    family_name: str
    district: str = ""
    # Target ids the advocate chose among their address's officials; None for all of them.
    target_ids: tuple[int, ...] | None = None
    consent_texts: dict[int, str] | None = None
    source: str = ""
    referrer: str = ""
    landing_url: str = ""
    language: str = settings.LANGUAGE_CODE


@dataclass(frozen=True)
class PledgeResult:
    """What happened, for tests and logs; the pledger's page never shows it."""

    created: bool
    pledge: PostcardPledge


def pledge_targets(
    *, action: PostcardAction, postal_code: str, district: str = ""
) -> list[ResolvedTarget]:
    """Return the officials in office whom a pledge from this address may write to.

    Raises NoOfficialsFound for a ZIP code with none, or DistrictRequired when the ZIP
    code spans districts and none (or one it does not span) was chosen.
    """
    lookup = action_targets(action=action, zip_code=postal_code, district=district)
    if lookup.district_choices:
        raise DistrictRequired(lookup.district_choices)
    targets = [t for t in lookup.targets if t.in_office]
    if not targets:
        raise NoOfficialsFound(postal_code)
    return targets


def pledge_create(*, action: PostcardAction, data: PledgeInput) -> PledgeResult:
    """Record a pledge to the officials the advocate chose; email them their postcards' link.

    Raises ActionClosed, NoOfficialsFound for a ZIP code with none, DistrictRequired
    when the ZIP code spans districts and none was chosen, or PledgeTargetsInvalid when
    the chosen targets are none or not among the address's. A second pledge from the same
    address changes nothing and emails the first one's link again.
    """
    if not action.is_open():
        raise ActionClosed(action.slug)
    if not 1 <= data.count <= 100:
        raise ValueError("a pledge is of 1 to 100 postcards")
    targets = pledge_targets(action=action, postal_code=data.postal_code, district=data.district)
    if data.target_ids is not None:
        offered = {t.target.pk for t in targets}
        chosen = set(data.target_ids)
        # The form offers only the address's targets: anything else is a tampered post.
        if not chosen or not chosen <= offered:
            raise PledgeTargetsInvalid(sorted(chosen - offered))
        targets = [t for t in targets if t.target.pk in chosen]
    email = core_services.single_line_check(data.email, field="email").strip().lower()
    with transaction.atomic():
        person, _created = _person_get_or_create(email=email, data=data)
        pledge = PostcardPledge(
            action=action,
            person=person,
            count=data.count,
            consent_texts={str(k): v for k, v in (data.consent_texts or {}).items()},
            source=data.source[:100],
            referrer=data.referrer[:500],
            landing_url=data.landing_url[:500],
        )
        created = _insert_unless_exists(pledge, unique=("action", "person"))
        if created:
            pledge.targets.set([t.target for t in targets])
            Action.objects.filter(pk=action.pk).update(participants=F("participants") + 1)
        else:
            pledge = PostcardPledge.objects.get(action=action, person=person)
        from campaigns.tasks import pledge_email_send

        # Sent by a worker: a slow or failing mail service never fails the pledge.
        transaction.on_commit(lambda: pledge_email_send.delay(pledge.pk))
    return PledgeResult(created=created, pledge=pledge)


def pledge_email_send(*, pledge_id: int) -> bool:
    """Email a pledger the link to their printable postcards; say whether it left."""
    pledge = (
        PostcardPledge.objects.select_related("person", "action__campaign")
        .filter(pk=pledge_id)
        .first()
    )
    if pledge is None:
        return False
    person = pledge.person
    if person.erased_at or person.email_status in (
        Person.EmailStatus.BOUNCING,
        Person.EmailStatus.SUPPRESSED,
    ):
        return False
    if core_selectors.address_is_suppressed(email=person.email):
        return False
    with translation.override(person.language):
        context = {
            "person": person,
            "pledge": pledge,
            "action": pledge.action,
            "print_url": _print_url(pledge),
            "consents_url": participation_consents_url(pledge) if pledge.consent_texts else "",
        }
    email_build(
        template="campaigns/postcard_pledged",
        context=context,
        to=[person.email],
        language=person.language,
    ).send()
    return True


# ------------------------------------------------------------------------------
# Printing and mailing
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Postcard:
    """One postcard to print: whom it goes to, where, and the suggested words."""

    target: ResolvedTarget
    address: str
    message: str


def postcards_for_pledge(*, pledge: PostcardPledge) -> list[Postcard]:
    """Return one postcard per official of a pledge, addressed and with its message filled."""
    person = pledge.person
    advocate = Advocate(
        given_name=person.given_name,
        family_name=person.family_name,
        zip_code=person.postal_code,
    )
    cards = []
    for target_id in pledge.targets.order_by("pk").values_list("pk", flat=True):
        target = resolved_target(target_id=target_id)
        values = placeholder_values(target=target, advocate=advocate, action=pledge.action)
        address = target.mail_addresses[0] if target.mail_addresses else ""
        heading = "\n".join(part for part in (target.name, target.title) if part)
        cards.append(
            Postcard(
                target=target,
                address=f"{heading}\n{address}".strip(),
                message=placeholders_fill(pledge.action.message, values),
            )
        )
    return cards


def pledge_mailed(*, pledge_id: int, count: int) -> bool:
    """Record that a pledge's postcards went in the post; the drive's count moves once.

    Returns whether it counted now; a second report, or a count above the pledge,
    changes nothing.
    """
    if count < 1:
        return False
    with transaction.atomic():
        # The claim and the count check are one UPDATE, so two reports at once count once.
        claimed = PostcardPledge.objects.filter(
            pk=pledge_id, mailed_at__isnull=True, count__gte=count
        ).update(mailed_count=count, mailed_at=timezone.now())
        if not claimed:
            return False
        action_id = PostcardPledge.objects.filter(pk=pledge_id).values_list("action_id", flat=True)
        PostcardAction.objects.filter(pk__in=action_id).update(
            mailed_count=F("mailed_count") + count
        )
    return True


# ------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------
PLEDGE_CSV_COLUMNS = [
    "first_name", "last_name", "email", "postal_code", "pledged", "mailed", "mailed_at",
    "pledged_at", "to", "source", "consents",
]  # fmt: skip


def pledges_csv(*, actions: list[PostcardAction], out: IO[str]) -> int:
    """Write the pledges of `actions` as CSV to `out`; return how many rows."""
    writer = csv.writer(out)
    writer.writerow(PLEDGE_CSV_COLUMNS)
    rows = (
        PostcardPledge.objects.filter(action__in=actions, person__erased_at__isnull=True)
        .select_related("person")
        .prefetch_related("targets__official")
        .order_by("created_at", "pk")
    )
    count = 0
    for pledge in rows:
        person = pledge.person
        writer.writerow(
            _csv_safe(value)
            for value in (
                person.given_name, person.family_name, person.email, person.postal_code,
                pledge.count, pledge.mailed_count,
                pledge.mailed_at.isoformat() if pledge.mailed_at else "",
                pledge.created_at.isoformat(), "; ".join(str(t) for t in pledge.targets.all()),
                pledge.source, "; ".join(pledge.consent_texts or {}),
            )
        )  # fmt: skip
        count += 1
    return count
