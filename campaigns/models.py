"""Campaigns, issue pages, people and the actions they take.

Names follow OSDI where it has one (advocacy campaign, petition, signature, person,
target). An action is one base row (source tracking, dedupe, consent, export) with a
typed subtype per kind: petitions now, letters, calls and the rest later.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ONE_LINE, LanguageField, TimeStampedModel


class IssuePage(TimeStampedModel):
    """A focus page on one part of the problem: climate change, cobalt mining, ..."""

    title = models.CharField(_("title"), max_length=200, validators=[ONE_LINE])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.CharField(_("summary"), max_length=300, validators=[ONE_LINE])
    body = models.TextField(
        _("body"), help_text=_("Markdown. Rendered and sanitised; no HTML of your own runs.")
    )
    hero_image = models.ImageField(_("hero image"), upload_to="issues/", blank=True)
    hero_alt = models.CharField(
        _("hero image description"), max_length=300, blank=True, validators=[ONE_LINE]
    )
    last_reviewed = models.DateField(_("last updated"), default=timezone.localdate)
    # The legislation subject whose bills this page follows ("prison-labor").
    subject = models.ForeignKey(
        "legislation.Subject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issue_pages",
        verbose_name=_("bill subject"),
    )
    bills = models.ManyToManyField(
        "legislation.Bill", blank=True, related_name="issue_pages", verbose_name=_("bills")
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("issue page")
        verbose_name_plural = _("issue pages")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:issue_detail", kwargs={"slug": self.slug})


class Resource(models.Model):
    """A report, post, film or fact sheet an issue page recommends."""

    class Kind(models.TextChoices):
        REPORT = "report", _("report")
        BLOG_POST = "blog_post", _("blog post")
        FILM = "film", _("film")
        FACT_SHEET = "fact_sheet", _("fact sheet")

    issue = models.ForeignKey(
        IssuePage, on_delete=models.CASCADE, related_name="resources", verbose_name=_("issue")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    title = models.CharField(_("title"), max_length=300, validators=[ONE_LINE])
    publisher = models.CharField(_("publisher"), max_length=200, validators=[ONE_LINE])
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    url = models.URLField(_("URL"), max_length=500)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.title


class Campaign(TimeStampedModel):
    """An advocacy campaign: one ask, one or more organisations, and its actions."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        LIVE = "live", _("live")
        WON = "won", _("won")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=200, validators=[ONE_LINE])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.CharField(_("summary"), max_length=300, validators=[ONE_LINE])
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown, sanitised."))
    organisations = models.ManyToManyField(
        "core.Organisation", related_name="campaigns", verbose_name=_("sponsoring organisations")
    )
    issues = models.ManyToManyField(
        IssuePage, blank=True, related_name="campaigns", verbose_name=_("issues")
    )
    bills = models.ManyToManyField(
        "legislation.Bill", blank=True, related_name="campaigns", verbose_name=_("bills")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status, default=Status.DRAFT, db_index=True
    )
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    victory_message = models.TextField(_("victory message"), blank=True)
    hero_image = models.ImageField(_("hero image"), upload_to="campaigns/", blank=True)
    hero_alt = models.CharField(
        _("hero image description"), max_length=300, blank=True, validators=[ONE_LINE]
    )
    share_text = models.CharField(
        _("share text"), max_length=280, blank=True, validators=[ONE_LINE]
    )
    featured = models.BooleanField(_("featured on the home page"), default=False)

    class Meta:
        ordering = ["-launched_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True)
                | Q(launched_at__isnull=True)
                | Q(ended_at__gte=F("launched_at")),
                name="campaign_ends_after_launch",
            )
        ]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class Target(models.Model):
    """Whom an action asks: an official, or a company or body with public channels."""

    official = models.ForeignKey(
        "representatives.Official",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="campaign_targets",
        verbose_name=_("official"),
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, validators=[ONE_LINE],
        help_text=_("For a company or body: Google, Amazon, Comcast, ..."),
    )  # fmt: skip
    website = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True, validators=[ONE_LINE])
    contact_url = models.URLField(_("contact form"), max_length=500, blank=True)
    prefers_own_mail = models.BooleanField(
        _("prefers mail from the advocate's own address"),
        default=False,
        help_text=_(
            "Letters are not sent by the platform: advocates get links to send them "
            "from their own email."
        ),
    )
    # A company's accounts (an official's come from their own record): network -> handle.
    handles = models.JSONField(
        _("social handles"),
        default=dict,
        blank=True,
        help_text=_('Network to handle, such as {"x": "amazon", "bluesky": "amazon.com"}.'),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(official__isnull=False) | ~Q(name=""),
                name="target_names_someone",
            )
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.official.name if self.official_id else self.name


class TargetLevel(models.TextChoices):
    """Whom an action asks, by the seat they hold for the advocate's address."""

    EXECUTIVE = "executive", _("the President and Vice President")
    US_SENATE = "us_senate", _("my U.S. senators")
    US_HOUSE = "us_house", _("my U.S. representative")
    GOVERNOR = "governor", _("my governor")
    STATE_UPPER = "state_upper", _("my state senator")
    STATE_LOWER = "state_lower", _("my state representative")
    MAYOR = "mayor", _("my mayor")


class Position(models.TextChoices):
    SUPPORT = "support", _("support")
    OPPOSE = "oppose", _("oppose")


class Action(TimeStampedModel):
    """What a campaign asks people to do; the base every typed action shares."""

    class Kind(models.TextChoices):
        PETITION = "petition", _("petition")
        LETTER = "letter", _("letter")
        CALL = "call", _("call")
        POSTCARD = "postcard", _("postcard drive")
        EVENT = "event", _("event")
        SOCIAL = "social", _("social post")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="actions", verbose_name=_("campaign")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    title = models.CharField(_("title"), max_length=200, validators=[ONE_LINE])
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    ask = models.TextField(_("what we ask"), help_text=_("Markdown, sanitised."))
    targets = models.ManyToManyField(Target, blank=True, verbose_name=_("targets"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed by hand at"), null=True, blank=True)
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Followers of its organisations and issues hear of it at once."),
    )
    # Officials chosen by the seat they hold for each advocate's address (TargetLevel
    # values), on top of the named targets above.
    target_levels = models.JSONField(_("target by level"), default=list, blank=True)
    # The bill the action is about: its placeholders, and "vote coming up" ordering.
    bill = models.ForeignKey(
        "legislation.Bill",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_actions",
        verbose_name=_("bill"),
    )
    position = models.CharField(
        _("position on the bill"), max_length=8, choices=Position, blank=True
    )
    # People who took part (a letter sent, a call logged, a postcard pledged, an RSVP, a
    # post made), moved by an atomic UPDATE in the transaction that records them. A
    # petition counts confirmed signatures in its own counter instead.
    participants = models.PositiveIntegerField(_("people who took part"), default=0)

    class Meta:
        ordering = ["campaign", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    # Counters moved only by atomic UPDATEs: a plain save() never writes them back.
    COUNTERS = frozenset({"participants", "confirmed_count", "mailed_count"})

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            # Saving an edited action (the admin) must not write back the counts it read
            # when the form opened: what people did since then would be lost. Only an
            # explicit update_fields may set them.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.COUNTERS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(f"campaigns:{self.kind}_detail", kwargs={"slug": self.slug})

    def is_open(self, *, now=None) -> bool:
        """Whether it takes part now: its campaign is live and it has not ended or closed."""
        now = now or timezone.now()
        return (
            self.campaign.status == Campaign.Status.LIVE
            and self.closed_at is None
            and (self.ends_at is None or now < self.ends_at)
        )


class Petition(Action):
    """A petition: signatures counted exactly, shown only once confirmed."""

    goal = models.PositiveIntegerField(_("goal"), default=1000)
    # Updated atomically (F() + 1) when a signature is confirmed; a test compares it with
    # COUNT under concurrent signing.
    confirmed_count = models.PositiveIntegerField(_("confirmed signatures"), default=0)
    ask_postal_code = models.BooleanField(_("ask for a postal code"), default=True)
    ask_comment = models.BooleanField(_("ask for a comment"), default=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    def save(self, *args, **kwargs):
        self.kind = Action.Kind.PETITION
        super().save(*args, **kwargs)


class LetterAction(Action):
    """A letter an organisation prepared, sent to each target under the advocate's name."""

    subjects = models.TextField(
        _("subject lines"),
        help_text=_("One per line; each letter takes one, so offices do not see identical mail."),
    )
    body = models.TextField(
        _("letter"),
        help_text=_("Plain text. Placeholders in braces, such as {official_salutation}."),
    )
    personal_min_length = models.PositiveSmallIntegerField(
        _("personal sentence, minimum characters"),
        default=0,
        help_text=_("0: the advocate may add their own words but need not."),
    )
    max_length = models.PositiveIntegerField(_("longest letter, in characters"), default=5000)
    editable = models.BooleanField(_("advocates may edit the letter"), default=True)

    class Meta:
        verbose_name = _("letter action")
        verbose_name_plural = _("letter actions")

    def save(self, *args, **kwargs):
        self.kind = Action.Kind.LETTER
        super().save(*args, **kwargs)

    @property
    def subject_lines(self) -> list[str]:
        return [line.strip() for line in self.subjects.splitlines() if line.strip()]


class CallAction(Action):
    """A phone call to each target, with a script."""

    script = models.TextField(
        _("call script"), help_text=_("Plain text. Placeholders in braces, as in letters.")
    )

    class Meta:
        verbose_name = _("call action")
        verbose_name_plural = _("call actions")

    def save(self, *args, **kwargs):
        self.kind = Action.Kind.CALL
        super().save(*args, **kwargs)


class PostcardAction(Action):
    """A postcard drive: people pledge postcards, print them, mail them, and say so."""

    goal = models.PositiveIntegerField(_("goal in postcards"), default=100)
    # Postcards people said they mailed; moved atomically, as a petition's count is.
    mailed_count = models.PositiveIntegerField(_("postcards mailed"), default=0)
    message = models.TextField(
        _("suggested message"), help_text=_("Plain text. Placeholders in braces, as in letters.")
    )

    class Meta:
        verbose_name = _("postcard drive")
        verbose_name_plural = _("postcard drives")

    def save(self, *args, **kwargs):
        self.kind = Action.Kind.POSTCARD
        super().save(*args, **kwargs)


class EventAction(Action):
    """A call to host events (rallies, vigils, letter-writing parties) and to attend them."""

    host_guidance = models.TextField(
        _("guidance for hosts"), blank=True, help_text=_("Markdown, sanitised.")
    )

    class Meta:
        verbose_name = _("event action")
        verbose_name_plural = _("event actions")

    def save(self, *args, **kwargs):
        self.kind = Action.Kind.EVENT
        super().save(*args, **kwargs)


class SocialAction(Action):
    """A public post that thanks a target or calls them out, addressed to their handle."""

    class Intent(models.TextChoices):
        THANK = "thank", _("thank")
        CALL_OUT = "call_out", _("call out")

    class Network(models.TextChoices):
        X = "x", "X"
        BLUESKY = "bluesky", "Bluesky"
        MASTODON = "mastodon", "Mastodon"
        FACEBOOK = "facebook", "Facebook"

    intent = models.CharField(_("intent"), max_length=8, choices=Intent, default=Intent.THANK)
    post_text = models.TextField(
        _("prepared post"),
        help_text=_("Plain text. {handle} is the target's handle on the network chosen."),
    )
    networks = models.JSONField(_("networks"), default=list, blank=True)

    class Meta:
        verbose_name = _("social action")
        verbose_name_plural = _("social actions")

    def save(self, *args, **kwargs):
        self.kind = Action.Kind.SOCIAL
        super().save(*args, **kwargs)


class Person(TimeStampedModel):
    """One row per email address: what we know of someone who took part."""

    class EmailStatus(models.TextChoices):
        SUBSCRIBED = "subscribed", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        BOUNCING = "bouncing", _("bouncing")
        SUPPRESSED = "suppressed", _("suppressed")

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    given_name = models.CharField(
        _("first name"), max_length=100, blank=True, validators=[ONE_LINE]
    )
    family_name = models.CharField(
        _("last name"), max_length=100, blank=True, validators=[ONE_LINE]
    )
    postal_code = models.CharField(
        _("postal code"), max_length=12, blank=True, validators=[ONE_LINE]
    )
    language = LanguageField()
    email_status = models.CharField(
        _("email status"), max_length=12, choices=EmailStatus, default=EmailStatus.SUBSCRIBED
    )
    # Set when the person's data was erased: the row stays so counts stay, empty of them.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.email


class Consent(models.Model):
    """A person's consent to hear from one organisation, with the exact words they saw."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("organisation"),
    )
    text = models.TextField(_("consent text shown"))
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.person} → {self.organisation}"


class Participation(models.Model):
    """What every action taken shares: who, when, where from, and the consents asked.

    One row per (action, person), so a person is counted once however often they act.
    Each typed action (signature, letter, call, ...) extends it.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="%(class)ss", verbose_name=_("person")
    )
    created_at = models.DateTimeField(_("taken at"), auto_now_add=True, db_index=True)
    # Organisation id -> the exact consent sentence shown beside the ticked box. The
    # consents take effect only once the address is confirmed.
    consent_texts = models.JSONField(_("consents asked for"), default=dict, blank=True)
    # Where the action came from: ?source=, the referring page, the landing URL.
    source = models.CharField(_("source code"), max_length=100, blank=True)
    referrer = models.CharField(_("referrer"), max_length=500, blank=True)
    landing_url = models.CharField(_("landing URL"), max_length=500, blank=True)

    class Meta:
        abstract = True


class Signature(Participation):
    """One person's signature on one petition; it counts and shows once confirmed."""

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("petition")
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    show_name = models.BooleanField(_("show my first name on the public list"), default=False)
    # The state (postal abbreviation) the ZIP code lies in, for the public list.
    region = models.CharField(_("state"), max_length=2, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The row is the confirmation email's queue: a sign request only INSERTs, and a
    # worker claims the rows still NULL here and mails them (see
    # services.signature_confirmations_send).
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    hidden = models.BooleanField(
        _("comment hidden"), default=False, help_text=_("Hide an abusive comment.")
    )

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "person"], name="one_signature_each")
        ]
        indexes = [
            models.Index(fields=["petition", "confirmed_at"]),
            # The reminder sweep: unconfirmed signatures with no reminder yet.
            models.Index(
                fields=["created_at"],
                condition=Q(confirmed_at__isnull=True, reminder_sent_at__isnull=True),
                name="signature_unconfirmed",
            ),
            models.Index(
                fields=["id"],
                condition=Q(confirmation_sent_at__isnull=True, confirmed_at__isnull=True),
                name="signature_unsent",
            ),
        ]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        # Never the address: this string shows in admin lists and delete confirmations.
        return f"signature #{self.pk} on {self.petition}"

    @property
    def public_name(self) -> str:
        """First name and last initial, as the public list shows a signer who opted in."""
        person = self.person
        initial = f" {person.family_name[:1]}." if person.family_name else ""
        return f"{person.given_name}{initial}".strip()


class Outreach(Participation):
    """One advocate reaching one target for one action: a letter, a call, a post.

    One row per (action, person, target), so nothing is sent twice, retries included.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        CWC = "cwc", _("Communicating with Congress")
        HANDOFF = "handoff", _("handed to the advocate")
        OWN_MAIL = "own_mail", _("the advocate's own email")
        PHONE = "phone", _("phone")
        SOCIAL = "social", _("social post")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered")
        BOUNCED = "bounced", _("bounced")
        HANDED_OFF = "handed_off", _("handed off")
        FAILED = "failed", _("failed")
        LEFT_OFFICE = "left_office", _("left office")
        DONE = "done", _("done")

    class Outcome(models.TextChoices):
        REACHED = "reached", _("reached a person")
        VOICEMAIL = "voicemail", _("left a voicemail")
        BUSY = "busy", _("busy or no answer")

    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("supports")
        OPPOSES = "opposes", _("opposes")
        UNDECIDED = "undecided", _("undecided")
        UNKNOWN = "unknown", _("did not say")

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="outreaches", verbose_name=_("action")
    )
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, related_name="outreaches", verbose_name=_("target")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    status = models.CharField(_("status"), max_length=12, choices=Status, db_index=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True, validators=[ONE_LINE])
    body = models.TextField(_("text"), blank=True)
    # The social network a post went to.
    network = models.CharField(_("network"), max_length=10, blank=True)
    outcome = models.CharField(_("call outcome"), max_length=10, choices=Outcome, blank=True)
    stance = models.CharField(_("stance"), max_length=10, choices=Stance, blank=True)
    # A message to an official travels as a representatives Delivery (email, CWC or
    # hand-off), which keeps its own attempts; this row mirrors its status.
    delivery = models.OneToOneField(
        "representatives.Delivery",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach",
        verbose_name=_("delivery"),
    )
    esp_message_id = models.CharField(
        _("ESP message id"), max_length=255, blank=True, db_index=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    handed_off_at = models.DateTimeField(_("handed off at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    # Set when the advocate was told that a letter they thought on its way did not
    # arrive (left office, failed, bounced); claimed before the notice is sent.
    notified_at = models.DateTimeField(_("advocate notified at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "person", "target"], name="one_outreach_each")
        ]
        indexes = [
            models.Index(fields=["action", "status"]),
            # Per-target daily limits count a target's messages since midnight.
            models.Index(fields=["target", "created_at"]),
        ]
        verbose_name = _("outreach")
        verbose_name_plural = _("outreaches")

    def __str__(self) -> str:
        return f"outreach #{self.pk} to {self.target} ({self.get_status_display()})"


class PostcardPledge(Participation):
    """A promise to mail postcards for a drive, and, later, word that they were mailed."""

    action = models.ForeignKey(
        PostcardAction, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("drive")
    )
    count = models.PositiveSmallIntegerField(_("postcards pledged"))
    targets = models.ManyToManyField(Target, blank=True, verbose_name=_("to whom"))
    mailed_count = models.PositiveSmallIntegerField(_("postcards mailed"), default=0)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["action", "person"], name="one_pledge_each"),
            models.CheckConstraint(
                condition=Q(count__gte=1, count__lte=100), name="pledge_count_in_range"
            ),
        ]
        verbose_name = _("postcard pledge")
        verbose_name_plural = _("postcard pledges")

    def __str__(self) -> str:
        return f"pledge #{self.pk} of {self.count} for {self.action}"


class Event(Participation):
    """An event a supporter proposes under an event action; public once staff approve it.

    The person is its host.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        CANCELLED = "cancelled", _("cancelled")

    action = models.ForeignKey(
        EventAction, on_delete=models.CASCADE, related_name="events", verbose_name=_("action")
    )
    title = models.CharField(_("title"), max_length=200, validators=[ONE_LINE])
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=5000)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    venue = models.CharField(_("place"), max_length=200, validators=[ONE_LINE])
    street = models.CharField(
        _("street address"), max_length=200, blank=True, validators=[ONE_LINE]
    )
    city = models.CharField(_("city"), max_length=100, validators=[ONE_LINE])
    state = models.CharField(_("state"), max_length=2, blank=True, db_index=True)
    postal_code = models.CharField(
        _("postal code"), max_length=12, blank=True, validators=[ONE_LINE]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PROPOSED, db_index=True
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    rsvp_count = models.PositiveIntegerField(_("RSVPs"), default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
            )
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:event_page", kwargs={"slug": self.slug})


class RSVP(Participation):
    """A person's word that they will come to an event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("event")
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="one_rsvp_each")]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")

    def __str__(self) -> str:
        return f"RSVP #{self.pk} to {self.event}"
