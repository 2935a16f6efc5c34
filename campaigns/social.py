"""Social actions: a prepared post to a target's handle, and the record that it was made.

The site never posts for anyone. It opens the network's own compose page with the text
filled in, and the advocate posts (or not) from their own account. What is recorded is
that they opened it: one Outreach per (person, target, action) on the social channel,
so a person who posts to X and then to Bluesky about the same target counts once.
"""

import csv
import re
from dataclasses import dataclass
from typing import IO
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.db.models import F

from campaigns import services, targeting
from campaigns.exceptions import ActionClosed, NoOfficialsFound
from campaigns.models import Action, Outreach, Person, SocialAction, TargetLevel
from campaigns.placeholders import placeholder_values, placeholders_fill
from campaigns.targeting import ResolvedTarget
from core.models import Organisation

Network = SocialAction.Network

# The network's own page for writing a post; the text goes in the query string.
COMPOSE_URLS = {
    Network.X: "https://x.com/intent/post?text={text}",
    Network.BLUESKY: "https://bsky.app/intent/compose?text={text}",
    Network.MASTODON: "https://{instance}/share?text={text}",
    # Facebook's sharer takes a link and nothing else: no text can be filled in.
    Network.FACEBOOK: "https://www.facebook.com/sharer/sharer.php?u={url}",
}
# A Mastodon server is named by its host alone. Anything else (a scheme, a path, a port,
# "user@") could send the redirect after recording somewhere the advocate did not choose.
_HOSTNAME = re.compile(
    r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$"
)


class InvalidInstance(ValueError):
    """A Mastodon server name that is not a bare host name."""


def mastodon_instance_clean(value: str) -> str:
    """Return the host name of a Mastodon server as typed, or raise InvalidInstance."""
    host = (value or "").strip().lower()
    # People paste the address bar; only the exact scheme and a final slash are forgiven.
    host = host.removeprefix("https://").removesuffix("/")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidInstance(host) from exc
    if not _HOSTNAME.match(host):
        raise InvalidInstance(host)
    return host


def handle_display(*, network: str, handle: str) -> str:
    """A handle as a post mentions it: "@SenSenior", "@name.bsky.social", "@me@host"."""
    handle = handle.strip()
    if network == Network.FACEBOOK:
        return handle.lstrip("@")
    return "@" + handle.lstrip("@") if handle else ""


def compose_url(*, network: str, text: str, instance: str = "", share_url: str = "") -> str:
    """The network's compose page with the post filled in (Facebook: the link only)."""
    if network == Network.MASTODON:
        instance = mastodon_instance_clean(instance)
    return COMPOSE_URLS[network].format(
        text=quote(text, safe=""), instance=instance, url=quote(share_url, safe="")
    )


@dataclass(frozen=True)
class SocialButton:
    """One network's button for one target."""

    network: str
    label: str  # "X", "Bluesky"
    handle: str  # as the post mentions it
    text: str  # the post, filled in
    value: str  # what the button sends: "<target id>:<network>"


@dataclass(frozen=True)
class SocialTarget:
    target: ResolvedTarget
    buttons: list[SocialButton]


def target_handles(target: ResolvedTarget) -> dict[str, str]:
    """The target's handles: an official's own accounts, then what staff entered."""
    return {**target.handles, **(target.target.handles or {})}


def social_post_text(*, action: SocialAction, target: ResolvedTarget, handle: str) -> str:
    """The action's prepared post for one target and handle."""
    values = placeholder_values(target=target, advocate=None, action=action)
    return placeholders_fill(action.post_text, {**values, "handle": handle})


def social_targets(*, action: SocialAction, targets: list[ResolvedTarget]) -> list[SocialTarget]:
    """Each target with a button per network the action offers and the target is on."""
    offered = [network for network in Network if network in (action.networks or [])]
    found = []
    for target in targets:
        handles = target_handles(target)
        buttons = []
        for network in offered:
            handle = handle_display(network=network, handle=handles.get(network, ""))
            if not handle:
                continue
            buttons.append(
                SocialButton(
                    network=network,
                    label=network.label,
                    handle=handle,
                    text=social_post_text(action=action, target=target, handle=handle),
                    value=f"{target.target.pk}:{network.value}",
                )
            )
        found.append(SocialTarget(target=target, buttons=buttons))
    return found


def share_url(action: Action) -> str:
    """The campaign's public address, which a Facebook post links to."""
    return settings.SITE_URL + action.campaign.get_absolute_url()


# ------------------------------------------------------------------------------
# Recording
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SocialPostInput:
    """Who posted and where they came from; validated by the form."""

    email: str
    given_name: str = ""
    # Organisation id -> the exact sentence shown beside the box the advocate ticked.
    consent_texts: dict[int, str] | None = None
    source: str = ""
    referrer: str = ""
    landing_url: str = ""
    language: str = settings.LANGUAGE_CODE


def social_post_record(
    *, action: SocialAction, button: SocialButton, target: ResolvedTarget, data: SocialPostInput
) -> tuple[Outreach, bool]:
    """Record that a person opened a prepared post to a target; say whether it was new.

    The first post to a target counts; another network for the same target keeps the
    first row. The action's count of people moves on the person's first target only.
    Raises ActionClosed when the action takes part no more.
    """
    if not action.is_open():
        raise ActionClosed(action.slug)
    signature_like = services.SignatureInput(
        email=data.email, given_name=data.given_name, family_name="", language=data.language
    )
    with transaction.atomic():
        person, created = services._person_get_or_create(email=data.email, data=signature_like)
        if not created:
            services._person_fill_blanks(person, signature_like)
        # Locking the person serialises their posts, so two at once count them once.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        first_for_action = not Outreach.objects.filter(action=action, person=person).exists()
        outreach = Outreach(
            action=action,
            person=person,
            target=target.target,
            channel=Outreach.Channel.SOCIAL,
            status=Outreach.Status.DONE,
            network=button.network,
            body=button.text,
            consent_texts={str(k): v for k, v in (data.consent_texts or {}).items()},
            source=data.source[:100],
            referrer=data.referrer[:500],
            landing_url=data.landing_url[:500],
        )
        if not services._insert_unless_exists(outreach, unique=("action", "person", "target")):
            return Outreach.objects.get(action=action, person=person, target=target.target), False
        if first_for_action:
            # The campaign page's cache key reads this count, so the page shows it at once.
            Action.objects.filter(pk=action.pk).update(participants=F("participants") + 1)
            if outreach.consent_texts:
                # A post mails nothing else, so the consents link needs its own email.
                from campaigns.tasks import outreach_consents_email_send

                outreach_id = outreach.pk
                transaction.on_commit(lambda: outreach_consents_email_send.delay(outreach_id))
        return outreach, True


# ------------------------------------------------------------------------------
# The page's targets
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SocialLookup:
    """The targets a social action's page lists for a ZIP code, or why there are none."""

    targets: list[SocialTarget]
    district_choices: list[tuple[str, str]]
    notes: list[str]
    error: str = ""  # next to the ZIP field
    needs_zip: bool = False  # the action asks officials by seat and no ZIP was given


def social_lookup(*, action: SocialAction, zip_code: str = "", district: str = "") -> SocialLookup:
    """Return the action's targets and their buttons for a ZIP code (none needed for
    named targets or the President and Vice President)."""
    needs_zip = any(level != TargetLevel.EXECUTIVE for level in action.target_levels)
    if needs_zip and not zip_code:
        return SocialLookup(targets=[], district_choices=[], notes=[], needs_zip=True)
    try:
        lookup = targeting.action_targets(action=action, zip_code=zip_code, district=district)
    except NoOfficialsFound as exc:
        return SocialLookup(targets=[], district_choices=[], notes=[], error=str(exc))
    return SocialLookup(
        targets=social_targets(action=action, targets=lookup.targets),
        district_choices=lookup.district_choices,
        notes=lookup.notes,
    )


# ------------------------------------------------------------------------------
# Export: the outreach of any action kind
# ------------------------------------------------------------------------------
PARTICIPANTS_CSV_HEADER = [
    "action", "kind", "first_name", "last_name", "email", "postal_code", "target", "channel",
    "status", "network", "outcome", "stance", "created_at", "source", "referrer", "consents",
]  # fmt: skip


def participants_csv_write(*, action_ids: list[int], out: IO[str]) -> int:
    """Write the outreach rows of the actions as CSV (erased people left out); return how many."""
    writer = csv.writer(out)
    writer.writerow(PARTICIPANTS_CSV_HEADER)
    organisations = dict(Organisation.objects.values_list("pk", "name"))
    rows = (
        Outreach.objects.filter(action_id__in=action_ids, person__erased_at__isnull=True)
        .select_related("action", "person", "target__official")
        .order_by("action_id", "pk")
    )
    count = 0
    for outreach in rows.iterator(chunk_size=2000):
        person = outreach.person
        consents = "; ".join(
            organisations.get(int(pk), pk) for pk in (outreach.consent_texts or {})
        )
        writer.writerow(
            services._csv_safe(value)
            for value in (
                outreach.action.slug, outreach.action.kind, person.given_name,
                person.family_name, person.email, person.postal_code, str(outreach.target),
                outreach.channel, outreach.status, outreach.network, outreach.outcome,
                outreach.stance, outreach.created_at.isoformat(), outreach.source,
                outreach.referrer, consents,
            )
        )  # fmt: skip
        count += 1
    return count
