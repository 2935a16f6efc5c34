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
