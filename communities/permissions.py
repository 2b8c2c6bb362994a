from editions.models import Edition
from editions.roles import is_staff, responsible_community_ids

from .models import Community


def is_responsible_person(user, edition: Edition | None, community: Community | int | None = None) -> bool:
    ids = responsible_community_ids(user, edition)
    if community is None:
        return bool(ids)
    return (community if isinstance(community, int) else community.pk) in ids


def can_edit_community(user, community: Community, edition: Edition | None) -> bool:
    return is_staff(user, edition) or is_responsible_person(user, edition, community)


def can_see_history(user, community: Community, edition: Edition | None) -> bool:
    """Staff see every community's history; responsible persons their own communities'."""
    return can_edit_community(user, community, edition)


def can_manage_responsible_persons(user, edition: Edition) -> bool:
    """Staff name responsible persons: of that edition, or of the current one (last year's pages)."""
    from editions.selectors import current_edition

    return is_staff(user, edition) or is_staff(user, current_edition())
