from django.urls import path
from django.utils.translation import pgettext_lazy

from legislation import views

app_name = "legislation"

urlpatterns = [
    path(pgettext_lazy("URL path", "bills/"), views.bill_list, name="bill_list"),
    path(
        pgettext_lazy("URL path", "bills/<slug:jurisdiction>/<slug:session>/<slug:identifier>/"),
        views.bill_detail,
        name="bill_detail",
    ),
    path(pgettext_lazy("URL path", "alerts/"), views.alert_follow, name="alert_follow"),
    path(
        pgettext_lazy("URL path", "alerts/check-your-email/"),
        views.alert_follow_sent,
        name="alert_follow_sent",
    ),
    path(
        pgettext_lazy("URL path", "alerts/confirm/<str:token>/"),
        views.alert_confirm,
        name="alert_confirm",
    ),
    path(
        pgettext_lazy("URL path", "alerts/unsubscribe/<str:token>/"),
        views.alert_unsubscribe,
        name="alert_unsubscribe",
    ),
    path(
        pgettext_lazy("URL path", "state-laws/<slug:slug>/"),
        views.law_topic,
        name="law_topic",
    ),
]
