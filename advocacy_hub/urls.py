"""Top-level URLs: pages under a language prefix (none for English), machines without."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from campaigns.views import petitions as petition_views
from core import views as core_views
from legislation import views as legislation_views
from representatives import views as representatives_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/officials", representatives_views.api_officials, name="api_officials"),
    path(
        "api/bills/<slug:jurisdiction>/<slug:session>/<slug:identifier>",
        legislation_views.api_bill,
        name="api_bill",
    ),
    path(
        "api/petitions/<slug:slug>/count",
        petition_views.api_petition_count,
        name="api_petition_count",
    ),
    # Bounce, complaint and delivery reports from the email provider (basic-auth secret).
    path("anymail/", include("anymail.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("campaigns.urls")),
    path("", include("core.urls")),
    path("", include("representatives.urls")),
    path("", include("legislation.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    prefix_default_language=False,
)

# Uploaded images (hero images, logos) on a local machine; in production the proxy or
# object storage in front of the app serves MEDIA_URL.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
