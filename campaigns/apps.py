from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Campaigns, issue pages, petitions and the other actions supporters take.

    The top of the dependency chain: it may import legislation, representatives and
    core; none of them imports it.
    """

    name = "campaigns"
    verbose_name = _("Campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from campaigns.selectors import campaign_links_for_bill
        from legislation.services import campaigns_provider_register

        # The bill page lists the campaigns about the bill without importing this app.
        campaigns_provider_register(campaign_links_for_bill)

        from campaigns import alerts

        # Alerts follow organisations and issue pages without importing this app.
        alerts.follow_kinds_register()
        from campaigns import receivers  # noqa: F401 - connects the tracking receiver
