"""Who may set a community's contact sharing and see the people who shared their contact with it."""

from communities.permissions import can_edit_community


def can_manage_contact_sharing(user, community, edition) -> bool:
    """The community's responsible persons of the edition (the current one) and its organizing team."""
    return user.is_authenticated and can_edit_community(user, community, edition)
