"""Who may do what, per edition. Views, templates and the admin all ask these functions.

Each function takes a user (possibly anonymous) and an edition and answers a yes/no question. The
first call per request loads the person's roles for that edition in one query and keeps them on the
user object, so templates can ask many times for free.
"""

from django.conf import settings
from django.core.cache import cache

from core.page_cache import version

from .models import Edition, EditionRole, RoleKind

# The cache namespace of role answers: bumped when a role or a responsibility changes.
ROLES = "roles"


def role_kinds(user, edition: Edition | None) -> frozenset[str]:
    if edition is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    memo = user.__dict__.setdefault("_edition_role_cache", {})
    if edition.pk not in memo:
        # Every logged-in page asks; roles change rarely. Shared cache, cleared by any role change.
        key = f"roles:{version(ROLES)}:{user.pk}:{edition.pk}"
        memo[edition.pk] = cache.get_or_set(
            key,
            lambda: frozenset(EditionRole.objects.filter(user=user, edition=edition).values_list("kind", flat=True)),
            settings.PAGE_CACHE_SECONDS,  # a per-process cache only hears its own process's changes
        )
    return memo[edition.pk]


def is_superuser(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def is_staff(user, edition: Edition | None) -> bool:
    """The organizing team of the edition (and superusers)."""
    return is_superuser(user) or RoleKind.STAFF in role_kinds(user, edition)


def is_desk_operator(user, edition: Edition | None) -> bool:
    """May work the volunteer service desk: operators, and staff who step in."""
    return is_staff(user, edition) or RoleKind.DESK in role_kinds(user, edition)


class Roles:
    """The role questions for one person and edition, shaped for templates: `{% if roles.is_staff %}`."""

    def __init__(self, user, edition: Edition | None):
        self.user = user
        self.edition = edition

    @property
    def is_staff(self) -> bool:
        return is_staff(self.user, self.edition)

    @property
    def is_desk_operator(self) -> bool:
        return is_desk_operator(self.user, self.edition)
