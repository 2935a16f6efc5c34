"""Reads for campaign pages: lists, details, counts and the public signer list.

Every list page runs a fixed number of queries whatever the number of campaigns or
signatures: relations are fetched with select_related/prefetch_related, and counts come
from counter columns, never from COUNT over signatures.
"""
