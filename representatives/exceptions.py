class RepresentativesError(Exception):
    """Base for errors the officials services raise."""


class InvalidZip(RepresentativesError):
    """The ZIP code is not five digits (optionally with +4)."""


class InvalidAddress(RepresentativesError):
    """The street address cannot be looked up as given (too long, several lines)."""


class UnknownZip(RepresentativesError):
    """The ZIP code is well formed but no US congressional district contains it."""


class InvalidMessage(RepresentativesError):
    """A message to an official has a field it cannot be sent with."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class TransientDeliveryError(RepresentativesError):
    """The email provider failed in a way worth retrying (rate limit, 5xx, network)."""


class GeocoderUnavailable(RepresentativesError):
    """The geocoding service did not answer, or answered with something unreadable."""


class PermanentDeliveryError(RepresentativesError):
    """The channel refused the message in a way retrying will not change."""
