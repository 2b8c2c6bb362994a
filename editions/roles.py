"""Who may do what, per edition. Views, templates and the admin all ask these functions.

Each function takes a user (possibly anonymous) and an edition and answers a yes/no question. The
first call per request loads the person's roles for that edition in one query and keeps them on the
user object, so templates can ask many times for free.
"""

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from core.page_cache import PUBLIC_PAGES, person_pages, versions

from .models import Edition, EditionRole, RoleKind

# The cache namespace of role answers: bumped when a role or a responsibility changes.
ROLES = "roles"


def cached_answer(name: str, user, edition: Edition, compute):
    """A per-person, per-edition role answer: memoised on the user object for the request, and in the
    shared cache (when ROLE_CACHE_SECONDS allows) under the ROLES version, which every change bumps."""
    memo = user.__dict__.setdefault(f"_{name}_cache", {})
    if edition.pk not in memo:
        if settings.ROLE_CACHE_SECONDS:
            # The versions the rest of a request reads too (its page copy, the person's own parts), in the
            # same round trip as the roles' own: this runs first on every request of a logged-in person.
            roles_version = versions(ROLES, PUBLIC_PAGES, person_pages(user.pk))[0]
            key = f"{name}:{roles_version}:{user.pk}:{edition.pk}"
            memo[edition.pk] = cache.get_or_set(key, compute, settings.ROLE_CACHE_SECONDS)
        else:
            memo[edition.pk] = compute()
    return memo[edition.pk]


# Responsibilities for a community come back from the same query as "responsible:<community id>".
RESPONSIBLE_PREFIX = "responsible:"


def _load_roles(user, edition: Edition) -> frozenset[str]:
    # Looked up by name: communities builds on editions, not the other way round.
    responsible_persons = apps.get_model("communities", "ResponsiblePerson").objects
    kinds = EditionRole.objects.filter(user=user, edition=edition).values_list("kind", flat=True)
    responsibilities = (
        responsible_persons.filter(user=user, edition=edition)
        .annotate(kind=Concat(Value(RESPONSIBLE_PREFIX), Cast("community_id", CharField())))
        .values_list("kind", flat=True)
    )
    return frozenset(kinds.union(responsibilities, all=True))


def role_kinds(user, edition: Edition | None) -> frozenset[str]:
    """Everything the person is in the edition: role kinds, and "responsible:<id>" per community.
    One query per person and edition per request (or none, from the shared cache)."""
    if edition is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    return cached_answer("roles", user, edition, lambda: _load_roles(user, edition))


def responsible_community_ids(user, edition: Edition | None) -> frozenset[int]:
    return frozenset(
        int(kind.removeprefix(RESPONSIBLE_PREFIX))
        for kind in role_kinds(user, edition)
        if kind.startswith(RESPONSIBLE_PREFIX)
    )


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

    @property
    def is_responsible_person(self) -> bool:
        return bool(responsible_community_ids(self.user, self.edition))
