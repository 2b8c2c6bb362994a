from django.core.cache import cache

from .models import Edition

# Editions change a few times a year but every page needs one: keep the list in the cache.
# Saving or deleting an edition clears it (editions.apps); the timeout bounds staleness for
# other processes when the cache is per process (no REDIS_URL).
EDITIONS_CACHE_KEY = "editions:all:v1"
EDITIONS_CACHE_SECONDS = 60


def all_editions() -> list[Edition]:
    """Every edition, latest first."""
    return cache.get_or_set(
        EDITIONS_CACHE_KEY, lambda: list(Edition.objects.order_by("-start_date")), EDITIONS_CACHE_SECONDS
    )


def current_edition() -> Edition | None:
    """The edition flagged current, else the latest one."""
    editions = all_editions()
    return next((edition for edition in editions if edition.is_current), editions[0] if editions else None)


def forget_editions(**kwargs) -> None:
    cache.delete(EDITIONS_CACHE_KEY)
