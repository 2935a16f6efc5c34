from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """Expose the few settings that templates need."""
    return {
        "SITE_URL": settings.SITE_URL,
        "OUTBOX_PAGE_ENABLED": settings.OUTBOX_PAGE_ENABLED,
    }
