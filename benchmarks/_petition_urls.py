"""The app's URLs plus the two bare Django views the petition benchmark compares with.

They run on the same server, through the same middleware (sessions, CSRF, locale, CSP),
and do the least a page and a sign-up could do: read a counter and render a small
template; insert one row and bump a counter. Their tables belong to the benchmark
(created by petition_load.py in its throwaway database), so no app carries them.
"""

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from advocacy_hub.urls import urlpatterns as app_urlpatterns

CREATE_TABLES = """
    CREATE TABLE IF NOT EXISTS bench_counter (id integer PRIMARY KEY, value bigint NOT NULL);
    INSERT INTO bench_counter (id, value) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
    CREATE TABLE IF NOT EXISTS bench_row (
        id bigserial PRIMARY KEY, email varchar(254) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    );
"""

# Compiled once, as the cached template loader keeps a template file.
PAGE = engines["django"].from_string(
    """{% load i18n %}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{% translate "Counter" %}</title></head>
<body><main><h1>{% translate "Counter" %}</h1><p><strong>{{ value }}</strong> rows</p></main></body>
</html>
"""
)


@require_GET
def bare_page(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM bench_counter WHERE id = 1")
        (value,) = cursor.fetchone()
    return HttpResponse(PAGE.render({"value": value}, request))


@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_row (email) VALUES (%s)", [request.POST.get("email", "")[:254]]
        )
        cursor.execute("UPDATE bench_counter SET value = value + 1 WHERE id = 1")
    return redirect("bare_page")


urlpatterns = [
    path("bench/page", bare_page, name="bare_page"),
    path("bench/insert", bare_insert, name="bare_insert"),
    *app_urlpatterns,
]
