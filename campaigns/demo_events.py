"""Demo rows for the events actions, in the project's own words (called by campaigns.demo)."""

from collections.abc import Callable


def seed(*, log: Callable[[str], None]) -> None:
    """Load this area's demo rows; running it again changes nothing."""
