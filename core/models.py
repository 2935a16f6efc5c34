import hashlib

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# For single-line text fields: a line break in a name or title could end up in a header.
ONE_LINE = RegexValidator(r"^[^\r\n]*$", _("Use one line, with no line breaks."))


def current_language() -> str:
    """Return the active language, narrowed to one the site offers."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(active)
    except LookupError:
        return settings.LANGUAGE_CODE


class LanguageField(models.CharField):
    """The language someone used when they signed up; every email to them is written in it.

    Subscription models (bill alerts, action alerts) and people carry one. Its default
    is the language of the request that creates the row.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("language"))
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("choices", settings.LANGUAGES)
        kwargs.setdefault("default", current_language)
        super().__init__(*args, **kwargs)


class TimeStampedModel(models.Model):
    """Creation and last-change times, for rows that people edit."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Organisation(TimeStampedModel):
    """A group whose campaigns, bill positions or resources the hub carries.

    It lives in `core` because every app refers to it (bill positions, campaign
    sponsors, resource publishers) and `core` imports none of them.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    website = models.URLField(_("website"), max_length=500)
    description = models.CharField(
        _("description"),
        max_length=300,
        help_text=_("One line, in our own words, on what the organisation does."),
    )
    logo = models.ImageField(_("logo"), upload_to="organisations/", blank=True)
    privacy_policy_url = models.URLField(
        _("privacy policy"),
        max_length=500,
        blank=True,
        help_text=_("Shown beside the consent box, so people know what they agree to."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:organisation_detail", kwargs={"slug": self.slug})


def email_hash(email: str) -> str:
    """Return the SHA-256 of an address, trimmed and lower-cased: what a suppression keeps."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class SuppressedAddress(models.Model):
    """An address that is never mailed again, kept only as a hash.

    Erasing a person's data keeps this row, so the address is suppressed without the
    hub holding it. A plain hash (no key) survives a change of SECRET_KEY.
    """

    email_hash = models.CharField(_("address hash"), max_length=64, unique=True)
    reason = models.CharField(_("reason"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self) -> str:
        return f"{self.email_hash[:12]}… ({self.reason})"


class OutboxMessage(models.Model):
    """An email kept on this machine instead of sent, for local use and tests."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    from_email = models.CharField(_("from"), max_length=320)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    body_text = models.TextField(_("text body"), blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("core:outbox_detail", kwargs={"pk": self.pk})

    @property
    def message_id(self) -> str:
        """Stand in for an ESP's message id, so callers store one either way."""
        return f"outbox-{self.pk}"
