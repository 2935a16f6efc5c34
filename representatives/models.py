"""Officials, the offices they hold and the divisions those offices serve.

Shaped after Open Civic Data: divisions are keyed by OCD division id, people carry
their bioguide, GovTrack and OCD person ids, and a term links a person to an office.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Division(models.Model):
    """A place that elects someone: the country, a state, a district, a city."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        STATE = "state", _("state")
        TERRITORY = "territory", _("territory")
        DISTRICT = "district", _("federal district")
        CONGRESSIONAL = "cd", _("congressional district")
        STATE_UPPER = "sldu", _("state senate district")
        STATE_LOWER = "sldl", _("state house district")
        PLACE = "place", _("city or town")

    ocd_id = models.CharField(_("OCD division id"), max_length=255, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    # Postal abbreviation, upper case ("WA", "DC", "PR"); blank for the country.
    state = models.CharField(_("state"), max_length=2, blank=True, db_index=True)
    # The Census Bureau's id as the OCD files give it ("place-5363000", "cd-5307"): what
    # the geocoder returns, so an address can be matched to a division.
    census_geoid = models.CharField(_("Census GEOID"), max_length=30, blank=True, db_index=True)

    class Meta:
        ordering = ["ocd_id"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A seat: "U.S. Senator for Washington", "President of the United States"."""

    class Level(models.TextChoices):
        FEDERAL_EXECUTIVE = "federal_executive", _("federal executive")
        US_SENATE = "us_senate", _("U.S. Senate")
        US_HOUSE = "us_house", _("U.S. House")
        STATE_EXECUTIVE = "state_executive", _("state executive")
        STATE_UPPER = "state_upper", _("state upper house")
        STATE_LOWER = "state_lower", _("state lower house")
        LOCAL = "local", _("local")

    title = models.CharField(_("title"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=Level, db_index=True)
    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="offices", verbose_name=_("division")
    )

    class Meta:
        ordering = ["level", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "level", "title"], name="office_unique_per_division"
            )
        ]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return f"{self.title}, {self.division.name}"


class Official(models.Model):
    """A person who holds, or held, an elected office."""

    name = models.CharField(_("name"), max_length=200)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    party = models.CharField(_("party"), max_length=100, blank=True)
    photo_url = models.URLField(_("photo URL"), max_length=500, blank=True)
    bioguide_id = models.CharField(
        _("bioguide id"), max_length=16, unique=True, null=True, blank=True
    )
    govtrack_id = models.PositiveIntegerField(_("GovTrack id"), unique=True, null=True, blank=True)
    ocd_person_id = models.CharField(
        _("OCD person id"), max_length=100, unique=True, null=True, blank=True
    )
    corrected_by_hand = models.BooleanField(
        _("corrected by hand"),
        default=False,
        help_text=_("Re-imports leave this official's names, channels and accounts alone."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["family_name", "name"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("representatives:official_detail", kwargs={"key": self.public_key})

    @property
    def public_key(self) -> str:
        """A key for URLs that survives re-imports: bioguide, OCD person or GovTrack id."""
        if self.bioguide_id:
            return self.bioguide_id
        if self.ocd_person_id:
            return self.ocd_person_id.removeprefix("ocd-person/")
        if self.govtrack_id:
            return f"govtrack-{self.govtrack_id}"
        return f"id-{self.pk}"


class TermQuerySet(models.QuerySet):
    def current(self) -> "TermQuerySet":
        return self.filter(is_current=True)


class Term(models.Model):
    """An official's time in an office."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="terms", verbose_name=_("official")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="terms", verbose_name=_("office")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    party = models.CharField(_("party"), max_length=100, blank=True)
    # A U.S. senator's class (1, 2 or 3): when the seat is next up, and part of the
    # office code Communicating with Congress addresses the senator by.
    senate_class = models.PositiveSmallIntegerField(
        _("Senate class"), null=True, blank=True, choices=[(1, "I"), (2, "II"), (3, "III")]
    )
    # Set by the importers: a term is current while its source still lists it.
    is_current = models.BooleanField(_("current"), default=True, db_index=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "office", "start_date"], name="term_unique_start"
            )
        ]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self) -> str:
        return f"{self.official} · {self.office}"


class ContactChannel(models.Model):
    """One way to reach an official: an email address, a phone, a contact form..."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("email")
        PHONE = "phone", _("phone")
        FAX = "fax", _("fax")
        CONTACT_FORM = "contact_form", _("contact form")
        WEBSITE = "website", _("website")
        ADDRESS = "address", _("mailing address")

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="channels", verbose_name=_("official")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    value = models.CharField(_("value"), max_length=500)
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        ordering = ["kind", "label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["official", "kind", "value"], name="channel_unique")
        ]
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class DistrictOffice(models.Model):
    """An office an official keeps in their district or state, with its phone."""

    official = models.ForeignKey(
        Official,
        on_delete=models.CASCADE,
        related_name="district_offices",
        verbose_name=_("official"),
    )
    source_id = models.CharField(_("source id"), max_length=100)
    address = models.CharField(_("address"), max_length=255, blank=True)
    suite = models.CharField(_("suite"), max_length=100, blank=True)
    building = models.CharField(_("building"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    fax = models.CharField(_("fax"), max_length=30, blank=True)
    hours = models.CharField(_("hours"), max_length=255, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["city", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["official", "source_id"], name="district_office_unique")
        ]
        verbose_name = _("district office")
        verbose_name_plural = _("district offices")

    def __str__(self) -> str:
        return f"{self.official} · {self.city}"


class SocialAccount(models.Model):
    """An official's public account on a social network."""

    class Platform(models.TextChoices):
        X = "x", "X"
        BLUESKY = "bluesky", "Bluesky"
        MASTODON = "mastodon", "Mastodon"
        FACEBOOK = "facebook", "Facebook"
        INSTAGRAM = "instagram", "Instagram"
        YOUTUBE = "youtube", "YouTube"

    official = models.ForeignKey(
        Official,
        on_delete=models.CASCADE,
        related_name="social_accounts",
        verbose_name=_("official"),
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform)
    handle = models.CharField(_("handle"), max_length=255)

    class Meta:
        ordering = ["platform"]
        constraints = [
            models.UniqueConstraint(fields=["official", "platform"], name="social_unique")
        ]
        verbose_name = _("social account")
        verbose_name_plural = _("social accounts")

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.handle}"


class ZipDistrict(models.Model):
    """A ZIP code (ZCTA) and one congressional district it overlaps."""

    zcta = models.CharField(_("ZIP code"), max_length=5, db_index=True)
    state = models.CharField(_("state"), max_length=2)
    division = models.ForeignKey(
        Division, on_delete=models.CASCADE, related_name="zip_codes", verbose_name=_("district")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zcta", "division"], name="zip_district_unique")
        ]
        verbose_name = _("ZIP code district")
        verbose_name_plural = _("ZIP code districts")

    def __str__(self) -> str:
        return f"{self.zcta} → {self.division.ocd_id}"


class DataImport(models.Model):
    """One run of an importer: where its data came from and how old it was."""

    source = models.CharField(_("source"), max_length=100, db_index=True)
    location = models.CharField(_("location"), max_length=1000)
    snapshot_date = models.DateField(_("snapshot date"), null=True, blank=True)
    congress = models.PositiveSmallIntegerField(_("Congress"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict)
    seconds = models.FloatField(_("seconds"), default=0)
    finished_at = models.DateTimeField(_("finished at"), default=timezone.now)

    class Meta:
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"
        verbose_name = _("data import")
        verbose_name_plural = _("data imports")

    def __str__(self) -> str:
        return f"{self.source} @ {self.finished_at:%Y-%m-%d}"


class Delivery(models.Model):
    """One message from one advocate to one official for one action, sent at most once."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        HANDOFF = "handoff", _("handed to the advocate")
        CWC = "cwc", _("Communicating with Congress")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered")
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("marked as spam")
        HANDED_OFF = "handed_off", _("handed off")
        FAILED = "failed", _("failed")

    action_key = models.CharField(
        _("action"), max_length=100, help_text=_("The action this message belongs to.")
    )
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("official")
    )
    sender_email = models.EmailField(_("sender email"))
    sender_name = models.CharField(_("sender name"), max_length=200)
    sender_address = models.TextField(_("sender postal address"))
    # The same person and address in parts, for channels that need them apart (CWC, a
    # printed letter). Blank when the action did not ask for them.
    sender_prefix = models.CharField(_("sender prefix"), max_length=10, blank=True)
    sender_first_name = models.CharField(_("sender first name"), max_length=100, blank=True)
    sender_last_name = models.CharField(_("sender last name"), max_length=100, blank=True)
    sender_street = models.CharField(_("sender street"), max_length=200, blank=True)
    sender_city = models.CharField(_("sender city"), max_length=100, blank=True)
    sender_state = models.CharField(_("sender state"), max_length=2, blank=True)
    sender_zip = models.CharField(_("sender ZIP code"), max_length=10, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    # The advocate's own words; the organisation's prepared text is kept apart from them.
    body = models.TextField(_("body"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_statement = models.TextField(_("organisation statement"), blank=True)
    position = models.CharField(
        _("position"),
        max_length=10,
        blank=True,
        choices=[("support", _("support")), ("oppose", _("oppose"))],
    )
    # Library of Congress policy areas, and bills as {"congress", "type", "number"}.
    topics = models.JSONField(_("topics"), default=list, blank=True)
    bills = models.JSONField(_("bills"), default=list, blank=True)
    more_info_url = models.URLField(_("more information"), max_length=500, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    status = models.CharField(_("status"), max_length=12, choices=Status, db_index=True)
    recipient_email = models.EmailField(_("recipient email"), blank=True)
    esp_message_id = models.CharField(
        _("ESP message id"), max_length=255, blank=True, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender_email", "official", "action_key"], name="delivery_once_per_action"
            )
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.sender_email} → {self.official} ({self.get_status_display()})"
