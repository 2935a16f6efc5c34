from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.utils import timezone

from core.emails import email_build
from core.exceptions import InvalidEmailHeader
from core.models import SuppressedAddress, email_hash


def admin_ensure(*, username: str, password: str, log: Callable[[str], None]) -> None:
    """Create a superuser once; never reset a password someone has since changed."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        return
    user_model.objects.create_superuser(
        username=username, email=f"{username}@localhost", password=password
    )
    log(f"Created admin account '{username}'.")


def sessions_clear() -> int:
    """Delete expired sessions and return how many went."""
    deleted, _details = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def single_line_check(value: str, *, field: str) -> str:
    """Return the value, or raise InvalidEmailHeader if it would break an email header."""
    if "\r" in value or "\n" in value:
        raise InvalidEmailHeader(field)
    return value


def email_check_send(*, to: str, language: str = settings.LANGUAGE_CODE) -> None:
    """Send a short email that proves the whole sending path works."""
    to = single_line_check(to, field="to")
    email_build(
        template="core/email_check",
        context={"now": timezone.localdate()},
        to=[to],
        language=language,
    ).send()


def email_check_queue(*, to: str, language: str = settings.LANGUAGE_CODE) -> None:
    """Queue the check email for a worker once the surrounding transaction commits."""
    from core.tasks import email_check_send as task

    to = single_line_check(to, field="to")
    transaction.on_commit(lambda: task.delay(to=to, language=language))


def row_upsert[M: models.Model](
    *, model: type[M], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[M, bool]:
    """Create the row, or bring it up to date; return it and whether anything was written.

    Unlike `update_or_create` it saves only when a value differs, so importers and the
    demo data can be re-run without touching timestamps or creating history.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=[*changed, *_auto_now_fields(model)])
    return obj, bool(changed)


def _auto_now_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]


def address_suppress(*, email: str, reason: str) -> SuppressedAddress:
    """Put an address on the suppression list, as a hash; it is never mailed again."""
    suppressed, _created = SuppressedAddress.objects.get_or_create(
        email_hash=email_hash(email), defaults={"reason": reason[:100]}
    )
    return suppressed
