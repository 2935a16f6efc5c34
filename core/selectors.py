from contextlib import suppress
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from core.models import Organisation, OutboxMessage, SuppressedAddress, email_hash

OK = "ok"
UNAVAILABLE = "unavailable"
NOT_CONFIGURED = "not configured"


@dataclass(frozen=True)
class HealthReport:
    database: str
    broker: str

    @property
    def healthy(self) -> bool:
        return self.database == OK and self.broker in (OK, NOT_CONFIGURED)

    def as_dict(self) -> dict[str, str]:
        return {"database": self.database, "broker": self.broker}


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The next request must get a fresh connection, not this broken one.
        with suppress(DatabaseError):
            connection.close()
        return UNAVAILABLE
    return OK


def _broker_status(*, timeout: float) -> str:
    if not settings.CELERY_BROKER_URL:
        return NOT_CONFIGURED
    from advocacy_hub.celery import app

    try:
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
            # Connecting can be lazy; a channel makes the transport really talk.
            conn.default_channel  # noqa: B018
    except Exception:  # any transport error means "not answering"
        return UNAVAILABLE
    return OK


def health_report(*, timeout: float = 2.0) -> HealthReport:
    """Say whether the database and (if configured) the broker answer."""
    return HealthReport(database=_database_status(), broker=_broker_status(timeout=timeout))


def organisation_list() -> QuerySet[Organisation]:
    """Return every organisation, by name."""
    return Organisation.objects.order_by("name")


def organisation_get(*, slug: str) -> Organisation:
    """Return the organisation with this slug, or raise Http404."""
    return get_object_or_404(Organisation, slug=slug)


def outbox_list() -> QuerySet[OutboxMessage]:
    """Return the locally kept emails, newest first."""
    return OutboxMessage.objects.order_by("-created_at", "-pk")


def address_is_suppressed(*, email: str) -> bool:
    """Whether an address is on the suppression list (erased, or refused by its owner)."""
    # Raw SQL: every signature and alert sign-up asks, and building the ORM query cost
    # more than the index lookup it makes.
    sql = "SELECT 1 FROM {table} WHERE {column} = %s LIMIT 1".format(  # noqa: S608 - model names
        table=connection.ops.quote_name(SuppressedAddress._meta.db_table),
        column=connection.ops.quote_name(SuppressedAddress._meta.get_field("email_hash").column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [email_hash(email)])
        return cursor.fetchone() is not None
