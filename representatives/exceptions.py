class RepresentativesError(Exception):
    """Base for errors the officials services raise."""


class SourceUnavailable(RepresentativesError):
    """An import source could not be read."""


class InvalidZip(RepresentativesError):
    """The ZIP code is not five digits (optionally with +4)."""


class UnknownZip(RepresentativesError):
    """The ZIP code is well formed but no US congressional district contains it."""
