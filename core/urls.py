"""Absolute addresses, built from the one setting that says where the site lives."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (e.g. from reverse() or get_absolute_url()) as people outside the site reach it."""
    return f"{settings.SITE_URL}{path}"


# An id no <int:pk> converter refuses and no real address contains: reversed once, then replaced.
PK_PLACEHOLDER = 987654321
# The same for a <slug:...> argument.
SLUG_PLACEHOLDER = "slug-placeholder-987654321"


def _address_for(name: str, placeholder):
    from django.urls import reverse

    prefix, suffix = reverse(name, args=[placeholder]).rsplit(str(placeholder), 1)
    return lambda argument: f"{prefix}{argument}{suffix}"


def address_for_pk(name: str):
    """A function pk -> the address of URL `name` for that pk: one reverse() for a whole list."""
    return _address_for(name, PK_PLACEHOLDER)


def address_for_slug(name: str):
    """A function slug -> the address of URL `name` for that slug: one reverse() for a whole list."""
    return _address_for(name, SLUG_PLACEHOLDER)
