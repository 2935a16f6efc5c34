from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    """Bills, their actions and status, state-law tracking, and bill-status alerts.

    Imports from core and representatives; campaigns builds on it.
    """

    name = "legislation"
    verbose_name = _("Legislation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from legislation import receivers  # noqa: F401 - connects the tracking receiver
