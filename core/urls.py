"""Absolute addresses, built from the one setting that says where the site lives."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (e.g. from reverse() or get_absolute_url()) as people outside the site reach it."""
    return f"{settings.SITE_URL}{path}"
