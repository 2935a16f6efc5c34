"""Read an importer's input from a local path or an http(s) URL."""

import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from core.exceptions import SourceUnavailable

TIMEOUT_SECONDS = 60


def source_join(location: str, name: str) -> str:
    """Return `name` inside a folder path or a base URL."""
    if urlsplit(location).scheme in {"http", "https"}:
        return location.rstrip("/") + "/" + name
    return str(Path(location) / name)


def source_read(location: str) -> bytes:
    """Return the bytes at a local path or an http(s) URL."""
    scheme = urlsplit(location).scheme
    try:
        if scheme in {"http", "https"}:
            with urllib.request.urlopen(location, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked above
                return response.read()
        if scheme:
            raise SourceUnavailable(f"{location}: only local paths and http(s) URLs are read")
        return Path(location).read_bytes()
    except OSError as exc:
        raise SourceUnavailable(f"{location}: {exc}") from exc
