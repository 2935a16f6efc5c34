"""Browsing: the home page, campaigns, issue pages and organisations."""

from django.http import Http404, HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    raise Http404


def campaign_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def issue_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def issue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def organisation_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
