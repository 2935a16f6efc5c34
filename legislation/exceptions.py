class LegislationError(Exception):
    """Base for errors the legislation services raise."""


class InvalidAlertToken(LegislationError):
    """A confirm or unsubscribe link is malformed, tampered with or expired."""


class InvalidFollow(LegislationError):
    """A follow request names nothing we can follow, or has a bad email address."""


class TransientSendError(LegislationError):
    """The email provider failed in a way that trying again later may fix."""


class InvalidAlertEvent(LegislationError):
    """News to record for alerts is of an unknown kind, or names no follow key."""
