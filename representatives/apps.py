from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepresentativesConfig(AppConfig):
    """Elected officials, their offices and districts, the lookup, and delivery channels.

    Imports only from core; campaigns builds on it.
    """

    name = "representatives"
    verbose_name = _("Officials")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from representatives import signals  # noqa: F401 - connects the webhook receiver
