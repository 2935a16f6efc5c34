"""Bills, their history and status, organisations' positions, and state-law tracking.

Shaped after Open Civic Data (Open States): a jurisdiction is keyed by its OCD
jurisdiction id, a bill is unique within a legislative session, and actions carry OCD
action classifications. Status is derived from the actions in `legislation.status`.
"""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.models import ONE_LINE, LanguageField, TimeStampedModel


class Chamber(models.TextChoices):
    """Who acted: a chamber, the legislature as a whole, the executive, or the states."""

    UPPER = "upper", _("upper chamber")
    LOWER = "lower", _("lower chamber")
    LEGISLATURE = "legislature", _("legislature")
    EXECUTIVE = "executive", _("executive")
    STATES = "states", _("the states")


# Who can originate or schedule a bill: a chamber, or a unicameral legislature.
LEGISLATIVE_CHAMBERS = [
    (c.value, c.label) for c in (Chamber.UPPER, Chamber.LOWER, Chamber.LEGISLATURE)
]


class Subject(models.Model):
    """A topic from the hub's small curated vocabulary ("forced labor in supply chains").

    Campaign issue pages point at these slugs; legislation never needs to know them.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100, validators=[ONE_LINE])

    class Meta:
        ordering = ["name"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self) -> str:
        return self.name


class Jurisdiction(models.Model):
    """A government that makes law: the United States, or one state or DC."""

    class Classification(models.TextChoices):
        FEDERAL = "federal", _("federal")
        STATE = "state", _("state")

    ocd_id = models.CharField(_("OCD jurisdiction id"), max_length=200, unique=True)
    name = models.CharField(_("name"), max_length=100)
    classification = models.CharField(_("classification"), max_length=10, choices=Classification)
    # In URLs: "us" for the federal government, the postal code ("wa") for a state.
    slug = models.SlugField(_("slug"), max_length=10, unique=True)
    # Postal abbreviation for a state; blank for the federal government.
    state = models.CharField(_("state"), max_length=2, blank=True)

    class Meta:
        ordering = ["classification", "name"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self) -> str:
        return self.name

    @property
    def is_federal(self) -> bool:
        return self.classification == self.Classification.FEDERAL


class LegislativeSession(models.Model):
    """A Congress ("115") or a state's session ("2025-2026")."""

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("jurisdiction"),
    )
    identifier = models.SlugField(_("identifier"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["jurisdiction", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "identifier"], name="session_unique_per_jurisdiction"
            )
        ]
        verbose_name = _("legislative session")
        verbose_name_plural = _("legislative sessions")

    def __str__(self) -> str:
        return f"{self.jurisdiction.name}, {self.name}"


class BillQuerySet(models.QuerySet):
    def for_list(self) -> "BillQuerySet":
        """What a list of bills shows, in a fixed number of queries."""
        return self.select_related("session__jurisdiction").prefetch_related("subjects")


def identifier_slug(identifier: str) -> str:
    """Return the URL form of a bill identifier: "S. 1693" → "s1693", "H.J.Res. 54" → "hjres54"."""
    return slugify(identifier).replace("-", "")


class Bill(TimeStampedModel):
    """A bill, resolution or proposed constitutional amendment in one session."""

    class Classification(models.TextChoices):
        BILL = "bill", _("bill")
        RESOLUTION = "resolution", _("resolution")
        CONCURRENT_RESOLUTION = "concurrent_resolution", _("concurrent resolution")
        JOINT_RESOLUTION = "joint_resolution", _("joint resolution")
        CONSTITUTIONAL_AMENDMENT = "constitutional_amendment", _("constitutional amendment")

    class Status(models.TextChoices):
        # GovTrack's vocabulary for Congress, a shorter one for states; see status.py.
        INTRODUCED = "introduced", _("Introduced")
        REFERRED = "referred", _("Referred to committee")
        REPORTED = "reported", _("Reported by committee")
        PASSED_SENATE = "passed_senate", _("Passed the Senate")
        PASSED_HOUSE = "passed_house", _("Passed the House")
        PASSED_FIRST = "passed_first", _("Passed the first chamber")
        PASSED_BOTH = "passed_both", _("Passed both chambers")
        AGREED = "agreed", _("Agreed to")
        SENT_TO_STATES = "sent_to_states", _("Passed Congress, sent to the states")
        RATIFIED = "ratified", _("Ratified by the states")
        ENACTED_SIGNED = "enacted_signed", _("Signed into law")
        ENACTED_UNSIGNED = "enacted_unsigned", _("Became law without a signature")
        ENACTED_VETO_OVERRIDE = "enacted_veto_override", _("Became law over a veto")
        ENACTED_VIA = "enacted_via", _("Enacted through another bill")
        VETOED = "vetoed", _("Vetoed")
        FAILED = "failed", _("Failed")

    session = models.ForeignKey(
        LegislativeSession,
        on_delete=models.PROTECT,
        related_name="bills",
        verbose_name=_("session"),
    )
    identifier = models.CharField(
        _("identifier"),
        max_length=30,
        validators=[ONE_LINE],
        help_text=_('As the legislature writes it: "S. 1693", "H.R. 1865", "SB 6008".'),
    )
    slug = models.SlugField(_("URL identifier"), max_length=30, editable=False)
    title = models.TextField(_("official title"))
    short_title = models.CharField(
        _("short title"), max_length=300, blank=True, validators=[ONE_LINE]
    )
    classification = models.CharField(
        _("classification"), max_length=30, choices=Classification, default=Classification.BILL
    )
    from_chamber = models.CharField(
        _("chamber of origin"),
        max_length=12,
        choices=LEGISLATIVE_CHAMBERS,
    )  # fmt: skip
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("In plain words, what the bill would do.")
    )
    subjects = models.ManyToManyField(
        Subject, related_name="bills", blank=True, verbose_name=_("subjects")
    )
    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=Status, default=Status.INTRODUCED, db_index=True
    )
    status_date = models.DateField(_("status date"), null=True, blank=True)
    status_locked = models.BooleanField(
        _("status set by hand"),
        default=False,
        help_text=_(
            "Keep the status below instead of deriving it from the actions, for state "
            "data whose actions are badly tagged."
        ),
    )

    objects = BillQuerySet.as_manager()

    class Meta:
        ordering = ["-status_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "identifier"], name="bill_unique_per_session"
            ),
            models.UniqueConstraint(
                fields=["session", "slug"], name="bill_slug_unique_per_session"
            ),
        ]
        indexes = [models.Index(fields=["status", "status_date"])]
        verbose_name = _("bill")
        verbose_name_plural = _("bills")

    def __str__(self) -> str:
        return f"{self.identifier} ({self.session.name})"

    def save(self, *args, **kwargs):
        self.slug = identifier_slug(self.identifier)
        if kwargs.get("update_fields") is not None and "identifier" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "legislation:bill_detail",
            kwargs={
                "jurisdiction": self.session.jurisdiction.slug,
                "session": self.session.identifier,
                "identifier": self.slug,
            },
        )

    @property
    def display_title(self) -> str:
        return self.short_title or self.title

    @property
    def is_enacted(self) -> bool:
        return self.status in ENACTED_STATUSES


ENACTED_STATUSES = frozenset(
    {
        Bill.Status.ENACTED_SIGNED,
        Bill.Status.ENACTED_UNSIGNED,
        Bill.Status.ENACTED_VETO_OVERRIDE,
        Bill.Status.ENACTED_VIA,
    }
)


class BillSource(models.Model):
    """An official page for the bill: the legislature's record, its text."""

    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, related_name="sources", verbose_name=_("bill")
    )
    url = models.URLField(_("URL"), max_length=500)
    note = models.CharField(_("note"), max_length=100, blank=True, validators=[ONE_LINE])

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["bill", "url"], name="bill_source_unique")]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.url


class BillAction(models.Model):
    """One step in a bill's history, as the legislature recorded it."""

    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, related_name="actions", verbose_name=_("bill")
    )
    date = models.DateField(_("date"))
    order = models.PositiveIntegerField(_("order"), default=0)
    chamber = models.CharField(_("by"), max_length=12, choices=Chamber)
    description = models.TextField(_("description"))
    # OCD action classifications ("introduction", "passage", "executive-signature", ...),
    # plus "ratification" for a state ratifying a constitutional amendment.
    classification = models.JSONField(_("classification"), default=list, blank=True)

    class Meta:
        ordering = ["date", "order", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return f"{self.date}: {self.description[:80]}"


class Sponsorship(models.Model):
    """A legislator who sponsored or cosponsored the bill."""

    class Classification(models.TextChoices):
        PRIMARY = "primary", _("sponsor")
        COSPONSOR = "cosponsor", _("cosponsor")

    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, related_name="sponsorships", verbose_name=_("bill")
    )
    official = models.ForeignKey(
        "representatives.Official",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsorships",
        verbose_name=_("official"),
    )
    # Kept even when the official is known: the name and party as of the sponsorship.
    name = models.CharField(_("name"), max_length=200, validators=[ONE_LINE])
    party = models.CharField(_("party"), max_length=50, blank=True)
    classification = models.CharField(_("classification"), max_length=10, choices=Classification)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["classification", "joined_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["bill", "name"], name="sponsorship_unique_name")
        ]
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class RelatedBill(models.Model):
    """How one bill relates to another: companion, replaces, or enacted through it."""

    class Relation(models.TextChoices):
        COMPANION = "companion", _("companion bill")
        REPLACES = "replaces", _("replaces")
        PRIOR_SESSION = "prior_session", _("reintroduces")
        ENACTED_VIA = "enacted_via", _("enacted through")

    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, related_name="relations", verbose_name=_("bill")
    )
    related_bill = models.ForeignKey(
        Bill,
        on_delete=models.CASCADE,
        related_name="related_from",
        verbose_name=_("related bill"),
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation)
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[ONE_LINE])

    class Meta:
        ordering = ["relation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bill", "related_bill", "relation"], name="related_bill_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(bill=models.F("related_bill")), name="related_bill_not_self"
            ),
        ]
        verbose_name = _("related bill")
        verbose_name_plural = _("related bills")

    def __str__(self) -> str:
        return (
            f"{self.bill.identifier} {self.get_relation_display()} {self.related_bill.identifier}"
        )


class BillPosition(TimeStampedModel):
    """An organisation's stand on a bill, in its own words."""

    class Position(models.TextChoices):
        SUPPORT = "support", _("supports")
        OPPOSE = "oppose", _("opposes")
        WATCHING = "watching", _("is watching")

    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, related_name="positions", verbose_name=_("bill")
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="bill_positions",
        verbose_name=_("organisation"),
    )
    position = models.CharField(_("position"), max_length=10, choices=Position)
    statement = models.TextField(_("statement"), blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["bill", "organisation"], name="position_unique")
        ]
        verbose_name = _("organisation position")
        verbose_name_plural = _("organisation positions")

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_position_display()} {self.bill.identifier}"


class FloorSchedule(models.Model):
    """A chamber's plan to take the bill up on a date: the moment to call."""

    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("bill")
    )
    chamber = models.CharField(
        _("chamber"),
        max_length=12,
        choices=LEGISLATIVE_CHAMBERS,
    )  # fmt: skip
    scheduled_for = models.DateField(_("scheduled for"))
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[ONE_LINE])

    class Meta:
        ordering = ["scheduled_for"]
        constraints = [
            models.UniqueConstraint(
                fields=["bill", "chamber", "scheduled_for"], name="floor_schedule_unique"
            )
        ]
        verbose_name = _("scheduled floor consideration")
        verbose_name_plural = _("scheduled floor considerations")

    def __str__(self) -> str:
        return f"{self.bill.identifier}: {self.get_chamber_display()} {self.scheduled_for}"


class BillEvent(models.Model):
    """Something alerts tell followers about: a step in a bill's life, or other news.

    Most events are about a bill. Others (a campaign launched, an urgent action) have no
    bill: they carry a title, a link and the follow keys they concern in `targets`
    ("organisation:polaris", "issue:prison-labor"), so the downstream app that records
    them is never imported here. Append-only: rows are never changed or deleted. Each
    carries a key derived from what happened, unique per bill (or among the events with
    no bill), so re-saving or re-importing adds nothing. Alerts decide what is new for a
    subscriber by this table's id, never by dates.
    """

    class Kind(models.TextChoices):
        TRACKED = "tracked", _("bill added")
        STATUS = "status", _("status change")
        ACTION = "action", _("new action")
        COSPONSOR = "cosponsor", _("cosponsor added")
        SCHEDULED = "scheduled", _("vote coming up")
        LAUNCHED = "launched", _("campaign launched")
        URGENT = "urgent", _("urgent action")

    bill = models.ForeignKey(
        Bill,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("bill"),
    )
    key = models.CharField(_("key"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    happened_on = models.DateField(_("happened on"))
    # For an event with no bill: what the email names, and where it links (a path in the
    # site's default language, or an absolute URL).
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Follow keys the event concerns besides its bill's own ("organisation:polaris"); read
    # with the event in the fan-out's one query.
    targets = models.JSONField(_("also concerns"), default=list, blank=True)
    # What the email says, in the language of the data (English for now).
    description = models.TextField(_("description"))
    status = models.CharField(_("status then"), max_length=30, choices=Bill.Status, blank=True)
    # The history a bill arrives with is recorded, but only its arrival is news.
    notify = models.BooleanField(_("worth an alert"), default=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["bill", "key"], name="event_unique_key"),
            # NULL bills are all distinct to the constraint above.
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(bill__isnull=True),
                name="event_unique_key_without_bill",
            ),
            models.CheckConstraint(
                condition=models.Q(bill__isnull=False) | ~models.Q(title=""),
                name="event_without_bill_has_title",
            ),
        ]
        verbose_name = _("alert event")
        verbose_name_plural = _("alert events")

    def __str__(self) -> str:
        subject = self.bill.identifier if self.bill_id else self.title
        return f"{subject}: {self.description[:80]}"


class LawTopic(models.Model):
    """A kind of state law the hub tracks in every state, such as safe harbor for minors."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100, validators=[ONE_LINE])
    description = models.TextField(_("description"))
    subject = models.ForeignKey(
        Subject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="law_topics",
        verbose_name=_("subject"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("state-law topic")
        verbose_name_plural = _("state-law topics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("legislation:law_topic", kwargs={"slug": self.slug})


class StateLaw(models.Model):
    """Where one state stands on a tracked topic: has such a law, a partial one, or none."""

    class Status(models.TextChoices):
        HAS = "has", _("Has a law")
        PARTIAL = "partial", _("Partial protection")
        NONE = "none", _("No law")

    topic = models.ForeignKey(
        LawTopic, on_delete=models.CASCADE, related_name="states", verbose_name=_("topic")
    )
    state = models.CharField(_("state"), max_length=2)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    summary = models.TextField(_("summary"), blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    bills = models.ManyToManyField(Bill, blank=True, related_name="state_laws")

    class Meta:
        ordering = ["topic", "state"]
        constraints = [models.UniqueConstraint(fields=["topic", "state"], name="state_law_unique")]
        verbose_name = _("state law")
        verbose_name_plural = _("state laws")

    def __str__(self) -> str:
        return f"{self.topic}: {self.state} ({self.get_status_display()})"


class StateShape(models.Model):
    """A state's outline as an SVG path, imported from the us-atlas TopoJSON."""

    state = models.CharField(_("state"), max_length=2, unique=True)
    fips = models.CharField(_("FIPS code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    path = models.TextField(_("SVG path"))
    # Where the state's label or marker goes: the centre of its largest ring's box.
    label_x = models.FloatField(_("label x"))
    label_y = models.FloatField(_("label y"))

    class Meta:
        ordering = ["state"]
        verbose_name = _("state shape")
        verbose_name_plural = _("state shapes")

    def __str__(self) -> str:
        return self.name


class AlertSubscriber(models.Model):
    """An email address that follows bills, with no account behind it."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    language = LanguageField()
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Set by an unsubscribe, a bounce or a complaint; nothing is ever sent after it.
    suppressed_at = models.DateTimeField(_("suppressed at"), null=True, blank=True)
    suppressed_reason = models.CharField(_("why suppressed"), max_length=100, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("alert subscriber")
        verbose_name_plural = _("alert subscribers")

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.suppressed_at is None


class AlertFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As it happens")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class AlertSubscription(models.Model):
    """What one address follows: a bill, a subject, a jurisdiction's bills, or a kind a
    downstream app registers in `legislation.hooks` (an organisation, an issue page).

    `target` names it in one indexed string ("bill:42", "subject:prison-labor",
    "jurisdiction:us", "organisation:polaris") so the fan-out matches events to
    followers in one query.
    `cursor` is the id of the last event considered for it: what is new is decided by
    event id, never by dates.
    """

    subscriber = models.ForeignKey(
        AlertSubscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    # Long enough for a kind and a 100-character slug.
    target = models.CharField(_("follows"), max_length=120)
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, null=True, blank=True)
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, null=True, blank=True)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, null=True, blank=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=AlertFrequency)
    cursor = models.BigIntegerField(_("last event considered"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "target"], name="subscription_unique")
        ]
        indexes = [models.Index(fields=["frequency", "target", "cursor"])]
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")

    def __str__(self) -> str:
        return f"{self.subscriber} follows {self.target}"


class AlertRun(models.Model):
    """One dispatch: the events up to an id, for one frequency, fanned out once."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=AlertFrequency)
    upper_event_id = models.BigIntegerField(_("last event included"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    batches = models.PositiveIntegerField(_("batches"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("alert run")
        verbose_name_plural = _("alert runs")

    def __str__(self) -> str:
        return self.key


class AlertDelivery(models.Model):
    """One email to one subscriber in one run: the unit that is sent once and only once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent")
        FAILED = "failed", _("failed")

    run = models.ForeignKey(AlertRun, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        AlertSubscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    batch = models.PositiveIntegerField(_("batch"))
    event_ids = models.JSONField(_("events"), default=list)
    # The subscription targets that matched, for "because you follow S. 1693".
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    esp_message_id = models.CharField(_("ESP message id"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "subscriber"], name="alert_delivery_unique")
        ]
        indexes = [
            models.Index(fields=["run", "batch", "status"]),
            models.Index(fields=["status", "claimed_at"]),
        ]
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")

    def __str__(self) -> str:
        return f"{self.run} → {self.subscriber}"
