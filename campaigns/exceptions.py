class CampaignsError(Exception):
    """Base for errors the campaigns services raise."""


class PetitionClosed(CampaignsError):
    """The petition takes no signatures: its campaign is not live, or it ended or closed."""


class InvalidSignatureToken(CampaignsError):
    """A confirmation link is malformed, tampered with, expired, or names no signature."""


class NoOfficialsFound(CampaignsError):
    """An address gives no officials to contact: a malformed or unknown ZIP code."""


class ActionClosed(CampaignsError):
    """The action takes part no more: its campaign is not live, or it ended or closed."""


class LetterInvalid(CampaignsError):
    """A letter breaks its action's rules: too long, empty, or without the personal words."""

    def __init__(self, target_id: int, message: str) -> None:
        super().__init__(message)
        self.target_id = target_id


class InvalidLetterToken(CampaignsError):
    """A letter receipt link is malformed, tampered with, expired, or names nobody."""


class InvalidConsentsToken(CampaignsError):
    """A consents link is malformed, tampered with, expired, or names nothing taken part in."""


class EventNotOpen(CampaignsError):
    """The event takes no RSVPs: it is not approved, or it has begun."""


class EventReviewRefused(CampaignsError):
    """The event's status does not allow that review step (approving a rejected event)."""


class InvalidEventToken(CampaignsError):
    """A host's link is malformed, tampered with, expired, or names no event."""


class InvalidPledgeToken(CampaignsError):
    """A postcard link is malformed, tampered with, expired, or names no pledge."""


class PledgeTargetsInvalid(CampaignsError):
    """A postcard pledge chose no one, or someone its address's officials do not include."""
