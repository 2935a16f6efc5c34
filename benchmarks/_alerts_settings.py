"""Test settings with anymail's test backend, counting only, for the fan-out benchmark."""

from advocacy_hub.settings.test import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "benchmarks._counting_mail.EmailBackend"}}
