class CoreError(Exception):
    """Base for errors the core services raise."""


class InvalidEmailHeader(CoreError):
    """A value meant for a single-line email header holds a line break."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field} must be a single line")
        self.field = field


class SourceUnavailable(CoreError):
    """An import source (a local path or an http(s) URL) could not be read."""
