from celery import shared_task

from core import services


@shared_task
def sessions_clear() -> None:
    """Delete expired sessions (on the beat schedule)."""
    services.sessions_clear()


@shared_task
def email_check_send(*, to: str, language: str) -> None:
    """Send the operators' check email (proves broker, worker and email together)."""
    services.email_check_send(to=to, language=language)
