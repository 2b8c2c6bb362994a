"""Who may do what, per edition. Views, templates and the admin all ask these functions.

Each function takes a user (possibly anonymous) and an edition and answers a yes/no question. The
first call per request loads the person's roles for that edition in one query and keeps them on the
user object, so templates can ask many times for free.
"""

from .models import Edition, EditionRole, RoleKind


def role_kinds(user, edition: Edition | None) -> frozenset[str]:
    if edition is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault("_edition_role_cache", {})
    if edition.pk not in cache:
        cache[edition.pk] = frozenset(
            EditionRole.objects.filter(user=user, edition=edition).values_list("kind", flat=True)
        )
    return cache[edition.pk]


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
