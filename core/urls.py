from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("styleguide/", views.styleguide, name="styleguide"),
    path("outbox/", views.outbox_list, name="outbox_list"),
    path("outbox/<int:pk>/", views.outbox_detail, name="outbox_detail"),
    path("outbox/<int:pk>/html/", views.outbox_html, name="outbox_html"),
]
