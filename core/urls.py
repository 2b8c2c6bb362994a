"""Absolute addresses, built from the one setting that says where the site lives."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (e.g. from reverse() or get_absolute_url()) as people outside the site reach it."""
    return f"{settings.SITE_URL}{path}"


# An id no <int:pk> converter refuses and no real address contains: reversed once, then replaced.
PK_PLACEHOLDER = 987654321


def address_for_pk(name: str):
    """A function pk -> the address of URL `name` for that pk: one reverse() for a whole list."""
    from django.urls import reverse

    prefix, suffix = reverse(name, args=[PK_PLACEHOLDER]).rsplit(str(PK_PLACEHOLDER), 1)
    return lambda pk: f"{prefix}{pk}{suffix}"
