"""Signed keys for the pages an advocate reaches from their email, and nothing else."""

from datetime import date

from django.core import signing

HANDOFF_SALT = "representatives.delivery-handoff"
HANDOFF_DAYS = 90


def handoff_token(*, delivery_id: int, until: date) -> str:
    """Return the signed key of a delivery's hand-off page, good until a date.

    It goes only to the advocate (in their receipt email) and opens only their letter,
    so it carries no name and expires.
    """
    return signing.Signer(salt=HANDOFF_SALT).sign_object({"d": delivery_id, "u": until.isoformat()})


def handoff_token_read(token: str) -> tuple[int, date]:
    """Return (delivery id, valid until) from a token; raise BadSignature if forged."""
    try:
        payload = signing.Signer(salt=HANDOFF_SALT).unsign_object(token)
        return int(payload["d"]), date.fromisoformat(payload["u"])
    except (KeyError, TypeError, ValueError) as exc:
        raise signing.BadSignature("malformed hand-off token") from exc
