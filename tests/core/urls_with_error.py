"""The project's URLs plus one view that fails, to exercise the 500 page."""

from django.urls import path

from advocacy_hub.urls import urlpatterns as project_urlpatterns


def _boom(request):
    raise RuntimeError("an unexpected failure")


urlpatterns = [path("boom/", _boom), *project_urlpatterns]
