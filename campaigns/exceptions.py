class CampaignsError(Exception):
    """Base for errors the campaigns services raise."""


class PetitionClosed(CampaignsError):
    """The petition takes no signatures: its campaign is not live, or it ended or closed."""


class InvalidSignatureToken(CampaignsError):
    """A confirmation link is malformed, tampered with, expired, or names no signature."""


class NoOfficialsFound(CampaignsError):
    """An address gives no officials to contact: a malformed or unknown ZIP code."""
