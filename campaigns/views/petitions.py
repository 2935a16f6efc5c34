"""Petitions: the signing page, its confirmation, the embed widget and the print view."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse


def petition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def petition_signed(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def petition_embed(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def petition_print(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404


def signature_confirm(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404


def api_petition_count(request: HttpRequest, slug: str) -> JsonResponse:
    raise Http404
