from django.conf import settings
from django.core.cache import cache

from core.page_cache import version
from editions.models import Edition
from editions.roles import ROLES, is_staff

from .models import Community, ResponsiblePerson


def responsible_community_ids(user, edition: Edition | None) -> frozenset[int]:
    """Communities this person is responsible for in the edition; loaded once per request."""
    if edition is None or not user.is_authenticated:
        return frozenset()
    memo = user.__dict__.setdefault("_responsible_cache", {})
    if edition.pk not in memo:
        key = f"responsible:{version(ROLES)}:{user.pk}:{edition.pk}"
        memo[edition.pk] = cache.get_or_set(
            key,
            lambda: frozenset(
                ResponsiblePerson.objects.filter(user=user, edition=edition).values_list("community_id", flat=True)
            ),
            settings.PAGE_CACHE_SECONDS,  # a per-process cache only hears its own process's changes
        )
    return memo[edition.pk]


def is_responsible_person(user, edition: Edition | None, community: Community | int | None = None) -> bool:
    ids = responsible_community_ids(user, edition)
    if community is None:
        return bool(ids)
    return (community if isinstance(community, int) else community.pk) in ids


def can_edit_community(user, community: Community, edition: Edition | None) -> bool:
    return is_staff(user, edition) or is_responsible_person(user, edition, community)
