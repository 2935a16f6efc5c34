from django.urls import path
from django.utils.translation import pgettext_lazy

from representatives import views

app_name = "representatives"

urlpatterns = [
    path(pgettext_lazy("URL path", "officials/"), views.find_officials, name="find"),
    path(
        pgettext_lazy("URL path", "officials/letters/<str:token>/"),
        views.delivery_handoff,
        name="delivery_handoff",
    ),
    path(
        pgettext_lazy("URL path", "officials/<slug:key>/"),
        views.official_detail,
        name="official_detail",
    ),
    path(
        pgettext_lazy("URL path", "officials/states/<str:abbr>/"),
        views.state_detail,
        name="state_detail",
    ),
]
