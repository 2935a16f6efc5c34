"""anymail's test backend, minus the outbox: it counts what it is handed and keeps nothing.

The stock test backend appends every message to an in-memory list (and finds each
message's id by searching it), which would make a 100,000-recipient benchmark measure
the benchmark itself.
"""

import itertools

from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.message import AnymailRecipientStatus

_ids = itertools.count(1)


class EmailBackend(AnymailTestBackend):
    def post_to_esp(self, payload, message):
        # The payload is built as for a real provider; only the outbox is skipped.
        payload.get_params()
        status = AnymailRecipientStatus(message_id=f"bench-{next(_ids)}", status="sent")
        return {"recipient_status": {email: status for email in payload.recipient_emails}}
