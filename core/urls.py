from django.urls import path
from django.utils.translation import pgettext_lazy

from core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        pgettext_lazy("URL path", "organisations/"),
        views.organisation_list,
        name="organisation_list",
    ),
    path(
        pgettext_lazy("URL path", "organisations/<slug:slug>/"),
        views.organisation_detail,
        name="organisation_detail",
    ),
    path("styleguide/", views.styleguide, name="styleguide"),
    path("outbox/", views.outbox_list, name="outbox_list"),
    path("outbox/<int:pk>/", views.outbox_detail, name="outbox_detail"),
    path("outbox/<int:pk>/html/", views.outbox_html, name="outbox_html"),
]
